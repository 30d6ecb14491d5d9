import type { DurationInput } from "../duration/duration.js";

/**
 * `flock` for a workflow or a job: at most one holder of a named lock at a time, across every
 * workflow (of any project) in the account and region that names it. A holder whose run has ended
 * without releasing it (stopped, crashed) is taken over by the next run that tries; one that still
 * runs keeps it, however long it runs.
 */
export interface LockOptions {
  /** The lock's name, shared by everything that must not run at the same time, e.g. `"fuga.lock"`. */
  readonly name: string;
  /** How long to keep trying while another execution holds the lock. Default `"0s"` (`flock -n`). */
  readonly wait?: DurationInput;
  /** What a run that could not get the lock in time does. Default `"fail"`, as `flock` does. */
  readonly onBusy?: "skip" | "fail";
  /** Pause between tries while waiting. Default: 5 s (less for short waits; more when `wait` would need over 250 tries). */
  readonly poll?: DurationInput;
}
