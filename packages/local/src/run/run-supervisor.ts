import { type ChildProcess, spawn } from "node:child_process";
import type { Socket } from "node:net";
import { processIdentity } from "./process-identity.js";
import type { RecordedJob, StartingJob } from "./run-process-record.js";
import type { RunProcesses } from "./run-processes.js";
import { supervisorCommand } from "./supervisor-program.js";

/**
 * The runner's side of the run supervisor (supervisor-program.ts): one process per run, started with
 * the run, in a session of its own so that neither Ctrl-C nor a SIGKILL of the runner's process group
 * reaches it. It waits on a pipe from the runner, which closes however the runner ends; unless the
 * runner said first that the run is over, it then stops the jobs the run's `processes` file lists as
 * running. Jobs are recorded there as they start and end.
 */
export class RunSupervisor {
  readonly #child: ChildProcess;
  #closed = false;

  constructor(private readonly processes: RunProcesses) {
    const { file, args } = supervisorCommand(processes.path);
    // The runner's NODE_OPTIONS (a loader, an inspector) are not the supervisor's business.
    const { NODE_OPTIONS: _, ...env } = process.env;
    this.#child = spawn(file, args, { detached: true, stdio: ["pipe", "ignore", "ignore"], env });
    // A supervisor that cannot start or dies leaves the run as it was without one: the runner still
    // stops its jobs on every exit it sees.
    this.#child.on("error", () => {});
    this.#child.stdin?.on("error", () => {});
    // Neither keeps the runner from exiting; its exit is what the supervisor waits for.
    this.#child.unref();
    (this.#child.stdin as Socket | null)?.unref();
    if (this.#child.pid !== undefined) processes.supervisor(processIdentity(this.#child.pid));
  }

  /** Before a job is spawned, so that a runner killed before `watch()` leaves it findable. */
  starting(job: Omit<StartingJob, "role">): void {
    this.processes.starting(job);
  }

  watch(job: Omit<RecordedJob, "role">): void {
    this.processes.job(job);
  }

  /** The job's process group is gone. */
  forget(pid: number): void {
    this.processes.gone(pid);
  }

  /** The run is over and no job runs: the supervisor exits without a word. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.processes.end();
    this.#child.stdin?.end("\n");
  }
}
