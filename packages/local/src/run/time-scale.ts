import type { StateRole } from "@batchflow/aws";
import { collectStates } from "../interpreter/execute-asl.js";

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
 * Job timeouts are never scaled, and neither are the Wait states that are a group's time budget
 * (role `group-budget`): they are timeouts, not pauses. A lock's polls are in the workflow's lock
 * machine, which runs as it is: they wait for another run, on the real clock.
 */
export function scaleTime(
  definition: object,
  roles: Readonly<Record<string, StateRole>>,
  scale: number,
): TimeScaled {
  if (!(Number.isFinite(scale) && scale >= 0)) throw new RangeError(`time scale must be >= 0, got ${scale}`);
  if (scale === 1) return { definition, waitTimeOverrides: {}, noRetryDelay: false };
  const executed = scale === 0 ? definition : structuredClone(definition);
  const waitTimeOverrides: Record<string, number> = {};
  for (const { name, state } of collectStates(executed)) {
    if (state.Type === "Wait" && isPause(roles[name])) {
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

/** A Wait of the user's flow; undefined for a definition `compile()` did not make. */
function isPause(role: StateRole | undefined): boolean {
  return role?.kind !== "group-budget";
}
