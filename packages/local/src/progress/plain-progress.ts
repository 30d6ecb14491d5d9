import type { RunEvent } from "../run/run-events.js";
import type { RunStart } from "../run/run-options.js";
import { eventLine, outputLine, styleLine } from "./event-line.js";
import { JobBoard } from "./job-board.js";
import type { ProgressReporter } from "./progress-reporter.js";
import { noStyle, type ProgressStyle } from "./progress-style.js";

/**
 * Progress for logs and pipes: one line per event, each job's output lines prefixed with its name,
 * nothing redrawn. Plain text unless `style` adds colour.
 */
export function plainProgress(
  write: (line: string) => void,
  style: ProgressStyle = noStyle,
): ProgressReporter {
  let board = new JobBoard([]);
  let width = 0;
  return {
    start(start: RunStart) {
      board = new JobBoard(start.jobs);
      width = Math.max(0, ...start.jobs.map((j) => j.length));
      write(runHeader(start));
    },
    event(event: RunEvent) {
      board.apply(event);
      if (event.type === "JobOutput") {
        write(outputLine(event.job, event.line, width, style));
        return;
      }
      const line = eventLine(event, board);
      if (line !== undefined) write(styleLine(line, width, style));
    },
    finish() {},
    note: write,
  };
}

export function runHeader(start: RunStart): string {
  const jobs = `${start.jobs.length} job${start.jobs.length === 1 ? "" : "s"}`;
  return `batchflow run ${start.workflow}: ${jobs}, ${start.runner} runner, run ${start.runId}`;
}
