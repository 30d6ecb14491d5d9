import type { CatalogRetrier } from "./job-catalog.js";

/** A retry the interpreter is about to make. */
export interface ForecastRetry {
  /** 1-based number of this retry of its retrier, and that retrier's MaxAttempts. */
  readonly retry: number;
  readonly maxAttempts: number;
  /** The pause before it, in ms (an upper bound when `jitter`). */
  readonly delayMs: number;
  readonly jitter: boolean;
}

/**
 * Tells, when a job's attempt has failed, whether and when it will be retried, so progress can show
 * "retrying 1/2 in 3 s" during the pause (the interpreter reports the retry only once the pause is over).
 * Display only: it follows the interpreter's matching rules, but nothing is decided from it.
 */
export class RetryForecast {
  readonly #counts = new Map<string, number[]>();

  constructor(
    private readonly retriers: (state: string) => ReadonlyArray<CatalogRetrier>,
    private readonly noRetryDelay: boolean,
  ) {}

  /** The state was entered afresh: its retry counts start over. */
  entered(state: string): void {
    this.#counts.delete(state);
  }

  /**
   * The Task state failed with `error` (`States.TaskFailed` does not match `States.Timeout`, and
   * nothing matches `States.Runtime`).
   */
  failed(state: string, error: string): ForecastRetry | undefined {
    // A runtime error (a path that finds no value, say) ends the state whatever its retriers say.
    if (error === "States.Runtime") return undefined;
    const retriers = this.retriers(state);
    const counts = this.#counts.get(state) ?? retriers.map(() => 0);
    this.#counts.set(state, counts);
    for (const [i, r] of retriers.entries()) {
      const matches = r.ErrorEquals.some(
        (e) => e === error || e === "States.ALL" || (e === "States.TaskFailed" && error !== "States.Timeout"),
      );
      if (!matches) continue;
      const maxAttempts = r.MaxAttempts ?? 3;
      const done = counts[i] ?? 0;
      if (done >= maxAttempts) return undefined;
      counts[i] = done + 1;
      const seconds = Math.min(
        (r.IntervalSeconds ?? 1) * (r.BackoffRate ?? 2) ** done,
        r.MaxDelaySeconds ?? Number.POSITIVE_INFINITY,
      );
      return {
        retry: done + 1,
        maxAttempts,
        delayMs: this.noRetryDelay ? 0 : seconds * 1000,
        jitter: r.JitterStrategy === "FULL",
      };
    }
    return undefined;
  }
}
