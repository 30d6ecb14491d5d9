import type { RunEvent } from "../run/run-events.js";
import { LockStatus } from "./lock-status.js";

export type JobStatus = "pending" | "running" | "retrying" | "succeeded" | "failed" | "stopped" | "skipped";

/** What is known about one job during and after a run. */
export interface JobState {
  readonly name: string;
  status: JobStatus;
  /** Inside a `map()`: over all its items, as `simulate()`'s `attempts(job)` counts them. */
  attempts: number;
  /** Inside a `map()`: how each item's attempts ended (the job's outcome is its worst item's). */
  items?: Map<number, ItemState>;
  /** Inside a `map()`: the item whose failure the job's status, exit code and error are. */
  failedItem?: number;
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

/** One item of a job inside a `map()`. */
export interface ItemState {
  attempts: number;
  ended?: Extract<RunEvent, { type: "JobEnded" }>;
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
        if (event.item === undefined) job.attempts = Math.max(job.attempts, event.attempt);
        else job.attempts = startItem(job, event.item, event.attempt);
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
        if (event.item !== undefined) {
          endItem(job, event, event.item);
          return;
        }
        setOutcome(job, event);
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
      case "StateFailed": {
        // Failed before any attempt started (States.Runtime: an input() path that finds no value).
        const job = this.#byName.get(event.state);
        if (job?.status === "pending") {
          job.status = "failed";
          job.error = event.error;
        }
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

type JobEnded = Extract<RunEvent, { type: "JobEnded" }>;

/** The job's status and last exit as one attempt (of the job, or of its deciding item) ended. */
function setOutcome(job: JobState, event: JobEnded): void {
  job.exitCode = event.exitCode;
  job.signal = event.signal;
  job.timedOut = event.stoppedBy === "timeout";
  if (event.error === undefined) {
    job.status = "succeeded";
    delete job.error;
  } else {
    job.error = event.error;
    job.status = stoppedByBatchflow(event) ? "stopped" : "failed";
  }
}

function stoppedByBatchflow(event: JobEnded): boolean {
  return event.stoppedBy === "aborted" || event.stoppedBy === "interrupted";
}

/** Records an item's attempt and returns the job's attempts over all its items. */
function startItem(job: JobState, item: number, attempt: number): number {
  job.items ??= new Map();
  const state = job.items.get(item) ?? { attempts: 0 };
  state.attempts = Math.max(state.attempts, attempt);
  // Retried: the item runs again, and how its failed attempt ended no longer decides anything.
  delete state.ended;
  job.items.set(item, state);
  let total = 0;
  for (const each of job.items.values()) total += each.attempts;
  return total;
}

/**
 * An item's attempt ended. The job is as its worst item: failed if any item failed (the map failed
 * because of it, and the items still running were stopped for that), else stopped if any was,
 * else as the item that ended last.
 */
function endItem(job: JobState, event: JobEnded, item: number): void {
  job.items ??= new Map();
  const state = job.items.get(item) ?? { attempts: event.attempt };
  state.ended = event;
  job.items.set(item, state);
  let deciding: JobEnded | undefined;
  for (const { ended } of job.items.values()) {
    if (ended?.error === undefined) continue;
    if (!stoppedByBatchflow(ended)) {
      deciding = ended;
      break;
    }
    deciding ??= ended;
  }
  const outcome = deciding ?? event;
  setOutcome(job, outcome);
  if (deciding?.item !== undefined && !stoppedByBatchflow(deciding)) job.failedItem = deciding.item;
  else delete job.failedItem;
  // Other items may still run: the job is not over until they end.
  if (job.status === "succeeded" && [...job.items.values()].some((i) => i.ended === undefined)) {
    job.status = "running";
  }
}
