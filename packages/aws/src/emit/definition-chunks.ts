import type { StateMachine } from "../asl/asl-types.js";
import { type ChunkedText, type SplitRule, serializeChunks } from "../bundle/serialize-chunks.js";

/**
 * The text of `state-machine.asl.json` in chunks (see `serializeChunks`): the parts that grow with
 * the workflow (the machine and each branch, their `States`, Parallel and Map states and their
 * branches) are written member by member, every other state in one piece.
 */
export function serializeDefinition(machine: StateMachine): ChunkedText {
  return serializeChunks(machine, growsWithWorkflow);
}

const growsWithWorkflow: SplitRule = (container, key) =>
  key === undefined ||
  key === "States" ||
  key === "Branches" ||
  key === "ItemProcessor" ||
  "States" in container ||
  "Branches" in container ||
  "ItemProcessor" in container;
