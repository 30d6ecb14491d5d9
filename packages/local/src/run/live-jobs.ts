import type { RunningJob } from "../runner/job-runner.js";
import { processIdentity } from "./process-identity.js";
import type { JobStopReason } from "./run-events.js";
import { RunProcesses } from "./run-processes.js";
import { RunSupervisor } from "./run-supervisor.js";

/** One running attempt. */
export interface LiveJob {
  readonly job: string;
  readonly attempt: number;
  /** The Parallel states it is nested in. */
  readonly parallels: ReadonlyArray<string>;
  readonly running: RunningJob;
  readonly stopTimeoutMs: number;
  /** Its log file. */
  readonly log: string;
  /** Set when batchflow stopped it; the first reason wins. */
  stoppedBy?: JobStopReason;
}

/**
 * Every job that is running now. It stops them (SIGTERM, then SIGKILL after their stop timeout), waits
 * until they are gone, and while any runs, kills them with SIGKILL if batchflow itself exits. Each job
 * is also handed to the run's supervisor, which stops it if batchflow dies without a word (`kill -9`).
 */
export class LiveJobs {
  readonly #jobs = new Set<LiveJob>();
  readonly #idle: Array<() => void> = [];
  readonly #supervisor: RunSupervisor;
  readonly #onExit = (): void => {
    for (const live of this.#jobs) live.running.killNow();
  };

  /** `runDir`: the run's directory, where its processes are recorded (`runAlive`). */
  constructor(runDir: string) {
    this.#supervisor = new RunSupervisor(new RunProcesses(runDir));
  }

  /** A job about to be spawned with `token` in its environment (`jobTokenVariable`). */
  starting(token: string, job: Pick<LiveJob, "attempt" | "stopTimeoutMs" | "log">): void {
    this.#supervisor.starting({
      token,
      stopTimeoutMs: job.stopTimeoutMs,
      attempt: job.attempt,
      log: job.log,
    });
  }

  /** A job `starting(token, ...)` announced, now spawned. */
  add(live: LiveJob, token: string): void {
    if (this.#jobs.size === 0) process.on("exit", this.#onExit);
    this.#jobs.add(live);
    const { pid } = live.running;
    if (pid === undefined) return;
    this.#supervisor.watch({
      token,
      pid,
      start: processIdentity(pid).start ?? null,
      stopTimeoutMs: live.stopTimeoutMs,
      attempt: live.attempt,
      container: live.running.container ?? null,
      log: live.log,
    });
  }

  /** The job and every process of its group are gone. */
  delete(live: LiveJob): void {
    if (!this.#jobs.delete(live)) return;
    if (live.running.pid !== undefined) this.#supervisor.forget(live.running.pid);
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

  /** The run is over (after `idle()`): the supervisor exits and the run is recorded as ended. */
  close(): void {
    this.#supervisor.close();
  }
}
