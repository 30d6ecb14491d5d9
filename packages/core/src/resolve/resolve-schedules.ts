import type { DiagnosticSink } from "../diagnostics/diagnostic-sink.js";
import type { ScheduleList, ScheduleSpec } from "../ir/schedule-spec.js";
import type { WorkflowOptions } from "../ir/workflow-options.js";
import { sharedMinutes } from "../schedule/shared-minutes.js";
import { resolveSchedule } from "./resolve-schedule.js";
import type { ResolvedLock, ResolvedSchedule } from "./resolved-workflow.js";

const minute = 60_000;
const day = 1440 * minute;

/**
 * A workflow's `schedule:` (one or a list) in AWS's form. Two equal entries are an error
 * (BF1114); entries that start the workflow at the same minute are a warning (BF1115) unless the
 * workflow's lock skips a run that finds it held. Undefined when an entry has an error.
 */
export function resolveSchedules(
  schedule: WorkflowOptions["schedule"],
  sink: DiagnosticSink,
  context: {
    readonly workflow: string;
    readonly lock?: ResolvedLock | undefined;
    readonly now?: number;
    /** A scheduled task (`task()`): it has no state machine and no lock to skip a second start. */
    readonly task?: boolean;
  },
): ReadonlyArray<ResolvedSchedule> | undefined {
  const specs: ReadonlyArray<ScheduleSpec> =
    schedule === undefined ? [] : isList(schedule) ? schedule : [schedule];
  const now = context.now ?? Date.now();
  const resolved = specs.map((spec) => resolveSchedule(spec, sink, now));
  const schedules = resolved.filter((s): s is ResolvedSchedule => s !== undefined);
  if (schedules.length < resolved.length) return undefined;
  if (!distinct(schedules, sink)) return undefined;
  const { lock } = context;
  if (schedules.length > 1 && !(lock?.onBusy === "skip" && lock.waitSeconds === 0)) {
    warnSharedMinutes(schedules, sink, context.workflow, lock, now, context.task);
  }
  return schedules;
}

function isList(schedule: NonNullable<WorkflowOptions["schedule"]>): schedule is ScheduleList {
  return Array.isArray(schedule);
}

/** `cron("0 0 * * *")` and `cron("@daily")` are the same schedule: their AWS form decides. */
function distinct(schedules: ReadonlyArray<ResolvedSchedule>, sink: DiagnosticSink): boolean {
  const seen = new Map<string, number>();
  let ok = true;
  schedules.forEach((s, i) => {
    const key = `${s.expression} ${s.timezone ?? "UTC"}`;
    const first = seen.get(key);
    if (first === undefined) {
      seen.set(key, i);
      return;
    }
    ok = false;
    sink.report({
      code: "BF1114",
      message: `schedule ${i + 1}, ${shown(s)}, is the same as schedule ${first + 1}: both are ${s.expression}${zoneText(s)}`,
      hint: "remove one of them: two equal schedules would start the workflow twice each time",
      site: s.site,
    });
  });
  return ok;
}

function warnSharedMinutes(
  schedules: ReadonlyArray<ResolvedSchedule>,
  sink: DiagnosticSink,
  workflow: string,
  lock: ResolvedLock | undefined,
  now: number,
  task = false,
): void {
  const from = Math.floor(now / minute) * minute;
  for (const shared of sharedMinutes(schedules, from, from + 365 * day)) {
    const a = schedules[shared.first] as ResolvedSchedule;
    const b = schedules[shared.second] as ResolvedSchedule;
    // Shown in the zone both are in, else in UTC.
    const zone = a.timezone === b.timezone ? (a.timezone ?? "UTC") : "UTC";
    const dates = shared.earliest.map((t) => localTime(t, zone));
    const more = shared.count > dates.length ? `, and ${shared.count - dates.length} more` : "";
    sink.report({
      severity: "warning",
      code: "BF1115",
      message:
        `schedules ${shared.first + 1} (${shown(a)}) and ${shared.second + 1} (${shown(b)}) both fire at ` +
        `${dates.join(", ")} (${zone})${more} in the next 12 months: ${task ? "EventBridge starts two ECS tasks" : "Step Functions starts two executions"} at that minute`,
      hint: task
        ? `a scheduled task has no lock: narrow one of the schedules so they never meet, or make it a workflow of one job with lock: { name: ${JSON.stringify(workflow)}, onBusy: "skip" }`
        : lock === undefined
          ? `to run once on those days, give the workflow a lock that skips a run finding it held: lock: { name: ${JSON.stringify(workflow)}, onBusy: "skip" }`
          : `to run once on those days, make the workflow's lock skip at once: lock: { name: ${JSON.stringify(lock.name)}, onBusy: "skip" } (no wait)`,
      site: b.site,
    });
  }
}

function shown(s: ResolvedSchedule): string {
  const builder = s.kind === "aws-cron" ? "awsCron" : s.kind;
  return `${builder}(${JSON.stringify(s.source)}${s.timezone === undefined ? "" : `, { timezone: ${JSON.stringify(s.timezone)} }`})`;
}

function zoneText(s: ResolvedSchedule): string {
  return s.timezone === undefined ? " (UTC)" : ` in ${s.timezone}`;
}

/** `2026-06-01 09:00` as the clock in `zone` shows it. */
function localTime(time: number, zone: string): string {
  const parts = new Intl.DateTimeFormat("en-CA", {
    timeZone: zone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).formatToParts(time);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? "";
  return `${part("year")}-${part("month")}-${part("day")} ${part("hour")}:${part("minute")}`;
}
