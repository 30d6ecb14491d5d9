import { TaskFailure } from "../interpreter/execute-asl.js";

/**
 * A Task state batchflow cannot serve on this machine: a Resource it does not know, or Parameters of a
 * known integration in a shape batchflow never emits. Either is a bug (in batchflow or in a hand-edited
 * definition), so the message says which state and what was wrong, with its code.
 */
export function unsupportedTask(state: string, problem: string): TaskFailure {
  return new TaskFailure(
    "Batchflow.UnsupportedTask",
    `BF1532: Task state "${state}" cannot run locally: ${problem}. batchflow emits every Task state it runs; this is a bug in batchflow, please report it with the workflow`,
  );
}
