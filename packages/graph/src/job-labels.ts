import {
  formatDuration,
  infrastructureErrors,
  type ResolvedJob,
  type ResolvedLock,
  type ResolvedRetrier,
  type ResolvedWorkflow,
  type ValueRef,
} from "@batchflow/core";
import type { JobOutcome, JobRow } from "./graph-model.js";

/** The lines under a job's name: what it runs, how long it may, how it retries, what it holds. */
export function jobDetails(job: ResolvedJob, lock: ResolvedLock | undefined): string[] {
  const lines = [shortImage(job.container.options.image), commandText(job.command)];
  const limits = [`timeout ${formatDuration(job.timeoutSeconds)}`];
  if (job.spot !== undefined) limits.push("Fargate Spot");
  if (job.output !== undefined) limits.push("output");
  lines.push(limits.join(" · "));
  for (const retrier of userRetriers(job)) lines.push(retryText(retrier));
  if (lock !== undefined) lines.push(lockText(lock));
  return lines;
}

/** The HTML table's row for a job. */
export function jobRow(job: ResolvedJob, lock: ResolvedLock | undefined, outcome?: JobOutcome): JobRow {
  return {
    name: job.name,
    image: job.container.options.image,
    command: commandText(job.command),
    timeout: formatDuration(job.timeoutSeconds),
    retry: userRetriers(job).map(retryText).join("; ") || "none",
    lock: lock === undefined ? "" : lockText(lock),
    ...(outcome === undefined ? {} : { outcome }),
  };
}

/** The outcome line of a job in a picture of a run: "failed (exit 2) · 3 attempts · 4.1 s". */
export function outcomeText(outcome: JobOutcome): string {
  if (outcome.attempts === 0) return "skipped: not run";
  const parts: string[] = [outcome.status];
  if (outcome.exitCode !== undefined && outcome.exitCode !== 0) parts[0] += ` (exit ${outcome.exitCode})`;
  else if (outcome.error !== undefined && outcome.status !== "succeeded") parts[0] += ` (${outcome.error})`;
  parts.push(outcome.attempts === 1 ? "1 attempt" : `${outcome.attempts} attempts`);
  if (outcome.durationMs !== undefined) parts.push(formatMs(outcome.durationMs));
  if (outcome.startMs !== undefined) parts.push(`started +${formatMs(outcome.startMs)}`);
  return parts.join(" · ");
}

/** 950 -> "950 ms", 12_340 -> "12.3 s", 754_000 -> "12m 34s". */
export function formatMs(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const seconds = Math.round(ms / 1000);
  const hours = Math.floor(seconds / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  const rest = seconds % 60;
  return hours > 0 ? `${hours}h ${minutes}m ${rest}s` : `${minutes}m ${rest}s`;
}

/** The repository's last path segment and the tag: what tells images apart in a picture. */
function shortImage(image: string): string {
  return image.slice(image.lastIndexOf("/") + 1);
}

/** A command as the user wrote it: a string command is `sh -c "<it>"` by now. */
export function commandText(command: ReadonlyArray<string | ValueRef>): string {
  const words = command.map((word) => (typeof word === "string" ? word : refText(word)));
  if (words.length === 3 && words[0] === "sh" && words[1] === "-c") return words[2] ?? "";
  return words.map((w) => (/^[\w@%+=:,./$-]+$/.test(w) ? w : JSON.stringify(w))).join(" ");
}

function refText(ref: ValueRef): string {
  return `<${ref.kind} ${ref.path}>`;
}

/**
 * The retries the user asked for: the infrastructure preset (ECS capacity and API errors) is on
 * every job unless turned off, so it would only repeat itself on every node.
 */
function userRetriers(job: ResolvedJob): ResolvedRetrier[] {
  const infrastructure = new Set<string>(infrastructureErrors);
  return job.retry.filter((r) => !r.errors.every((e) => infrastructure.has(e)));
}

function retryText(retrier: ResolvedRetrier): string {
  const times = retrier.maxAttempts === 1 ? "once" : `${retrier.maxAttempts}×`;
  const pause =
    retrier.backoffRate === 1
      ? formatDuration(retrier.intervalSeconds)
      : `${formatDuration(retrier.intervalSeconds)} ×${retrier.backoffRate}`;
  // The pauses' cap and their randomness change when a retry comes as much as the interval does.
  const bounds = [
    ...(retrier.maxDelaySeconds === undefined ? [] : [`at most ${formatDuration(retrier.maxDelaySeconds)}`]),
    ...(retrier.jitter === "FULL" ? ["jittered"] : []),
  ];
  return `retry ${times} on ${errorsText(retrier.errors)} (${[pause, ...bounds].join(", ")})`;
}

/** "States.ALL" reads as "any error"; long lists are cut. */
export function errorsText(errors: ReadonlyArray<string>): string {
  if (errors.includes("States.ALL")) return "any error";
  return errors.length <= 2 ? errors.join(", ") : `${errors.slice(0, 2).join(", ")} +${errors.length - 2}`;
}

function lockText(lock: ResolvedLock): string {
  if (lock.waitSeconds === 0) return `lock ${lock.name} (${lock.onBusy} when busy)`;
  return `lock ${lock.name} (wait ${formatDuration(lock.waitSeconds)}, then ${lock.onBusy})`;
}

/** The start node's lines: each schedule as it deploys, with its zone. */
export function scheduleLines(resolved: ResolvedWorkflow): string[] {
  if (resolved.schedules.length === 0) return ["no schedule: started by hand"];
  return resolved.schedules.map((s) =>
    s.timezone === undefined ? s.expression : `${s.expression} ${s.timezone}`,
  );
}
