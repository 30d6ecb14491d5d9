import { assertNever } from "../ir/flow-node.js";
import { type AwsCronDay, type AwsCronSchedule, parseAwsCronSchedule } from "./aws-cron-schedule.js";
import { zoneOffset } from "./daylight-saving.js";

/** One moment an AWS schedule starts its target, or a local time it does not because the clocks skip it. */
export type ScheduleTime =
  | {
      readonly kind: "fires";
      /** Epoch milliseconds. */
      readonly at: number;
      /** The wall clock of the schedule's zone at `at`, as epoch milliseconds of the same UTC fields. */
      readonly local: number;
      /** The zone's offset from UTC at `at`, in minutes (east positive). */
      readonly offsetMinutes: number;
      /** The zone's clocks change on this local day. */
      readonly clockChangeDay: boolean;
      /** The local time happens twice that day (the clocks went back); EventBridge Scheduler fires once, the first time. */
      readonly repeated: boolean;
    }
  | {
      readonly kind: "skipped";
      /** The local time the clocks jump over (as UTC fields): EventBridge Scheduler does not fire. */
      readonly local: number;
    };

export interface ScheduleTimesOptions {
  /** IANA zone the expression is evaluated in; without one, UTC (an EventBridge rule). */
  readonly timezone?: string | undefined;
  /** Epoch milliseconds: the first time returned is at or after it. */
  readonly from: number;
  /**
   * Epoch milliseconds: stop before it (a caller that wants a range sets it, so that a schedule
   * that seldom or never fires is not searched to the year 2199).
   */
  readonly until?: number | undefined;
}

const minute = 60_000;
const day = 86_400_000;
/** The last year an AWS cron year field takes: where the search for fire times ends. */
export const lastYear = 2199;
const rateUnits: Readonly<Record<string, number>> = { minute, hour: 60 * minute, day };

/**
 * The times an AWS schedule expression fires, in order, as EventBridge evaluates it: `cron(...)` in the
 * schedule's zone (Scheduler) or UTC (a rule, which has no zone), a local time that daylight saving
 * skips not fired, one it repeats fired once; `rate(...)` every N units from `from` (a rate counts
 * from when the schedule is created, so `from` stands for the deploy). Ends after the year 2199.
 */
export function* scheduleTimes(expression: string, options: ScheduleTimesOptions): Generator<ScheduleTime> {
  const rate = /^\s*rate\(\s*([0-9]+)\s+(minute|hour|day)s?\s*\)\s*$/i.exec(expression);
  if (rate !== null) {
    yield* rateTimes(Number(rate[1]) * (rateUnits[(rate[2] as string).toLowerCase()] as number), options);
    return;
  }
  yield* cronTimes(parseAwsCronSchedule(expression), options);
}

function* rateTimes(
  every: number,
  { timezone, from, until = Number.POSITIVE_INFINITY }: ScheduleTimesOptions,
): Generator<ScheduleTime> {
  if (every <= 0) return;
  const offset = timezone === undefined ? () => 0 : zoneOffset(timezone);
  for (
    let at = Math.ceil(from / minute) * minute;
    at < until && new Date(at).getUTCFullYear() <= lastYear;
    at += every
  ) {
    const offsetMinutes = offset(at);
    const local = at + offsetMinutes * minute;
    const clockChangeDay = timezone !== undefined && changesOn(offset, Math.floor(local / day) * day);
    yield { kind: "fires", at, local, offsetMinutes, clockChangeDay, repeated: false };
  }
}

function* cronTimes(
  schedule: AwsCronSchedule,
  { timezone, from, until = Number.POSITIVE_INFINITY }: ScheduleTimesOptions,
): Generator<ScheduleTime> {
  const offset = timezone === undefined ? () => 0 : zoneOffset(timezone);
  const clock = [...schedule.hours]
    .flatMap((h) => [...schedule.minutes].map((m) => (h * 60 + m) * minute))
    .sort((a, b) => a - b);
  const maxYear = Math.max(...schedule.years);
  for (let date = Math.floor((from + offset(from) * minute) / day) * day; ; date += day) {
    const when = new Date(date);
    const year = when.getUTCFullYear();
    // A local day starts at most 14 hours before the same UTC day.
    if (year > maxYear || date - day > until) return;
    if (!schedule.years.has(year)) {
      date = Date.UTC(year + 1, 0, 1) - day;
      continue;
    }
    if (!schedule.months.has(when.getUTCMonth() + 1) || !dayMatches(schedule.day, when)) continue;
    // The offsets a day and a half either side: equal, and no clock change touches this local day.
    const before = offset(date - day);
    const after = offset(date + 2 * day);
    const changing = before !== after;
    const clockChangeDay = changing && changesOn(offset, date);
    for (const time of clock) {
      const local = date + time;
      if (!changing) {
        // Most days: one offset all day, one instant per local time.
        const at = local - before * minute;
        if (at < from) continue;
        if (at >= until) return;
        yield { kind: "fires", at, local, offsetMinutes: before, clockChangeDay, repeated: false };
        continue;
      }
      const instants = [...new Set([local - before * minute, local - after * minute])].filter(
        (at) => at + offset(at) * minute === local,
      );
      const at = Math.min(...instants);
      if (instants.length === 0) {
        const near = local - Math.min(before, after) * minute;
        if (near >= from && near < until) yield { kind: "skipped", local };
        continue;
      }
      if (at < from) continue;
      if (at >= until) return;
      yield {
        kind: "fires",
        at,
        local,
        offsetMinutes: (local - at) / minute,
        clockChangeDay,
        repeated: instants.length > 1,
      };
    }
  }
}

/** Whether the zone's offset differs between the start and the end of the local day `date`. */
function changesOn(offset: (time: number) => number, date: number): boolean {
  const start = date - offset(date) * minute;
  const end = date + day - offset(date + day) * minute;
  return offset(start) !== offset(end - 1);
}

function dayMatches(rule: AwsCronDay, date: Date): boolean {
  const dayOfMonth = date.getUTCDate();
  const weekday = date.getUTCDay() + 1;
  const length = daysInMonth(date);
  switch (rule.kind) {
    case "days-of-month":
      return rule.days.has(dayOfMonth);
    case "last-day-of-month":
      return dayOfMonth === length;
    case "nearest-weekday":
      return dayOfMonth === nearestWeekday(rule.day, date, length);
    case "days-of-week":
      return rule.days.has(weekday);
    case "last-weekday-of-month":
      return weekday === rule.weekday && dayOfMonth + 7 > length;
    case "nth-weekday-of-month":
      return weekday === rule.weekday && Math.ceil(dayOfMonth / 7) === rule.nth;
    default:
      return assertNever(rule);
  }
}

/**
 * `nW`: day n when it is a weekday, else the Friday before or the Monday after, never leaving the
 * month (1W on a Saturday is Monday the 3rd); a month without day n has none.
 */
function nearestWeekday(n: number, date: Date, length: number): number | undefined {
  if (n > length) return undefined;
  const weekday = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), n)).getUTCDay();
  if (weekday === 6) return n === 1 ? 3 : n - 1;
  if (weekday === 0) return n === length ? n - 2 : n + 1;
  return n;
}

function daysInMonth(date: Date): number {
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 0)).getUTCDate();
}
