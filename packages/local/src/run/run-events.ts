import type { Notification } from "../notify/notification.js";

/** How one attempt of a job ended (the same words as `simulate()`'s `JobEnded` events). */
export type AttemptOutcome = "succeeded" | "failed" | "error" | "timed-out" | "stopped";

/** Why batchflow stopped a running job. */
export type JobStopReason =
  /** The attempt ran longer than the state's `TimeoutSeconds`. */
  | "timeout"
  /** Its Parallel branch was aborted (a sibling failed) or the execution ended without it. */
  | "aborted"
  /** The run was interrupted (Ctrl-C). */
  | "interrupted";

interface At {
  /** Milliseconds since the epoch. */
  readonly time: number;
}

interface LockRef extends At {
  /** The lock's name (`lock: { name }`). */
  readonly lock: string;
  /** Its table (`lockTable`), which names its file in the local store. */
  readonly table: string;
  /** The lock state that made the call. */
  readonly state: string;
}

/**
 * How a notification went: `posted` (the webhook answered 2xx), `failed` (it did not; the state
 * retries), `dry-run` (`--dry-notify`), `no-webhook` (a `secret(...)` webhook without a local value:
 * printed, not posted), `local` (SNS: never published from a local run).
 */
export type NotificationDelivery = "posted" | "failed" | "dry-run" | "no-webhook" | "local";

interface StateRef extends At {
  readonly state: string;
  /** The ASL state type: "Task", "Parallel", "Wait", "Fail", … */
  readonly stateType: string;
  /**
   * A state batchflow adds for locks and notifications (lock and notification Task states, a lock's
   * acquire and held Parallel states, the notification wrapper), not one of the user's flow.
   */
  readonly internal?: true;
}

/** What happens during a local run, in the order batchflow observes it. */
export type RunEvent =
  | (At & {
      readonly type: "ExecutionStarted";
      readonly workflow: string;
      readonly runId: string;
      readonly runner: string;
      readonly input: unknown;
    })
  | (At & { readonly type: "ExecutionSucceeded" })
  | (At & { readonly type: "ExecutionFailed"; readonly error: string; readonly cause: string })
  | (At & { readonly type: "ExecutionTimedOut" })
  | (At & { readonly type: "ExecutionAborted" })
  | (StateRef & { readonly type: "StateEntered" | "StateExited" })
  | (StateRef & { readonly type: "StateFailed"; readonly error: string; readonly cause: string })
  | (StateRef & { readonly type: "StateRetried"; readonly retry: number; readonly maxAttempts: number })
  | (StateRef & { readonly type: "StateCaught"; readonly error: string; readonly next: string })
  | (At & {
      readonly type:
        | "ParallelBranchStarted"
        | "ParallelBranchSucceeded"
        | "ParallelBranchFailed"
        | "MapIterationStarted"
        | "MapIterationSucceeded"
        | "MapIterationFailed";
      readonly state: string;
    })
  | (At & {
      readonly type: "JobStarted";
      readonly job: string;
      readonly attempt: number;
      /** Inside a `map()`: the index of the item the attempt runs for. */
      readonly item?: number;
      readonly pid: number | null;
      readonly command: ReadonlyArray<string>;
    })
  | (At & {
      readonly type: "JobOutput";
      readonly job: string;
      readonly attempt: number;
      readonly stream: "stdout" | "stderr";
      /** Secret values masked. */
      readonly line: string;
    })
  | (At & {
      readonly type: "JobStopping";
      readonly job: string;
      readonly attempt: number;
      readonly reason: JobStopReason;
      readonly signal: "SIGTERM" | "SIGKILL";
    })
  | (At & {
      readonly type: "JobEnded";
      readonly job: string;
      readonly attempt: number;
      /** Inside a `map()`: the index of the item the attempt ran for. */
      readonly item?: number;
      /**
       * `succeeded`: exit code 0; `failed`: non-zero exit, killed by a signal, or could not start
       * (`States.TaskFailed`); `error`: another error, e.g. `ECS.AmazonECSException`; `timed-out`: over
       * its TimeoutSeconds (`States.Timeout`); `stopped`: batchflow stopped it (its branch was aborted or
       * the run interrupted).
       */
      readonly outcome: AttemptOutcome;
      readonly durationMs: number;
      readonly exitCode: number | null;
      readonly signal: string | null;
      /** The ASL error the attempt failed the state with; absent when it succeeded. */
      readonly error?: string;
      readonly stoppedBy?: JobStopReason;
      /** Why the job could not start at all. */
      readonly startError?: string;
    })
  | (LockRef & {
      readonly type: "LockAcquired";
      /** Taken over from a holder whose execution had ended without releasing it. */
      readonly takeOver?: true;
    })
  | (LockRef & {
      /** The lock is held by another execution; the lock state waits and tries again, or gives up. */
      readonly type: "LockBusy";
      /** How long the lock state keeps trying (its `wait`), in seconds, when known. */
      readonly waitSeconds?: number;
      /** Who holds it: its owner (execution ARN and acquire state), workflow, execution and since when. */
      readonly holder?: {
        readonly owner: string;
        readonly workflow: string;
        readonly acquiredAt: string;
        readonly execution: string;
      };
    })
  | (LockRef & {
      /**
       * The lock stayed busy for the whole `wait` (`state` is the lock's acquire state): the guarded jobs
       * are skipped (`onBusy: "skip"`) or the run fails with `Batchflow.LockBusy`.
       */
      readonly type: "LockNotAcquired";
      readonly onBusy: "skip" | "fail";
      /** The jobs the lock guards. */
      readonly jobs: ReadonlyArray<string>;
      readonly cause: string;
    })
  | (LockRef & {
      readonly type: "LockReleased";
      /** False when the run no longer held it (its item was changed by hand). */
      readonly held: boolean;
    })
  | (At &
      Notification & {
        readonly type: "Notification";
        readonly state: string;
        readonly attempt: number;
        readonly delivery: NotificationDelivery;
        /** Slack: the webhook, masked (`https://hooks.slack.com/…`). */
        readonly url?: string;
        /** The webhook's HTTP status, when it answered. */
        readonly status?: number;
        /** `failed`: why (`States.Http.StatusCode.500: …`). */
        readonly error?: string;
      })
  | (At & {
      /** Something the user should know that does not stop the run. */
      readonly type: "Warning";
      readonly code: string;
      readonly message: string;
    })
  | (At & {
      /** Display only: the failed attempt will be retried after `delayMs`. Not part of the trace. */
      readonly type: "RetryScheduled";
      readonly job: string;
      readonly retry: number;
      readonly maxAttempts: number;
      readonly delayMs: number;
      readonly jitter: boolean;
    });

export type RunEventType = RunEvent["type"];
export type RunEventOf<T extends RunEventType> = Extract<RunEvent, { type: T }>;
