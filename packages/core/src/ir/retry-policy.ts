import type { DurationInput } from "../duration/duration.js";
import type { SourceSite } from "../source/source-site.js";
import type { ErrorName } from "./error-name.js";

/**
 * What `.retry()` takes; every field maps 1:1 to an ASL retrier. `E` is the error names of
 * `on`, so that `.retry()` can refuse a misspelt `States.*` name at compile time.
 */
export interface RetryPolicyInput<E extends string = ErrorName> {
  /** Error names to retry on. Default `["States.ALL"]`. ASL: `ErrorEquals`. */
  readonly on?: ReadonlyArray<E>;
  /** Wait before the first retry. Default `"1s"`. ASL: `IntervalSeconds`. */
  readonly interval?: DurationInput;
  /** Most retries after the first attempt; 0 = none. Default 3. ASL: `MaxAttempts`. */
  readonly maxAttempts?: number;
  /** Multiplier on the interval per retry, at least 1. Default 2. ASL: `BackoffRate`. */
  readonly backoff?: number;
  /** Cap on any one wait. ASL: `MaxDelaySeconds`. */
  readonly maxDelay?: DurationInput;
  /** `"full"` randomises each wait between 0 and its computed value. ASL: `JitterStrategy`. */
  readonly jitter?: "full" | "none";
}

export interface RetryPolicyNode extends RetryPolicyInput {
  readonly site?: SourceSite | undefined;
}
