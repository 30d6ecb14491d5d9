import type { AslEvent } from "../interpreter/execute-asl.js";
import type { RunEvent } from "./run-events.js";

/**
 * An interpreter event as a run event. The execution's own start and end events are left out:
 * `runWorkflow` reports those itself, the end only once every job is gone. `lastError` gives the error
 * a state failed with, for its StateCaught event; `internal` marks batchflow's own lock and
 * notification states.
 */
export function runEventOf(
  event: AslEvent,
  lastError: (state: string) => string,
  internal: ReadonlySet<string> = new Set(),
): RunEvent | undefined {
  const runEvent = stateEventOf(event, lastError);
  if (runEvent === undefined || !("stateType" in runEvent) || !internal.has(runEvent.state)) return runEvent;
  return { ...runEvent, internal: true };
}

function stateEventOf(event: AslEvent, lastError: (state: string) => string): RunEvent | undefined {
  const time = event.timestamp;
  switch (event.type) {
    case "StateEntered":
    case "StateExited":
      return { type: event.type, time, state: event.state.name, stateType: event.state.type };
    case "StateFailed":
      return {
        type: "StateFailed",
        time,
        state: event.state.name,
        stateType: event.state.type,
        error: event.Error,
        cause: typeof event.Cause === "string" ? event.Cause : (JSON.stringify(event.Cause) ?? ""),
      };
    case "StateRetried":
      return {
        type: "StateRetried",
        time,
        state: event.state.name,
        stateType: event.state.type,
        retry: event.retry.attempt,
        maxAttempts: event.retry.retrier.MaxAttempts ?? 3,
      };
    case "StateCaught":
      return {
        type: "StateCaught",
        time,
        state: event.state.name,
        stateType: event.state.type,
        error: lastError(event.state.name),
        next: event.catch.catcher.Next,
      };
    case "ParallelBranchStarted":
    case "ParallelBranchSucceeded":
    case "ParallelBranchFailed":
    case "MapIterationStarted":
    case "MapIterationSucceeded":
    case "MapIterationFailed":
      return { type: event.type, time, state: event.parentState.name };
    default:
      return undefined;
  }
}
