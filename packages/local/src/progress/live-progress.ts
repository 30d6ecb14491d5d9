import type { RunEvent } from "../run/run-events.js";
import type { RunStart } from "../run/run-options.js";
import { eventLine, outputLine, styleLine } from "./event-line.js";
import { formatMs } from "./format-time.js";
import { JobBoard, type JobState } from "./job-board.js";
import { runHeader } from "./plain-progress.js";
import type { ProgressReporter } from "./progress-reporter.js";
import { noStyle, type ProgressStyle } from "./progress-style.js";

export interface LiveStream extends NodeJS.WritableStream {
  readonly columns?: number;
  readonly rows?: number;
}

const spinner = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];
const frameMs = 100;

/**
 * Progress for a terminal: a view of every job (status, attempt, elapsed time, last line of output)
 * redrawn in place below the scrolling event and output lines, at most every 100 ms. (Async: log-update
 * is loaded only when a terminal needs it.)
 */
export async function liveProgress(
  stream: LiveStream,
  style: ProgressStyle = noStyle,
): Promise<ProgressReporter> {
  const { createLogUpdate } = await import("log-update");
  const log = createLogUpdate(stream);
  let board = new JobBoard([]);
  let width = 0;
  const pending: string[] = [];
  let timer: NodeJS.Timeout | undefined;
  let started = false;

  const render = (): void => {
    if (pending.length > 0) log.persist(pending.splice(0).join("\n"));
    log(frame(board, width, stream, style));
  };

  return {
    start(start: RunStart) {
      started = true;
      board = new JobBoard(start.jobs);
      width = Math.max(0, ...start.jobs.map((j) => j.length));
      pending.push(style.bold(runHeader(start)));
      render();
      timer = setInterval(render, frameMs);
      timer.unref();
    },
    event(event: RunEvent) {
      board.apply(event);
      if (event.type === "JobOutput") {
        pending.push(outputLine(event.job, event.line, width, style));
        return;
      }
      const line = eventLine(event, board);
      if (line !== undefined) pending.push(styleLine(line, width, style));
    },
    finish() {
      if (!started) return;
      started = false;
      clearInterval(timer);
      // The summary that follows shows every job's end; the view goes, the event lines stay.
      if (pending.length > 0) log.persist(pending.splice(0).join("\n"));
      else log.clear();
      log.done();
    },
    note(text: string) {
      pending.push(text);
      if (started) render();
      else stream.write(`${pending.splice(0).join("\n")}\n`);
    },
  };
}

function frame(board: JobBoard, width: number, stream: LiveStream, style: ProgressStyle): string {
  const columns = Math.max(40, (stream.columns ?? 80) - 1);
  const room = Math.max(3, (stream.rows ?? 24) - 6);
  const now = Date.now();
  let shown: ReadonlyArray<JobState> = board.jobs;
  let rest = "";
  if (shown.length > room) {
    const active = board.jobs.filter((j) => j.status === "running" || j.status === "retrying");
    shown = active.slice(0, room - 1);
    const counts = new Map<string, number>();
    for (const job of board.jobs)
      if (!shown.includes(job)) counts.set(job.status, (counts.get(job.status) ?? 0) + 1);
    rest = style.dim(`  … ${[...counts].map(([status, n]) => `${n} ${status}`).join(", ")}`);
  }
  const rows = [...board.locks.waiting.values()].map((wait) =>
    style.yellow(
      truncate(
        ` ⧗ waiting for lock ${wait.lock}  ${formatMs(now - wait.since)}${wait.holder === undefined ? "" : `  held by ${wait.holder.workflow}, run ${wait.holder.run}`}`,
        columns,
      ),
    ),
  );
  rows.push(...shown.map((job) => row(job, width, columns, now, style)));
  if (rest !== "") rows.push(rest);
  return rows.join("\n");
}

function row(job: JobState, width: number, columns: number, now: number, style: ProgressStyle): string {
  const [symbol, status, paint] = describe(job, now, style);
  const elapsed =
    job.status === "running" && job.attemptStart !== undefined
      ? formatMs(now - job.attemptStart)
      : job.firstStart !== undefined && job.lastEnd !== undefined
        ? formatMs(job.lastEnd - job.firstStart)
        : "";
  const head = ` ${symbol} ${job.name.padEnd(width)}  ${status.padEnd(14)} ${elapsed.padStart(7)}  `;
  const room = columns - head.length;
  const last = job.lastLine !== undefined && room > 8 ? truncate(job.lastLine, room) : "";
  return `${paint(head)}${style.dim(last)}`;
}

function describe(
  job: JobState,
  now: number,
  style: ProgressStyle,
): [symbol: string, status: string, paint: (text: string) => string] {
  switch (job.status) {
    case "pending":
      return ["·", "pending", style.dim];
    case "running":
      return [
        spinner[Math.floor(now / 80) % spinner.length]!,
        job.attempts > 1 && job.items === undefined ? `running (#${job.attempts})` : "running",
        style.cyan,
      ];
    case "retrying": {
      const wait =
        job.retry === undefined ? "" : ` in ${Math.max(0, Math.ceil((job.retry.at - now) / 1000))}s`;
      return [
        "↻",
        `retrying ${job.retry?.retry ?? "?"}/${job.retry?.maxAttempts ?? "?"}${wait}`,
        style.yellow,
      ];
    }
    case "succeeded":
      return ["✓", "succeeded", style.green];
    case "failed":
      return ["✗", job.timedOut ? "timed out" : job.caughtBy ? "failed, caught" : "failed", style.red];
    case "stopped":
      return ["■", "stopped", style.yellow];
    case "skipped":
      return ["-", "skipped", style.dim];
  }
}

function truncate(text: string, room: number): string {
  // Control characters (escapes, bells) would break the redrawn view.
  let flat = "";
  for (const char of text.replace(/\t/g, "  ")) if (char >= " " && char !== "\u007f") flat += char;
  return flat.length <= room ? flat : `${flat.slice(0, room - 1)}…`;
}
