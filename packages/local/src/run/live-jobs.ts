import type { RunningJob } from "../runner/job-runner.js";
import type { JobStopReason } from "./run-events.js";

/** One running attempt. */
export interface LiveJob {
  readonly job: string;
  readonly attempt: number;
  /** The Parallel states it is nested in. */
  readonly parallels: ReadonlyArray<string>;
  readonly running: RunningJob;
  readonly stopTimeoutMs: number;
  /** Set when batchflow stopped it; the first reason wins. */
  stoppedBy?: JobStopReason;
}

/**
 * Every job that is running now. It stops them (SIGTERM, then SIGKILL after their stop timeout), waits
 * until they are gone, and while any runs, kills them with SIGKILL if batchflow itself exits.
 */
export class LiveJobs {
  readonly #jobs = new Set<LiveJob>();
  readonly #idle: Array<() => void> = [];
  readonly #onExit = (): void => {
    for (const live of this.#jobs) live.running.killNow();
  };

  add(live: LiveJob): void {
    if (this.#jobs.size === 0) process.on("exit", this.#onExit);
    this.#jobs.add(live);
  }

  delete(live: LiveJob): void {
    this.#jobs.delete(live);
    if (this.#jobs.size > 0) return;
    process.removeListener("exit", this.#onExit);
    for (const resolve of this.#idle.splice(0)) resolve();
  }

  get size(): number {
    return this.#jobs.size;
  }

  stop(live: LiveJob, reason: JobStopReason): void {
    if (live.stoppedBy !== undefined) return;
    live.stoppedBy = reason;
    live.running.stop(live.stopTimeoutMs);
  }

  stopWhere(predicate: (live: LiveJob) => boolean, reason: JobStopReason): void {
    for (const live of [...this.#jobs]) if (predicate(live)) this.stop(live, reason);
  }

  stopAll(reason: JobStopReason): void {
    this.stopWhere(() => true, reason);
  }

  /** SIGKILL to every running job now (a second Ctrl-C). */
  killAll(): void {
    for (const live of this.#jobs) {
      live.stoppedBy ??= "interrupted";
      live.running.kill();
    }
  }

  /** Resolves once no job runs. */
  idle(): Promise<void> {
    if (this.#jobs.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idle.push(resolve));
  }
}
