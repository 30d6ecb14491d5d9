import type { AslRunStatus } from "../interpreter/execute-asl.js";
import type { Notification } from "../notify/notification.js";
import type { JobStatus } from "../progress/job-board.js";
import type { NotificationDelivery, RunEvent } from "./run-events.js";

export type RunnerKind = "process" | "docker";

export interface RunWorkflowOptions {
  /** The project root: the jobs' default working directory, where `.env` and `.batchflow/runs/` are. */
  readonly root: string;
  /** The execution input. Default `{}`. */
  readonly input?: unknown;
  /** `"process"` (default): local processes. `"docker"`: `docker run --rm` of each task's image. */
  readonly runner?: RunnerKind;
  /** The jobs' working directory (process runner), absolute or relative to `root`. Default `root`. */
  readonly cwd?: string;
  /**
   * A `.env`-style file secret values are read from when the environment lacks them, absolute or
   * relative to `root`. Given: it must exist. Default `<root>/.env`, which may be absent.
   */
  readonly envFile?: string;
  /** The local environment: the base of every job's environment and the first source of secrets. Default `process.env`. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Time from SIGTERM to SIGKILL for a job whose task definition sets no `stopTimeout`. Default 30 000 ms. */
  readonly defaultStopTimeoutMs?: number;
  /** Time from SIGTERM to SIGKILL for every job, over the task definitions' `stopTimeout`. */
  readonly stopTimeoutMs?: number;
  /** Multiplies retry intervals and Wait states (not timeouts); 0 removes them. Default 1. */
  readonly timeScale?: number;
  /** Aborting it interrupts the run: running jobs are stopped (SIGTERM, then SIGKILL), the result is ABORTED. */
  readonly signal?: AbortSignal;
  /** Aborting it sends SIGKILL to every running job at once (a second Ctrl-C). */
  readonly killSignal?: AbortSignal;
  /** Write the execution trace to this file as JSON Lines (absolute, or relative to `root`). */
  readonly tracePath?: string;
  /** Called once every check passed, right before the first state runs. */
  readonly onStart?: (start: RunStart) => void;
  /** Receives every event as it happens (progress display). Must not throw. */
  readonly onEvent?: (event: RunEvent) => void;
  /**
   * Print notification messages instead of posting them to their Slack webhook (`--dry-notify`). SNS
   * messages are never published from a local run.
   */
  readonly dryNotify?: boolean;
  /** How long `docker info` may take (docker runner). Default 5 000 ms. */
  readonly dockerCheckTimeoutMs?: number;
}

export interface RunStart {
  readonly workflow: string;
  readonly runId: string;
  /** `<root>/.batchflow/runs/<run-id>`: one `<job>.log` per job. */
  readonly logDir: string;
  readonly runner: RunnerKind;
  /** Every job of the workflow, in definition order. */
  readonly jobs: ReadonlyArray<string>;
}

export type FinalJobStatus = Exclude<JobStatus, "pending" | "running" | "retrying">;

export interface JobSummary {
  readonly name: string;
  readonly status: FinalJobStatus;
  /** Inside a `map()`: over all its items. */
  readonly attempts: number;
  /** Inside a `map()`: how many items it ran for. */
  readonly items?: number;
  /** Inside a `map()`: the item whose failure its status, exit code and error are. */
  readonly failedItem?: number;
  /** From its first attempt's start to its last attempt's end, retry pauses included. */
  readonly durationMs?: number;
  /** From the run's start to its first attempt's start. */
  readonly startMs?: number;
  /** Of its last attempt (inside a `map()`, of its failed item's, if any failed). */
  readonly exitCode?: number | null;
  readonly signal?: string | null;
  /** The ASL error its last attempt failed with. */
  readonly error?: string;
  readonly timedOut: boolean;
  /** Its failure was caught; the run continued with this state. */
  readonly caughtBy?: string;
  /** Its log file, when it ran. */
  readonly log?: string;
}

export interface RunResult extends RunStart {
  readonly status: AslRunStatus;
  /** FAILED: the ASL error and cause of the execution. */
  readonly error?: string;
  readonly cause?: string;
  readonly output?: unknown;
  readonly durationMs: number;
  readonly jobs: ReadonlyArray<string>;
  readonly summary: ReadonlyArray<JobSummary>;
  readonly tracePath?: string;
  /**
   * The workflow's lock was busy and its `onBusy` is "skip": the execution SUCCEEDED without running
   * anything. `lock` names the lock, `reason` is the execution output's.
   */
  readonly skipped?: { readonly lock: string; readonly reason: string };
  /**
   * Every try at a notification, in order, with how it went: a Slack POST that failed and was retried
   * appears once per try.
   */
  readonly notifications: ReadonlyArray<Notification & { readonly delivery: NotificationDelivery }>;
}
