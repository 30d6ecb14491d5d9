import { groupErrors } from "@batchflow/aws";
import { collectStates } from "../interpreter/execute-asl.js";
import { lockPollWaits } from "../lock/lock-poll-waits.js";
import { isRecord } from "./job-catalog.js";

/** What to give the interpreter so that retry intervals and Wait states run `scale` times as long. */
export interface TimeScaled {
  /** The definition to execute: retriers' IntervalSeconds and MaxDelaySeconds scaled. */
  readonly definition: object;
  /** Wait state name -> milliseconds (executeAsl `waitTimeOverrides`). */
  readonly waitTimeOverrides: Readonly<Record<string, number>>;
  /** Every retry without a pause (executeAsl `noRetryDelay`), for scale 0. */
  readonly noRetryDelay: boolean;
}

/**
 * `--time-scale`: 1 runs the definition as it is, 0 removes every retry pause and wait, any other
 * factor multiplies them. The interpreter's `retryIntervalOverrides` takes one fixed value per retrier,
 * which cannot express `BackoffRate`; scaling `IntervalSeconds` and `MaxDelaySeconds` in the executed
 * copy gives exactly `min(Interval × Backoff^n, MaxDelay) × scale` for every attempt n, jitter included.
 *
 * Job timeouts are never scaled, and neither are the Wait states batchflow emits as a group's time
 * budget (a Wait followed by the `Batchflow.GroupTimeout` Fail state): they are timeouts, not pauses.
 * Nor the pauses of a lock's acquire loop: they wait for another run, on the real clock.
 */
export function scaleTime(definition: object, scale: number): TimeScaled {
  if (!(Number.isFinite(scale) && scale >= 0)) throw new RangeError(`time scale must be >= 0, got ${scale}`);
  if (scale === 1) return { definition, waitTimeOverrides: {}, noRetryDelay: false };
  const executed = scale === 0 ? definition : structuredClone(definition);
  const states = collectStates(executed);
  const polls = lockPollWaits(executed);
  const waitTimeOverrides: Record<string, number> = {};
  for (const { name, state } of states) {
    if (state.Type === "Wait" && !isBudgetTimer(state, states) && !polls.has(name)) {
      if (scale === 0) waitTimeOverrides[name] = 0;
      else if (typeof state.Seconds === "number") waitTimeOverrides[name] = state.Seconds * 1000 * scale;
    }
    if (scale !== 0 && Array.isArray(state.Retry)) {
      for (const retrier of state.Retry as Record<string, unknown>[]) {
        retrier.IntervalSeconds =
          (typeof retrier.IntervalSeconds === "number" ? retrier.IntervalSeconds : 1) * scale;
        if (typeof retrier.MaxDelaySeconds === "number") retrier.MaxDelaySeconds *= scale;
      }
    }
  }
  return { definition: executed, waitTimeOverrides, noRetryDelay: scale === 0 };
}

function isBudgetTimer(
  wait: Record<string, unknown>,
  states: ReadonlyArray<{ readonly name: string; readonly state: Record<string, unknown> }>,
): boolean {
  if (typeof wait.Next !== "string") return false;
  const next = states.find((s) => s.name === wait.Next)?.state;
  return isRecord(next) && next.Type === "Fail" && next.Error === groupErrors.timeout;
}
