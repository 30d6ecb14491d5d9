import { colors, type Terminal } from "../terminal.js";
import type { Range } from "./cost-range.js";
import type { ServiceExplanation } from "./explain-service.js";
import type { TaskExplanation } from "./explain-task.js";
import type { WorkflowExplanation } from "./explain-workflow.js";
import type { ListPrices } from "./list-prices.js";
import type { FireTimeJson } from "./schedule-explanation.js";

const label = (text: string) => `  ${text.padEnd(13)}`;
const more = " ".repeat(15);

/**
 * The human text of `batchflow explain`: one block per workflow, per scheduled task and per
 * service, then what the estimate rests on.
 */
export function formatExplanations(
  explained: ReadonlyArray<WorkflowExplanation>,
  tasks: ReadonlyArray<TaskExplanation>,
  services: ReadonlyArray<ServiceExplanation>,
  from: number,
  prices: ListPrices,
  term: Terminal,
): string[] {
  const c = colors(term);
  const lines: string[] = [];
  for (const w of explained) {
    lines.push(`${c.bold(w.workflow)}${w.description === undefined ? "" : c.dim(`  ${w.description}`)}`);
    lines.push(...scheduleLines(w, c.dim));
    lines.push(
      `${label("longest run")}${duration(w.longestRunSeconds)}  ${c.dim("every attempt timing out, retry pauses at their longest, lock waits")}`,
    );
    lines.push(
      `${label("transitions")}${count(w.stateTransitions.best)} best, ${count(w.stateTransitions.worst)} worst per run  ${c.dim("(Step Functions state transitions, lock and notify machines included)")}`,
    );
    lines.push(...mapLines(w, c.dim));
    lines.push(...jobLines(w));
    lines.push(...costLines(w, from));
    lines.push("");
  }
  for (const t of tasks) {
    lines.push(
      `${c.bold(t.task)}  ${c.dim(`a scheduled task${t.description === undefined ? "" : `  ${t.description}`}`)}`,
    );
    lines.push(...scheduleLines(t, c.dim));
    lines.push(
      `${label("task")}${t.vcpu} vCPU ${t.memoryGb} GB ${t.architecture}${t.spot ? " Spot" : ""}  ${c.dim("one Fargate task per fire time; nothing watches it: no timeout, no retry of a failed run")}`,
    );
    lines.push(...taskCostLines(t, from));
    lines.push("");
  }
  for (const s of services) {
    lines.push(`${c.bold(s.service)}  ${c.dim("a service")}`);
    lines.push(
      `${label("runs")}${count(s.desiredCount)} task${s.desiredCount === 1 ? "" : "s"} all the time, ${s.vcpu} vCPU ${s.memoryGb} GB ${s.architecture}${s.spot ? " Spot" : ""}  ${c.dim("ECS replaces a task that stops; no schedule, no state machine")}`,
    );
    lines.push(
      `${label("cost")}estimated, USD  every task for the ${count(s.cost.hours)} hours of 30 days`,
      `${more}  ${"per month".padEnd(16)}${"best".padStart(12)}${"worst".padStart(12)}`,
      `${more}  ${"Fargate".padEnd(16)}${money(s.cost.perMonth.best).padStart(12)}${money(s.cost.perMonth.worst).padStart(12)}`,
    );
    lines.push("");
  }
  lines.push(...footer(prices, c.yellow));
  return lines;
}

function taskCostLines(t: TaskExplanation, from: number): string[] {
  const { perRun, perMonth, runsPerMonth } = t.cost;
  const source =
    t.durations === "minimum"
      ? `a run of ${duration(t.expectedSeconds)}, the least Fargate bills (no --durations given for it)`
      : `a run of ${duration(t.expectedSeconds)}, from ${t.durations === "trace" ? "the run trace given with --durations" : "the --durations file"}`;
  return [
    `${label("cost")}estimated, USD  ${source}`,
    `${more}  ${"per run".padEnd(16)}${"best".padStart(12)}${"worst".padStart(12)}`,
    `${more}  ${"Fargate".padEnd(16)}${money(perRun.best).padStart(12)}${money(perRun.worst).padStart(12)}`,
    `${more}  ${`per month: ${count(runsPerMonth)} run${runsPerMonth === 1 ? "" : "s"} in the 30 days from ${new Date(from).toISOString().slice(0, 10)}`}`,
    `${more}  ${"Fargate".padEnd(16)}${money(perMonth.best).padStart(12)}${money(perMonth.worst).padStart(12)}`,
  ];
}

/** Each schedule, then their next fire times together (with the schedule that fires, when several). */
function scheduleLines(
  w: Pick<WorkflowExplanation, "schedules" | "next">,
  dim: (text: string) => string,
): string[] {
  if (w.schedules.length === 0) return [`${label("schedule")}none: runs only when started by hand`];
  const several = w.schedules.length > 1;
  const lines: string[] = [];
  for (const s of w.schedules) {
    const where =
      s.timezone === undefined
        ? "an EventBridge rule, in UTC"
        : `an EventBridge Scheduler schedule, in ${s.timezone}`;
    lines.push(`${label(several ? `schedule ${s.number}` : "schedule")}${s.expression}  ${dim(where)}`);
    lines.push(`${more}${s.description}`);
  }
  const zones = [...new Set(w.schedules.map((s) => s.timezone))];
  const zoned = zones.some((z) => z !== undefined);
  const localHeader = zones.length === 1 ? (zones[0] ?? "") : "local";
  lines.push(`${label(`next ${w.next.length}`)}${zoned ? `${"UTC".padEnd(20)}${localHeader}` : "UTC"}`);
  for (const t of w.next) lines.push(`${more}${fireLine(t, zoned, several)}`);
  for (const s of w.schedules) {
    for (const local of s.skipped) {
      lines.push(
        `${more}${"".padEnd(zoned ? 20 : 0)}${local.replace("T", " ")}  skipped: the clocks jump over it${several ? ` (schedule ${s.number})` : ""}`,
      );
    }
  }
  return lines;
}

function mapLines(w: WorkflowExplanation, dim: (text: string) => string): string[] {
  const width = Math.max(0, ...w.maps.map((m) => m.map.length));
  return w.maps.map(
    (m, i) =>
      `${i === 0 ? label("maps") : more}${m.map.padEnd(width)}  ${
        m.itemsFrom === "durations"
          ? `${count(m.items)} item${m.items === 1 ? "" : "s"} per run (from --durations)`
          : `items unknown until it runs: 1 counted, so the figures below are per item  ${dim(`(give { "${m.map}": { "items": n } } in --durations)`)}`
      }`,
  );
}

function fireLine(t: FireTimeJson, zoned: boolean, several: boolean): string {
  const utc = t.utc.slice(0, 16).replace("T", " ");
  const notes = [
    ...(several ? [`schedule ${t.schedule}`] : []),
    ...(t.clockChangeDay ? ["clocks change this day"] : []),
    ...(t.repeated ? ["this time happens twice: runs once"] : []),
  ];
  const local = zoned ? `${"".padEnd(0)}${t.local.replace("T", " ")} (${offset(t.offsetMinutes)})` : "";
  return `${zoned ? utc.padEnd(20) : utc}${local}${notes.length > 0 ? `  ${notes.join("; ")}` : ""}`;
}

function jobLines(w: WorkflowExplanation): string[] {
  const names = Math.max(...w.jobs.map((j) => j.job.length));
  const sizes = w.jobs.map(
    (j) => `${j.vcpu} vCPU ${j.memoryGb} GB ${j.architecture}${j.spot ? " Spot" : ""}`,
  );
  const width = Math.max(...sizes.map((size) => size.length));
  const expected = w.durations === "timeouts" ? "timeout" : "expected";
  return w.jobs.map(
    (j, i) =>
      `${i === 0 ? label("jobs") : more}${j.job.padEnd(names)}  ${(sizes[i] ?? "").padEnd(width)}  ${duration(j.expectedSeconds)} ${expected}, ${j.attempts} attempt${j.attempts === 1 ? "" : "s"} at worst${j.runsPerRun === 1 ? "" : `, ${count(j.runsPerRun)} times a run (map items)`}${j.onSuccessPath ? "" : ", only after a failure"}`,
  );
}

function costLines(w: WorkflowExplanation, from: number): string[] {
  const { perRun, perMonth, runsPerMonth } = w.cost;
  const rows = (r: { stepFunctions: Range; fargate: Range; total: Range }) => [
    `${more}  ${"Step Functions".padEnd(16)}${money(r.stepFunctions.best).padStart(12)}${money(r.stepFunctions.worst).padStart(12)}`,
    `${more}  ${"Fargate".padEnd(16)}${money(r.fargate.best).padStart(12)}${money(r.fargate.worst).padStart(12)}`,
    `${more}  ${"total".padEnd(16)}${money(r.total.best).padStart(12)}${money(r.total.worst).padStart(12)}`,
  ];
  const source =
    w.durations === "timeouts"
      ? "job timeouts (no --durations given): an upper bound"
      : w.durations === "trace"
        ? "the run trace given with --durations"
        : "the --durations file";
  return [
    `${label("cost")}estimated, USD  ${"".padEnd(0)}durations from ${source}`,
    `${more}  ${"per run".padEnd(16)}${"best".padStart(12)}${"worst".padStart(12)}`,
    ...rows(perRun),
    `${more}  ${`per month: ${count(runsPerMonth)} run${runsPerMonth === 1 ? "" : "s"} in the 30 days from ${new Date(from).toISOString().slice(0, 10)}`}`,
    ...(w.cost.sharedMinutes === 0
      ? []
      : [
          `${more}  ${`(${count(w.cost.sharedMinutes)} of those minutes are shared by two schedules or more: each schedule starts its own run, and each is counted)`}`,
        ]),
    ...rows(perMonth),
  ];
}

function footer(prices: ListPrices, warn: (text: string) => string): string[] {
  const f = prices.fargate;
  return [
    warn("These costs are estimates, not a quote."),
    `They use public list prices for ${prices.region} as of ${prices.asOf}: Step Functions Standard $${(prices.stepFunctions.perTransition * 1000).toFixed(3)} per 1,000 state transitions`,
    `(the ${count(prices.stepFunctions.freeTransitionsPerMonth)} free a month are not subtracted: they are shared by the whole account); Fargate $${f.x86_64.perVcpuHour} per vCPU-hour and`,
    `$${f.x86_64.perGbHour} per GB-hour (ARM64 $${f.arm64.perVcpuHour} and $${f.arm64.perGbHour}), billed per second with a one-minute minimum; Fargate Spot at`,
    `${Math.round(f.spotShare * 100)}% of those at best (the Spot price varies) and at the full price at worst. Best: every job succeeds at its`,
    "first attempt, every lock is free. Worst: every attempt of every job runs until its timeout, every retry",
    "and handler runs, every lock is polled to the end of its wait. Not counted: EventBridge, DynamoDB, CloudWatch",
    "Logs, ECR, data transfer, ephemeral storage over 20 GiB, taxes.",
  ];
}

function offset(minutes: number): string {
  const sign = minutes < 0 ? "-" : "+";
  const abs = Math.abs(minutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, "0")}:${String(abs % 60).padStart(2, "0")}`;
}

/** `4h 31m 45s`, `30m`, `45s`. */
export function duration(seconds: number): string {
  const s = Math.round(seconds);
  const parts = [
    [Math.floor(s / 86_400), "d"],
    [Math.floor((s % 86_400) / 3600), "h"],
    [Math.floor((s % 3600) / 60), "m"],
    [s % 60, "s"],
  ] as const;
  const shown = parts.filter(([n]) => n > 0).map(([n, unit]) => `${n}${unit}`);
  return shown.length === 0 ? "0s" : shown.join(" ");
}

function count(n: number): string {
  return n.toLocaleString("en-US");
}

/** Dollars: cents from a dollar up, more decimals below, so that small per-run figures do not read $0.00. */
function money(dollars: number): string {
  const digits = dollars >= 1 || dollars === 0 ? 2 : dollars >= 0.01 ? 4 : 6;
  return `$${dollars.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits })}`;
}
