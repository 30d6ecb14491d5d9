import type { RunEvent } from "../run/run-events.js";
import { LockStatus } from "./lock-status.js";

export type JobStatus = "pending" | "running" | "retrying" | "succeeded" | "failed" | "stopped" | "skipped";

/** What is known about one job during and after a run. */
export interface JobState {
  readonly name: string;
  status: JobStatus;
  attempts: number;
  /** When its first attempt started and its last attempt ended (ms since the epoch). */
  firstStart?: number;
  lastEnd?: number;
  /** When the current attempt started. */
  attemptStart?: number;
  exitCode?: number | null;
  signal?: string | null;
  /** The ASL error of its last failed attempt (`States.TaskFailed`, `States.Timeout`, …). */
  error?: string;
  timedOut?: boolean;
  /** A catcher handled its failure; `next` is the state the run continued with. */
  caughtBy?: string;
  /** The retry it is waiting for. */
  retry?: {
    readonly retry: number;
    readonly maxAttempts: number;
    readonly at: number;
    readonly jitter: boolean;
  };
  /** The last non-empty line of its output. */
  lastLine?: string;
}

/** The jobs of a run and their state, kept up to date from the run's events. */
export class JobBoard {
  readonly jobs: ReadonlyArray<JobState>;
  /** The locks the run waits for and holds. */
  readonly locks = new LockStatus();
  readonly #byName: ReadonlyMap<string, JobState>;

  constructor(names: ReadonlyArray<string>) {
    this.jobs = names.map((name) => ({ name, status: "pending", attempts: 0 }));
    this.#byName = new Map(this.jobs.map((j) => [j.name, j]));
  }

  get(name: string): JobState | undefined {
    return this.#byName.get(name);
  }

  apply(event: RunEvent): void {
    this.locks.apply(event);
    switch (event.type) {
      case "JobStarted": {
        const job = this.#byName.get(event.job);
        if (!job) return;
        job.status = "running";
        job.attempts = Math.max(job.attempts, event.attempt);
        job.firstStart ??= event.time;
        job.attemptStart = event.time;
        delete job.retry;
        delete job.caughtBy;
        return;
      }
      case "JobOutput": {
        const job = this.#byName.get(event.job);
        if (job && event.line.trim() !== "") job.lastLine = event.line;
        return;
      }
      case "JobEnded": {
        const job = this.#byName.get(event.job);
        if (!job) return;
        job.lastEnd = event.time;
        job.exitCode = event.exitCode;
        job.signal = event.signal;
        job.timedOut = event.stoppedBy === "timeout";
        if (event.error === undefined) {
          job.status = "succeeded";
          delete job.error;
        } else {
          job.error = event.error;
          job.status =
            event.stoppedBy === "aborted" || event.stoppedBy === "interrupted" ? "stopped" : "failed";
        }
        return;
      }
      case "RetryScheduled": {
        const job = this.#byName.get(event.job);
        if (!job) return;
        job.status = "retrying";
        job.retry = {
          retry: event.retry,
          maxAttempts: event.maxAttempts,
          at: event.time + event.delayMs,
          jitter: event.jitter,
        };
        return;
      }
      case "StateCaught": {
        const job = this.#byName.get(event.state);
        if (job) job.caughtBy = event.next;
        return;
      }
      default:
        return;
    }
  }

  /** The run is over: jobs that never ran were skipped; one still waiting for a retry was stopped. */
  finish(): void {
    this.locks.finish();
    for (const job of this.jobs) {
      if (job.status === "pending") job.status = "skipped";
      else if (job.status === "running" || job.status === "retrying") job.status = "stopped";
    }
  }
}
