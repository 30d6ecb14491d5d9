import { assertNever, type ResolvedFlow } from "@batchflow/core";

/**
 * What a Distributed Map fails with when its items fail (beyond its tolerated failure, zero by
 * default): the items' own errors stay in their child executions.
 */
export const mapFailedError = "States.ExceedToleratedFailureThreshold";

/**
 * The names a catch of `errors` on `flow` must list so that it also catches a Distributed Map
 * inside failing because its items failed: on AWS the items' errors (`States.TaskFailed`, your
 * own, …) stay in their child executions, and what a catch of them means is that failure.
 * (`States.ALL` matches it already.)
 */
export function withMapFailure(errors: ReadonlyArray<string>, flow: ResolvedFlow): ReadonlyArray<string> {
  if (errors.includes("States.ALL") || errors.includes(mapFailedError)) return errors;
  return hasDistributedMap(flow, false) ? [...errors, mapFailedError] : errors;
}

/** Whether a distributed map's failure can end `flow` (its own catch handlers' failures aside). */
function hasDistributedMap(flow: ResolvedFlow, withHandlers: boolean): boolean {
  if (withHandlers && flow.catch.some((c) => hasDistributedMap(c.handler, true))) return true;
  switch (flow.kind) {
    case "job":
      return false;
    case "sequence":
      return flow.steps.some((s) => hasDistributedMap(s, true));
    case "parallel":
      return flow.branches.some((b) => hasDistributedMap(b, true));
    case "map":
      return flow.distributed || hasDistributedMap(flow.body, true);
    default:
      return assertNever(flow);
  }
}
