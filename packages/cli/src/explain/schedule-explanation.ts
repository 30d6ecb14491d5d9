import { type ResolvedSchedule, scheduleTimes } from "@batchflow/core";

/** One fire time, as `explain --json` prints it. */
export interface FireTimeJson {
  /** ISO 8601, UTC. */
  readonly utc: string;
  /** The wall clock of the schedule's zone, `YYYY-MM-DDTHH:MM` (UTC for a rule). */
  readonly local: string;
  readonly offsetMinutes: number;
  /** The zone's clocks change on this local day. */
  readonly clockChangeDay: boolean;
  /** This local time happens twice that day: EventBridge Scheduler fires once, at the first. */
  readonly repeated: boolean;
}

export interface ScheduleExplanation {
  /** The AWS expression that deploys. */
  readonly expression: string;
  /** Absent: an EventBridge rule, evaluated in UTC. */
  readonly timezone?: string;
  /** `rule` (EventBridge, UTC) or `scheduler` (EventBridge Scheduler, in `timezone`). */
  readonly target: "rule" | "scheduler";
  /** In words, by cronstrue (a rate in our own words). */
  readonly description: string;
  readonly next: ReadonlyArray<FireTimeJson>;
  /** Local times among those daylight saving skips, on which nothing runs (`YYYY-MM-DDTHH:MM`). */
  readonly skipped: ReadonlyArray<string>;
  /** Runs in the 30 days from `from`. */
  readonly runsIn30Days: number;
}

const thirtyDays = 30 * 86_400_000;

/** The schedule in words, its next `count` fire times from `from`, and its runs in the 30 days after it. */
export async function explainSchedule(
  schedule: ResolvedSchedule,
  from: number,
  count: number,
): Promise<ScheduleExplanation> {
  const timezone = schedule.timezone;
  const next: FireTimeJson[] = [];
  const skipped: string[] = [];
  for (const time of scheduleTimes(schedule.expression, { timezone, from })) {
    if (next.length === count) break;
    if (time.kind === "skipped") {
      skipped.push(minuteText(time.local));
      continue;
    }
    next.push({
      utc: new Date(time.at).toISOString(),
      local: minuteText(time.local),
      offsetMinutes: time.offsetMinutes,
      clockChangeDay: time.clockChangeDay,
      repeated: time.repeated,
    });
  }
  let runsIn30Days = 0;
  for (const time of scheduleTimes(schedule.expression, { timezone, from })) {
    if (time.kind === "skipped") continue;
    if (time.at >= from + thirtyDays) break;
    runsIn30Days++;
  }
  return {
    expression: schedule.expression,
    ...(timezone === undefined ? {} : { timezone }),
    target: timezone === undefined ? "rule" : "scheduler",
    description: await describe(schedule.expression),
    next,
    skipped,
    runsIn30Days,
  };
}

/** cronstrue reads Quartz's seven fields (seconds first), whose day-of-week counts from 1 = Sunday as AWS's does. */
async function describe(expression: string): Promise<string> {
  const rate = /^rate\((\d+) (minute|hour|day)s?\)$/.exec(expression);
  if (rate !== null) {
    const n = Number(rate[1]);
    return `Every ${n === 1 ? rate[2] : `${n} ${rate[2]}s`}, counted from when the schedule is created`;
  }
  const fields = /^cron\((.*)\)$/.exec(expression)?.[1] ?? expression;
  // Loaded here: only explain needs it.
  const { default: cronstrue } = await import("cronstrue");
  return cronstrue.toString(`0 ${fields}`, { dayOfWeekStartIndexZero: false, use24HourTimeFormat: true });
}

function minuteText(time: number): string {
  return new Date(time).toISOString().slice(0, 16);
}
