/**
 * The variable every job's process gets, whose value names that start of the job in the run's
 * `processes` file: a runner killed between starting a job and recording its pid leaves a job
 * only this can find (`groupsWithToken`).
 */
export const jobTokenVariable = "BATCHFLOW_JOB_TOKEN";

/** A job about to start, recorded before it is spawned; its `job` record follows once it has a pid. */
export interface StartingJob {
  readonly role: "starting";
  readonly token: string;
  readonly stopTimeoutMs: number;
  readonly attempt: number;
  readonly log: string;
}

/** A job's process group, as the runner records it when the job starts. */
export interface RecordedJob {
  readonly role: "job";
  /** The token of its `starting` record. */
  readonly token?: string;
  /** The job's main process, the leader of its process group: its pid is the group's id. */
  readonly pid: number;
  /** The main process's start time, to tell its group from a later one with the same id. */
  readonly start: string | null;
  readonly stopTimeoutMs: number;
  readonly attempt: number;
  /** The Docker container's name (docker runner). */
  readonly container: string | null;
  /** The job's log file, where the supervisor notes each signal it sends. */
  readonly log: string;
}

/** A line of a run's `processes` file. */
export type RunProcessRecord =
  | { readonly role: "runner" | "supervisor"; readonly pid: number; readonly start: string | null }
  | StartingJob
  | RecordedJob
  | { readonly role: "gone"; readonly pid: number }
  | { readonly role: "ended" };

/** What a run's `processes` file says is, or may be, still acting for the run. */
export interface RunRecordState {
  /** The runner and the supervisor, as recorded. */
  readonly processes: ReadonlyArray<{
    readonly role: "runner" | "supervisor";
    readonly pid: number;
    readonly start: string | null;
  }>;
  /** The runner recorded the run as over. */
  readonly ended: boolean;
  /**
   * The jobs that were started and not recorded as gone. A job's group id is never acted on once
   * it is recorded as gone: the OS may have given it to another group since.
   */
  readonly running: RecordedJob[];
  /** The jobs recorded as starting and never with a pid: the runner died in between. */
  readonly unrecorded: StartingJob[];
}

/**
 * Reads a `processes` file, a JSON record a line (a line that does not parse, such as the empty
 * last one, is skipped).
 *
 * Self-contained (only its argument and JSON) because the run supervisor, a separate node process
 * started from its source text, runs this same function.
 */
export function readRunRecord(text: string): RunRecordState {
  const processes: Array<RunRecordState["processes"][number]> = [];
  let ended = false;
  const running = new Map<number, RecordedJob>();
  const starting = new Map<string, StartingJob>();
  for (const line of text.split("\n")) {
    let record: RunProcessRecord;
    try {
      record = JSON.parse(line) as RunProcessRecord;
    } catch {
      continue;
    }
    switch (record.role) {
      case "runner":
      case "supervisor":
        processes.push(record);
        break;
      case "ended":
        ended = true;
        break;
      case "starting":
        starting.set(record.token, record);
        break;
      case "job":
        running.set(record.pid, record);
        if (record.token !== undefined) starting.delete(record.token);
        break;
      case "gone":
        running.delete(record.pid);
        break;
    }
  }
  return { processes, ended, running: [...running.values()], unrecorded: [...starting.values()] };
}
