// The public shape of a simulation's result. Every time is VIRTUAL milliseconds from the start of the
// simulation: for simulate(), the start of its execution; for simulateConcurrent(), the moment the runs
// were started together (so the times of different runs compare directly).
import type { SimulationGraphOptions } from "../graph/simulation-graph.js";
import type { Notification } from "../notify/notification.js";

/** How the simulated execution ended. */
export type SimulationStatus = "SUCCEEDED" | "FAILED" | "TIMED_OUT";

/**
 * How one attempt of a job ended:
 * - `succeeded`: the container exited 0;
 * - `failed`: it exited non-zero (`exitCode`), the state failed with `States.TaskFailed`;
 * - `error`: it failed with a scripted error name (`error`), e.g. `ECS.AmazonECSException`;
 * - `timed-out`: it was still running at the job's `TimeoutSeconds`; the state failed with `States.Timeout`;
 * - `interrupted`: a run on Fargate Spot that ECS stopped for a Spot interruption (`spotInterruptions`);
 *   the state failed with `States.TaskFailed` and the stopped task's `StopCode` "SpotInterruption";
 * - `stopped`: Step Functions stopped it because its Parallel branch was aborted (a sibling branch failed,
 *   or a group's time budget ran out) or the execution ended.
 */
export type AttemptOutcome = "succeeded" | "failed" | "error" | "timed-out" | "stopped" | "interrupted";

/** One attempt of one job. */
export interface SimulatedAttempt<J extends string = string> {
  readonly job: J;
  /** 1 for the first attempt, +1 per retry. */
  readonly attempt: number;
  /** Inside a `map()`: the index of the item the attempt ran for. */
  readonly item?: number;
  readonly start: number;
  readonly end: number;
  readonly outcome: AttemptOutcome;
  /** `succeeded`: 0; `failed` and `interrupted`: the non-zero exit code. */
  readonly exitCode?: number;
  /** The error the Task state failed with (`failed`, `error`, `timed-out`). */
  readonly error?: string;
}

/** When a job's last attempt ran. */
export interface JobTiming {
  readonly start: number;
  readonly end: number;
}

interface StateEventBase {
  /** Virtual milliseconds from the start of the execution. */
  readonly at: number;
  /** The state's name: for a job's Task state, the job's name. */
  readonly state: string;
  /** "Task", "Parallel", "Wait", "Fail", "Succeed", ... */
  readonly stateType: string;
  /** Task states: the attempt the event belongs to (StateRetried: the attempt that starts). */
  readonly attempt?: number;
}

/** One entry of a simulation's trace, in order of virtual time (ties keep the interpreter's order). */
export type SimulationEvent<J extends string = string> =
  | { readonly type: "ExecutionStarted"; readonly at: number }
  | { readonly type: "ExecutionSucceeded"; readonly at: number }
  | { readonly type: "ExecutionFailed"; readonly at: number; readonly error: string; readonly cause: string }
  | { readonly type: "ExecutionTimedOut"; readonly at: number }
  | ({ readonly type: "StateEntered" } & StateEventBase)
  | ({ readonly type: "StateExited" } & StateEventBase)
  | ({ readonly type: "StateFailed"; readonly error: string; readonly cause: string } & StateEventBase)
  | ({
      readonly type: "StateRetried";
      /** Virtual milliseconds waited since the failure (the retrier's back-off). */
      readonly delay: number;
    } & StateEventBase)
  | ({
      readonly type: "StateCaught";
      /** The error that was caught. */
      readonly error: string;
      /** The state the catcher goes to. */
      readonly next: string;
    } & StateEventBase)
  | { readonly type: "JobStarted"; readonly at: number; readonly job: J; readonly attempt: number }
  | ({ readonly type: "JobEnded"; readonly at: number } & Omit<SimulatedAttempt<J>, "start" | "end">)
  | ({
      readonly type: "LockAcquired";
      /** Taken over from a holder whose execution had ended without releasing it. */
      readonly takeOver?: true;
    } & LockEventBase)
  | ({
      /** The try found the lock held by another execution; the lock state waits and tries again, or gives up. */
      readonly type: "LockBusy";
      readonly holder?: LockHolderInfo;
    } & LockEventBase)
  | ({
      readonly type: "LockReleased";
      /** False when this execution no longer held it (the item was changed by hand). */
      readonly held: boolean;
    } & LockEventBase)
  | ({
      /**
       * The lock stayed busy for its whole `wait` (`state` is its acquire state): with `onBusy: "skip"`
       * the guarded jobs were passed over, with "fail" the failure `Batchflow.LockBusy` follows.
       */
      readonly type: "LockNotAcquired";
      readonly onBusy: "skip" | "fail";
      /** The jobs the lock guards. */
      readonly jobs: ReadonlyArray<J>;
      readonly cause: string;
    } & LockEventBase)
  | ({
      /** A message a notification state sent (recorded; a simulation never sends anything). */
      readonly type: "Notification";
      readonly at: number;
      readonly state: string;
    } & Notification);

export type SimulationEventType = SimulationEvent["type"];

interface LockEventBase {
  readonly at: number;
  /** The lock's name. */
  readonly lock: string;
  /** The lock state that made the call. */
  readonly state: string;
}

/** Who held a lock when a try found it busy. */
export interface LockHolderInfo {
  /** The holder's lock owner: its execution ARN and acquire state. */
  readonly owner: string;
  readonly workflow: string;
  /** When it took the lock (ISO 8601; virtual time in a simulation). */
  readonly acquiredAt: string;
  /** The holder's execution: the lock is taken over once it no longer runs. */
  readonly execution: string;
}

/** What `simulate()` resolves to. The accessors check the job name (BF1520 for one the workflow lacks). */
export interface Simulation<J extends string = string> {
  /** The workflow's name. */
  readonly workflow: string;
  readonly status: SimulationStatus;
  /** FAILED: the error name, e.g. "States.TaskFailed", "States.Timeout", "Batchflow.GroupTimeout". */
  readonly error?: string;
  /** FAILED: the cause; for a non-zero exit, the ECS task description as JSON (`Containers[0].ExitCode`). */
  readonly cause?: string;
  /** SUCCEEDED: the execution's output (its input, plus `error` when a catch ran). */
  readonly output?: unknown;
  /** Virtual milliseconds from the start to the end of the execution. */
  readonly duration: number;
  /** When the execution started: 0 for simulate(); a run's `startAfter` for simulateConcurrent(). */
  readonly startedAt: number;
  /** Every state and job event, in virtual-time order (lock calls and notifications included). */
  readonly trace: ReadonlyArray<SimulationEvent<J>>;
  /** Every message the workflow's notification states sent (recorded, never sent), in order. */
  readonly notifications: ReadonlyArray<Notification>;
  /**
   * SUCCEEDED without running anything: the workflow's lock was busy and its `onBusy` is "skip" (the
   * execution output's `lock` and `reason`).
   */
  readonly skipped?: { readonly lock: string; readonly reason: string };
  /** How many attempts of `job` started (0 when it never ran). */
  attempts(job: J): number;
  /** Whether `job` started at least once. */
  ran(job: J): boolean;
  /** Start and end of the LAST attempt of `job`. Throws BF1522 when the job never ran (check `ran(job)`). */
  timing(job: J): JobTiming;
  /** Every attempt of `job`, in order (empty when it never ran). */
  history(job: J): ReadonlyArray<SimulatedAttempt<J>>;
  /**
   * The run's picture: the job graph (or with `level: "states"` the state graph), each job coloured
   * by how it ended (succeeded, retried, failed, caught, skipped) with its attempts and virtual
   * timing. Mermaid text by default; `format: "dot" | "svg" | "html"` as `batchflow graph` writes them.
   * BF1526 for an option it does not take.
   */
  graph(options?: SimulationGraphOptions): Promise<string>;
}
