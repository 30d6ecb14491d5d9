import { taskKind } from "../services/task-kind.js";

/**
 * The Wait states of lock acquire loops (`…-poll`): those in the same branch as a lock call. They pause
 * between tries at a lock another run holds, which runs on the real clock, so `--time-scale` must not
 * shorten them (at 0 a waiting run would use up its tries at once).
 */
export function lockPollWaits(definition: unknown): Set<string> {
  const found = new Set<string>();
  const visit = (machine: unknown): void => {
    const states = isRecord(machine) && isRecord(machine.States) ? machine.States : {};
    const entries = Object.entries(states).filter((entry): entry is [string, Record<string, unknown>] =>
      isRecord(entry[1]),
    );
    const locks = entries.some(([, state]) => state.Type === "Task" && taskKind(state.Resource) === "lock");
    for (const [name, state] of entries) {
      if (locks && state.Type === "Wait") found.add(name);
      if (state.Type === "Parallel" && Array.isArray(state.Branches))
        for (const branch of state.Branches) visit(branch);
      if (state.Type === "Map") visit(state.ItemProcessor ?? state.Iterator);
    }
  };
  visit(definition);
  return found;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
