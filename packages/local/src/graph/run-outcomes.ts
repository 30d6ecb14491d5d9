import type { JobOutcome } from "@batchflow/graph";
import type { RunResult } from "../run/run-options.js";

/**
 * How each job of a `batchflow run` ended, for `batchflow run --graph`. A failed job was caught when
 * a catch on it ran, or when the run still succeeded (a catch on a group around it).
 */
export function runOutcomes(result: Pick<RunResult, "status" | "summary">): Map<string, JobOutcome> {
  const outcomes = new Map<string, JobOutcome>();
  for (const job of result.summary) {
    const status =
      job.status === "succeeded"
        ? job.attempts > (job.items ?? 1)
          ? "retried"
          : "succeeded"
        : job.status === "skipped" || (job.attempts === 0 && job.status !== "failed")
          ? "skipped"
          : job.caughtBy !== undefined || result.status === "SUCCEEDED"
            ? "caught"
            : "failed";
    outcomes.set(job.name, {
      status,
      attempts: job.attempts,
      ...(job.durationMs === undefined ? {} : { durationMs: job.durationMs }),
      ...(job.startMs === undefined ? {} : { startMs: job.startMs }),
      ...(typeof job.exitCode === "number" && status !== "succeeded" && status !== "retried"
        ? { exitCode: job.exitCode }
        : {}),
      ...(job.error === undefined || status === "succeeded" || status === "retried"
        ? {}
        : { error: job.status === "stopped" ? `stopped: ${job.error}` : job.error }),
    });
  }
  return outcomes;
}
