import { relative } from "node:path";
import type { JobSummary, RunResult } from "../run/run-options.js";
import { formatMs } from "./format-time.js";
import { noStyle, type ProgressStyle } from "./progress-style.js";
import { taskCause } from "./task-cause.js";

/**
 * The end of a run: a table of every job (status, attempts, duration, exit code), how the execution
 * ended, and where the logs (and the trace) are, paths relative to `cwd`.
 */
export function formatSummary(result: RunResult, cwd: string, style: ProgressStyle = noStyle): string {
  const header = ["job", "status", "attempts", "duration", "exit code"];
  const rows = result.summary.map((job) => [
    job.name,
    statusText(job),
    String(job.attempts),
    job.durationMs === undefined ? "-" : formatMs(job.durationMs),
    exitText(job),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const right = new Set([2, 3, 4]);
  const line = (cells: ReadonlyArray<string>): string =>
    cells
      .map((cell, i) => (right.has(i) ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!)))
      .join("  ")
      .trimEnd();
  const paint = (job: JobSummary, text: string): string =>
    job.status === "succeeded"
      ? style.green(text)
      : job.status === "failed"
        ? style.red(text)
        : job.status === "stopped"
          ? style.yellow(text)
          : style.dim(text);
  const out = [
    "",
    style.bold(line(header)),
    ...result.summary.map((job, i) => paint(job, line(rows[i]!))),
    "",
    outcomeLine(result, style),
    `logs: ${shown(result.logDir, cwd)}/`,
  ];
  if (result.tracePath !== undefined) out.push(`trace: ${shown(result.tracePath, cwd)}`);
  return out.join("\n");
}

function statusText(job: JobSummary): string {
  if (job.status === "failed") {
    const what = `${job.timedOut ? "timed out" : "failed"}${job.failedItem === undefined ? "" : ` (item ${job.failedItem})`}`;
    return job.caughtBy === undefined ? what : `${what}, caught`;
  }
  return job.items === undefined
    ? job.status
    : `${job.status} (${job.items} ${job.items === 1 ? "item" : "items"})`;
}

function exitText(job: JobSummary): string {
  if (job.signal) return job.signal;
  if (job.exitCode === undefined || job.exitCode === null) return "-";
  return String(job.exitCode);
}

function outcomeLine(result: RunResult, style: ProgressStyle): string {
  const took = formatMs(result.durationMs);
  switch (result.status) {
    case "SUCCEEDED":
      // A busy lock with onBusy "skip" ends the execution successfully, having run nothing.
      if (result.skipped !== undefined) {
        return style.yellow(
          style.bold(`SKIPPED in ${took}: lock ${result.skipped.lock} was busy, so the run did nothing`),
        );
      }
      return style.green(style.bold(`SUCCEEDED in ${took}`));
    case "ABORTED":
      return style.yellow(style.bold(`ABORTED after ${took}: interrupted; every job was stopped`));
    case "TIMED_OUT":
      return style.red(style.bold(`TIMED OUT after ${took}`));
    default:
      return style.red(
        style.bold(`FAILED after ${took}: ${result.error ?? "error"}${causeText(result.cause)}`),
      );
  }
}

/** The cause in a line: for an ECS-shaped one, the job and its exit code or reason. */
function causeText(cause: string | undefined): string {
  if (cause === undefined || cause === "") return "";
  return taskCause(cause) ?? ` (${cause.split("\n")[0]})`;
}

function shown(path: string, cwd: string): string {
  const rel = relative(cwd, path);
  return rel === "" ? "." : rel.startsWith("..") ? path : rel;
}
