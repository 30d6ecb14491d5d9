import { type ResolvedSchedule, scheduleTimes } from "@batchflow/core";

/** One fire time, as `explain --json` prints it. */
export interface FireTimeJson {
  /** Which schedule fires, 1-based, in the order the workflow lists them. */
  readonly schedule: number;
  /** ISO 8601, UTC. */
  readonly utc: string;
  /** The wall clock of that schedule's zone, `YYYY-MM-DDTHH:MM` (UTC for a rule). */
  readonly local: string;
  readonly offsetMinutes: number;
  /** The zone's clocks change on this local day. */
  readonly clockChangeDay: boolean;
  /** This local time happens twice that day: EventBridge Scheduler fires once, at the first. */
  readonly repeated: boolean;
}

export interface ScheduleExplanation {
  /** 1-based, in the order the workflow lists its schedules. */
  readonly number: number;
  /** The AWS expression that deploys. */
  readonly expression: string;
  /** Absent: an EventBridge rule, evaluated in UTC. */
  readonly timezone?: string;
  /** `rule` (EventBridge, UTC) or `scheduler` (EventBridge Scheduler, in `timezone`). */
  readonly target: "rule" | "scheduler";
  /** In words, by cronstrue (a rate in our own words). */
  readonly description: string;
  /** Local times daylight saving skips, on which nothing runs (`YYYY-MM-DDTHH:MM`), among its fire times listed. */
  readonly skipped: ReadonlyArray<string>;
  /** Its runs in the 30 days from `from`. */
  readonly runsIn30Days: number;
}

/** A workflow's schedules, and their fire times merged into one timeline. */
export interface SchedulesExplanation {
  readonly schedules: ReadonlyArray<ScheduleExplanation>;
  /** The next fire times of all the schedules together, in order (a minute two share: both, by number). */
  readonly next: ReadonlyArray<FireTimeJson>;
  /** Executions started in the 30 days from `from`: every schedule's fire starts one, shared minutes too. */
  readonly runsIn30Days: number;
  /** Minutes in those 30 days at which two or more schedules fire (each still starts its own execution). */
  readonly sharedMinutesIn30Days: number;
}

const thirtyDays = 30 * 86_400_000;

/** Each schedule in words, their next `count` fire times merged, and the runs in the 30 days from `from`. */
export async function explainSchedules(
  schedules: ReadonlyArray<ResolvedSchedule>,
  from: number,
  count: number,
): Promise<SchedulesExplanation> {
  const own = schedules.map((s, i) => firstTimes(s, i + 1, from, count));
  const next = own
    .flatMap((o) => o.next)
    .sort((a, b) => a.utc.localeCompare(b.utc) || a.schedule - b.schedule)
    .slice(0, count);
  const perMinute = new Map<number, number>();
  const explained: ScheduleExplanation[] = [];
  for (const [i, schedule] of schedules.entries()) {
    const shown = next.filter((t) => t.schedule === i + 1).length;
    const timezone = schedule.timezone;
    let runsIn30Days = 0;
    for (const time of scheduleTimes(schedule.expression, { timezone, from, until: from + thirtyDays })) {
      if (time.kind === "skipped") continue;
      runsIn30Days++;
      perMinute.set(time.at, (perMinute.get(time.at) ?? 0) + 1);
    }
    explained.push({
      number: i + 1,
      expression: schedule.expression,
      ...(timezone === undefined ? {} : { timezone }),
      target: timezone === undefined ? "rule" : "scheduler",
      description: await describe(schedule.expression),
      // Those that come before one of its fire times listed.
      skipped: own[i]?.skipped.filter((s) => s.firesBefore < shown).map((s) => s.local) ?? [],
      runsIn30Days,
    });
  }
  return {
    schedules: explained,
    next,
    runsIn30Days: explained.reduce((n, s) => n + s.runsIn30Days, 0),
    sharedMinutesIn30Days: [...perMinute.values()].filter((n) => n > 1).length,
  };
}

/** A schedule's first `count` fire times from `from`, and the skipped local times among them. */
function firstTimes(schedule: ResolvedSchedule, number: number, from: number, count: number) {
  const next: FireTimeJson[] = [];
  const skipped: Array<{ local: string; firesBefore: number }> = [];
  for (const time of scheduleTimes(schedule.expression, { timezone: schedule.timezone, from })) {
    if (next.length === count) break;
    if (time.kind === "skipped") {
      skipped.push({ local: minuteText(time.local), firesBefore: next.length });
      continue;
    }
    next.push({
      schedule: number,
      utc: new Date(time.at).toISOString(),
      local: minuteText(time.local),
      offsetMinutes: time.offsetMinutes,
      clockChangeDay: time.clockChangeDay,
      repeated: time.repeated,
    });
  }
  return { next, skipped };
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
