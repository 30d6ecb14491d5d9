import { localWebhookVariable } from "@batchflow/aws";
import type { RunEvent } from "../run/run-events.js";
import { formatMs } from "./format-time.js";
import type { JobBoard } from "./job-board.js";
import type { LockWait } from "./lock-status.js";
import type { ProgressStyle } from "./progress-style.js";
import { taskCause } from "./task-cause.js";

/**
 * One line of progress about a job or state: `<name> <symbol> <text>`; without a name (locks,
 * notifications, warnings: about the run, not one job) `<symbol> <text>`, or just the text.
 */
export interface EventLine {
  readonly name?: string;
  readonly symbol: string;
  readonly text: string;
  readonly tone: "plain" | "good" | "bad" | "warn" | "dim";
}

/** `""`, ` (attempt 2)`, ` (item 3)` or ` (item 3, attempt 2)`. */
function ofAttempt(attempt: number, item: number | undefined): string {
  const parts = [
    ...(item === undefined ? [] : [`item ${item}`]),
    ...(attempt === 1 ? [] : [`attempt ${attempt}`]),
  ];
  return parts.length === 0 ? "" : ` (${parts.join(", ")})`;
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
        text: `started${ofAttempt(event.attempt, event.item)}`,
        tone: "plain",
      };
    case "JobEnded": {
      const line = jobEndedLine(event);
      return event.item === undefined ? line : { ...line, text: `${line.text} (item ${event.item})` };
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
    case "LockBusy":
    case "LockAcquired":
    case "LockReleased":
    case "LockNotAcquired":
      return lockLine(event, board);
    case "Notification":
      return notificationLine(event);
    case "Warning":
      return { symbol: "", text: `warning ${event.code}: ${event.message}`, tone: "warn" };
    case "StateFailed": {
      if (internalErrors.has(event.error) || event.internal) return undefined;
      if (event.stateType === "Task") {
        const job = board.get(event.state);
        if (job === undefined || job.status === "retrying" || job.status === "stopped") return undefined;
        return { name: event.state, symbol: "✗", text: `failed: ${event.error}`, tone: "bad" };
      }
      if (event.stateType !== "Parallel") return undefined;
      return {
        name: event.state,
        symbol: "✗",
        // A group re-raising a job's failure carries the stopped task: say the job and its exit code.
        text: `failed: ${event.error}${taskCause(event.cause) ?? (event.cause ? `: ${event.cause}` : "")}`,
        tone: "bad",
      };
    }
    case "StateCaught":
      if (internalErrors.has(event.error) || event.internal) return undefined;
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

function lockLine(
  event: Extract<RunEvent, { type: "LockBusy" | "LockAcquired" | "LockReleased" | "LockNotAcquired" }>,
  board: JobBoard,
): EventLine | undefined {
  const change = board.locks.last;
  const lock = `lock ${event.lock}`;
  switch (event.type) {
    case "LockBusy":
      // With `wait: "0s"` there is no waiting: the give-up line that follows says who holds it.
      if (change.startsWait !== true || event.waitSeconds === 0) return undefined;
      return {
        symbol: "",
        text: `waiting for ${lock}${heldBy(board.locks.waiting.get(event.lock))}`,
        tone: "warn",
      };
    case "LockAcquired":
      return change.wasWaiting === undefined
        ? { symbol: "", text: `${lock} acquired`, tone: "dim" }
        : {
            symbol: "",
            text: `${lock} acquired after waiting ${formatMs(event.time - change.wasWaiting.since)}`,
            tone: "good",
          };
    case "LockReleased":
      // A release of a lock the run does not hold is the final clean-up of job locks: nothing to say.
      if ((change.heldBefore ?? 0) === 0) return undefined;
      return event.held
        ? { symbol: "", text: `${lock} released`, tone: "dim" }
        : {
            symbol: "",
            text: `${lock} was no longer held when released: its item was changed while the run held it`,
            tone: "warn",
          };
    case "LockNotAcquired": {
      const busy = `${lock} busy${heldBy(change.wasWaiting)}`;
      if (event.onBusy === "fail") return { symbol: "", text: `${busy}: ${event.cause}`, tone: "bad" };
      const jobs =
        event.jobs.length === 0
          ? ""
          : event.jobs.length <= 3
            ? ` (not run: ${event.jobs.join(", ")})`
            : ` (${event.jobs.length} jobs not run)`;
      return { symbol: "", text: `${busy}: skipped${jobs}`, tone: "warn" };
    }
  }
}

function heldBy(wait: LockWait | undefined): string {
  const holder = wait?.holder;
  if (holder === undefined) return "";
  return ` (held by ${holder.workflow}, run ${holder.run}, since ${holder.acquiredAt.replace(/\.\d+Z$/, "Z")})`;
}

function notificationLine(event: Extract<RunEvent, { type: "Notification" }>): EventLine {
  const text = event.text.replace(/\s*\r?\n\s*/g, " ↵ ");
  if (event.via === "sns") {
    const topic = event.topicArn.split(":").at(-1) ?? event.topicArn;
    return { symbol: "", text: `notify sns ${topic}: ${text}`, tone: "plain" };
  }
  const to = `notify slack${event.channel === undefined ? "" : ` ${event.channel}`}`;
  switch (event.delivery) {
    case "dry-run":
      return {
        symbol: "",
        text: `${to} (dry run, not posted to ${event.url ?? "the webhook"}): ${text}`,
        tone: "plain",
      };
    case "no-webhook":
      return {
        symbol: "",
        text: `${to} (not posted: ${localWebhookVariable} is not set): ${text}`,
        tone: "plain",
      };
    case "failed": {
      // The message once, on its first try; retries only say how they went.
      const shown = event.attempt === 1 ? `: ${text}` : "";
      return {
        symbol: "",
        text: `${to}${shown} ✗ not delivered (attempt ${event.attempt}): ${event.error ?? "failed"}`,
        tone: "bad",
      };
    }
    default:
      if (event.attempt > 1)
        return { symbol: "", text: `${to}: delivered on attempt ${event.attempt}`, tone: "good" };
      return { symbol: "", text: `${to}: ${text}`, tone: "plain" };
  }
}

export function styleLine(line: EventLine, width: number, style: ProgressStyle): string {
  const tone = {
    plain: (t: string) => t,
    good: style.green,
    bad: style.red,
    warn: style.yellow,
    dim: style.dim,
  }[line.tone];
  if (line.name === undefined) return tone(line.symbol === "" ? line.text : `${line.symbol} ${line.text}`);
  return `${style.bold(line.name.padEnd(width))} ${tone(`${line.symbol} ${line.text}`)}`;
}

export function outputLine(job: string, text: string, width: number, style: ProgressStyle): string {
  return `${style.dim(`${job.padEnd(width)} |`)} ${text}`;
}

/** How an attempt of a job ended. */
function jobEndedLine(event: RunEvent & { readonly type: "JobEnded" }): EventLine {
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
    case "error":
      // The process may well have exited 0: the error is what failed it (e.g. no result written).
      return {
        name: event.job,
        symbol: "✗",
        text: `${n} failed: ${event.error ?? "error"} (${exitText(event)})`,
        tone: "bad",
      };
    default:
      return { name: event.job, symbol: "✗", text: `${n} failed: ${exitText(event)}`, tone: "bad" };
  }
}
