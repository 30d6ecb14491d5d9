import type { RunEvent } from "../run/run-events.js";
import { formatMs } from "./format-time.js";
import type { JobBoard } from "./job-board.js";
import type { ProgressStyle } from "./progress-style.js";

/** One line of progress about a job or state: `<name> <symbol> <text>`. */
export interface EventLine {
  readonly name: string;
  readonly symbol: string;
  readonly text: string;
  readonly tone: "plain" | "good" | "bad" | "warn" | "dim";
}

/** Errors batchflow uses inside its own states that users never need to see. */
const internalErrors = new Set(["Batchflow.GroupDone"]);

/**
 * The progress line an event makes, if any: job started, attempt failed (exit code), retrying,
 * succeeded, failed, caught, stopped, and a group that failed. Job output lines are not events here.
 * Call it after the board has applied the event.
 */
export function eventLine(event: RunEvent, board: JobBoard): EventLine | undefined {
  switch (event.type) {
    case "JobStarted":
      return {
        name: event.job,
        symbol: "▶",
        text: event.attempt === 1 ? "started" : `started (attempt ${event.attempt})`,
        tone: "plain",
      };
    case "JobEnded": {
      const n = `attempt ${event.attempt}`;
      switch (event.outcome) {
        case "succeeded":
          return {
            name: event.job,
            symbol: "✓",
            text: `succeeded in ${formatMs(event.durationMs)}`,
            tone: "good",
          };
        case "timed-out":
          return {
            name: event.job,
            symbol: "✗",
            text: `${n} timed out after ${formatMs(event.durationMs)}${event.signal ? ` (${event.signal})` : ""}`,
            tone: "bad",
          };
        case "stopped":
          return {
            name: event.job,
            symbol: "■",
            text: `stopped: ${event.stoppedBy === "interrupted" ? "the run was interrupted" : "its branch was aborted"}`,
            tone: "warn",
          };
        default:
          return { name: event.job, symbol: "✗", text: `${n} failed: ${exitText(event)}`, tone: "bad" };
      }
    }
    case "JobStopping":
      return {
        name: event.job,
        symbol: "■",
        text:
          event.signal === "SIGTERM"
            ? `SIGTERM sent (${event.reason === "timeout" ? "over its timeout" : event.reason})`
            : "SIGKILL sent",
        tone: "warn",
      };
    case "RetryScheduled":
      return {
        name: event.job,
        symbol: "↻",
        text: `retrying ${event.retry}/${event.maxAttempts} in ${event.jitter ? "up to " : ""}${formatMs(event.delayMs)}`,
        tone: "warn",
      };
    case "StateFailed": {
      if (internalErrors.has(event.error)) return undefined;
      if (event.stateType === "Task") {
        const job = board.get(event.state);
        if (job === undefined || job.status === "retrying" || job.status === "stopped") return undefined;
        return { name: event.state, symbol: "✗", text: `failed: ${event.error}`, tone: "bad" };
      }
      if (event.stateType !== "Parallel") return undefined;
      return {
        name: event.state,
        symbol: "✗",
        text: `failed: ${event.error}${event.cause ? `: ${event.cause}` : ""}`,
        tone: "bad",
      };
    }
    case "StateCaught":
      if (internalErrors.has(event.error)) return undefined;
      return {
        name: event.state,
        symbol: "↪",
        text: `caught ${event.error}, continuing with ${event.next}`,
        tone: "warn",
      };
    default:
      return undefined;
  }
}

function exitText(event: Extract<RunEvent, { type: "JobEnded" }>): string {
  if (event.startError !== undefined) return `could not start: ${event.startError}`;
  if (event.signal !== null) return `killed by ${event.signal}`;
  if (event.exitCode !== null) return `exit code ${event.exitCode}`;
  return event.error ?? "failed";
}

export function styleLine(line: EventLine, width: number, style: ProgressStyle): string {
  const tone = {
    plain: (t: string) => t,
    good: style.green,
    bad: style.red,
    warn: style.yellow,
    dim: style.dim,
  }[line.tone];
  return `${style.bold(line.name.padEnd(width))} ${tone(`${line.symbol} ${line.text}`)}`;
}

export function outputLine(job: string, text: string, width: number, style: ProgressStyle): string {
  return `${style.dim(`${job.padEnd(width)} |`)} ${text}`;
}
