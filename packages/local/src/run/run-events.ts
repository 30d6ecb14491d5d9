/** Why batchflow stopped a running job. */
/** How one attempt of a job ended (the same words as `simulate()`'s `JobEnded` events). */
export type AttemptOutcome = "succeeded" | "failed" | "error" | "timed-out" | "stopped";

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

interface StateRef extends At {
  readonly state: string;
  /** The ASL state type: "Task", "Parallel", "Wait", "Fail", … */
  readonly stateType: string;
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
