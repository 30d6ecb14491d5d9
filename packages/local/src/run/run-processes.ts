import * as fs from "node:fs";
import { closeSync, openSync, readFileSync, writeSync } from "node:fs";
import { join } from "node:path";
import { groupsWithVariable } from "./live-group.js";
import { groupAlive, isAlive, type ProcessIdentity, thisProcess } from "./process-identity.js";
import {
  jobTokenVariable,
  type RecordedJob,
  type RunProcessRecord,
  readRunRecord,
  type StartingJob,
} from "./run-process-record.js";

const processesFile = "processes";

/**
 * `<run dir>/processes`: every process that acts for a run, a JSON line each: the runner, its
 * supervisor, each job's process group as it starts (by its leader, with what the supervisor needs
 * to stop it) and as it ends, then `ended` once the run is over and its jobs are gone. Only appended
 * to, a line per write, so a reader never sees a line half-changed.
 */
export class RunProcesses {
  readonly path: string;
  #fd: number | undefined;

  constructor(runDir: string) {
    this.path = join(runDir, processesFile);
    this.#fd = openSync(this.path, "a");
    this.#append({ role: "runner", ...identity(thisProcess()) });
  }

  supervisor(id: ProcessIdentity): void {
    this.#append({ role: "supervisor", ...identity(id) });
  }

  /** A job about to be spawned; `job()` records it with its pid once it is. */
  starting(job: Omit<StartingJob, "role">): void {
    this.#append({ role: "starting", ...job });
  }

  job(job: Omit<RecordedJob, "role">): void {
    this.#append({ role: "job", ...job });
  }

  /** The job's process group is gone. */
  gone(pid: number): void {
    this.#append({ role: "gone", pid });
  }

  /** The run is over: the runner no longer acts for it, though its process may go on. */
  end(): void {
    this.#append({ role: "ended" });
    if (this.#fd !== undefined) closeSync(this.#fd);
    this.#fd = undefined;
  }

  #append(record: RunProcessRecord): void {
    if (this.#fd === undefined) return;
    try {
      writeSync(this.#fd, `${JSON.stringify(record)}\n`);
    } catch {
      // Disk full: the job must not fail for it; while the runner lives, the runner's line answers.
    }
  }
}

/**
 * Whether anything of the run whose directory is `runDir` may still act: its runner (until the run
 * ended), its supervisor (which stays until every job it stops is gone), or the process group of a
 * job not known to have ended, found by its pid or, when the runner died before it recorded one,
 * by the token in the job's environment. A lock taken by the run must not be handed over while this is true.
 * False for a directory without the record (a run of an older batchflow, or a removed directory).
 */
export function runAlive(runDir: string): boolean {
  let text: string;
  try {
    text = readFileSync(join(runDir, processesFile), "utf8");
  } catch {
    return false;
  }
  const record = readRunRecord(text);
  for (const member of record.processes) {
    if (member.role === "runner" && record.ended) continue;
    if (isAlive(asIdentity(member))) return true;
  }
  if (record.running.some((job) => groupAlive(asIdentity(job)))) return true;
  // A job spawned by a runner that died before it recorded the job's pid.
  return record.unrecorded.some((job) => groupsWithVariable(fs, jobTokenVariable, job.token).length > 0);
}

function identity(id: ProcessIdentity): { pid: number; start: string | null } {
  return { pid: id.pid, start: id.start ?? null };
}

function asIdentity(record: { pid: number; start: string | null }): ProcessIdentity {
  return { pid: record.pid, start: record.start ?? undefined };
}
