import type { JobBoard } from "../progress/job-board.js";
import type { JobLogs } from "./job-logs.js";
import type { JobSummary } from "./run-options.js";

/** Each job's end, from the board of a finished run. */
export function summarize(board: JobBoard, logs: JobLogs, runStart: number): JobSummary[] {
  return board.jobs.map((job) => ({
    name: job.name,
    status: job.status as JobSummary["status"],
    attempts: job.attempts,
    ...(job.items === undefined ? {} : { items: job.items.size }),
    ...(job.failedItem === undefined ? {} : { failedItem: job.failedItem }),
    ...(job.firstStart !== undefined && job.lastEnd !== undefined
      ? { durationMs: job.lastEnd - job.firstStart, startMs: job.firstStart - runStart }
      : {}),
    ...(job.exitCode === undefined ? {} : { exitCode: job.exitCode }),
    ...(job.signal === undefined ? {} : { signal: job.signal }),
    ...(job.error === undefined ? {} : { error: job.error }),
    timedOut: job.timedOut === true,
    ...(job.caughtBy === undefined ? {} : { caughtBy: job.caughtBy }),
    ...(job.attempts > 0 ? { log: logs.pathOf(job.name) } : {}),
  }));
}
