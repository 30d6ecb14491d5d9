import { collectStates } from "../interpreter/execute-asl.js";
import { lockScopes } from "../lock/lock-scopes.js";
import { isJobState } from "./task-kind.js";

/**
 * The states batchflow adds around the user's flow for locks and notifications: every Task state that
 * is not a job, the acquire and held Parallel states of each lock, and Parallel states that catch into
 * batchflow's own scratch paths (`$.batchflow…`: the notification wrapper). Their failures and catches
 * are the machinery working (a busy lock, a failure on its way to the notification), so progress does
 * not show them as failures of the user's flow.
 */
export function internalStates(definition: unknown): Set<string> {
  const internal = new Set<string>();
  for (const scope of lockScopes(definition).values()) {
    internal.add(scope.acquire);
    if (scope.held !== undefined) internal.add(scope.held);
  }
  for (const { name, state } of collectStates(definition)) {
    if (state.Type === "Task" && !isJobState(state)) internal.add(name);
    const catchers = Array.isArray(state.Catch) ? (state.Catch as Array<{ ResultPath?: unknown }>) : [];
    if (catchers.some((c) => typeof c.ResultPath === "string" && c.ResultPath.startsWith("$.batchflow")))
      internal.add(name);
  }
  return internal;
}
