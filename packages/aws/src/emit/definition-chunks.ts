import type { StateMachine } from "../asl/asl-types.js";
import { type ChunkedText, runWeight, serializeChunks, type Weigh } from "../bundle/serialize-chunks.js";

/**
 * The text of `state-machine.asl.json` in chunks (see `serializeChunks`), weighed in states: what
 * holds many states (the machine, a large `States`, a Parallel state of many branches, their
 * `Branches`) is written member by member, and states and small branches in runs of about 32.
 */
export function serializeDefinition(machine: StateMachine): ChunkedText {
  return serializeChunks(machine, states);
}

const states: Weigh = (container, key) => statesIn(container, key, runWeight);

const nestedStates = ["States", "Branches", "ItemProcessor"] as const;

/** The states in a part of a definition, counted up to just past `limit`. */
function statesIn(value: unknown, key: string | number | undefined, limit: number): number {
  if (value === null || typeof value !== "object") return 0;
  const part = value as Record<string, unknown>;
  let count = 0;
  if (Array.isArray(part) || (key === "States" && typeof part.Type !== "string")) {
    // A list of branches, or a map of states (which no state's string Type is in).
    for (const name in part) {
      count += statesIn(part[name], name, limit - count);
      if (count > limit) break;
    }
    return count;
  }
  // A state, a branch, an ItemProcessor or the machine; anything else holds none.
  if (typeof part.Type === "string") {
    // Only a Parallel's or a Map's states hold states.
    if (part.Type !== "Parallel" && part.Type !== "Map") return 1;
    count++;
  }
  for (const field of nestedStates) {
    if (count > limit) break;
    if (field in part) count += statesIn(part[field], field, limit - count);
  }
  return count;
}
