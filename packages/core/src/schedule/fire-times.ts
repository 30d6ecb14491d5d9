import { awsCronTimes } from "./aws-cron-times.js";
import { clockChanges, offsetAt } from "./daylight-saving.js";

/** A schedule as AWS holds it: a `cron(...)` or `rate(...)` expression, in UTC or a zone. */
export interface ZonedExpression {
  readonly expression: string;
  readonly timezone?: string | undefined;
}

const minute = 60_000;
const day = 24 * 60 * minute;

/**
 * The moments (UTC epoch milliseconds, ascending) in [from, to) at which a cron expression fires,
 * in its zone as EventBridge Scheduler runs it: a local time daylight saving skips does not run,
 * one it repeats runs once (the first time). Undefined for a rate, whose minutes depend on when
 * the schedule is created.
 */
export function fireTimes(schedule: ZonedExpression, from: number, to: number): Float64Array | undefined {
  const times = awsCronTimes(schedule.expression);
  if (times === undefined) return undefined;
  const toUtc =
    schedule.timezone === undefined ? (local: number) => local : zoneClock(schedule.timezone, from, to);
  const out: number[] = [];
  // Local days from the day before to the day after: a zone is at most a day away from UTC.
  for (let date = Math.floor(from / day) * day - day; date <= to + day; date += day) {
    const d = new Date(date);
    if (!times.matchesDay(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate())) continue;
    for (const hour of times.hours) {
      for (const m of times.minutes) {
        const at = toUtc(date + hour * 60 * minute + m * minute);
        if (at !== undefined && at >= from && at < to) out.push(at);
      }
    }
  }
  return Float64Array.from(out).sort();
}

interface Period {
  readonly start: number;
  readonly end: number;
  /** Minutes east of UTC. */
  readonly offset: number;
}

/** Local clock time (as UTC fields) to the moment it names in `zone`, from the zone's clock changes. */
function zoneClock(zone: string, from: number, to: number): (local: number) => number | undefined {
  const first = new Date(from - day).getUTCFullYear();
  const last = new Date(to + day).getUTCFullYear();
  const periods: Period[] = [];
  let start = Number.NEGATIVE_INFINITY;
  let offset = offsetAt(zone, Date.UTC(first, 0, 1));
  for (let year = first; year <= last; year++) {
    for (const change of clockChanges(zone, year)) {
      periods.push({ start, end: change.at, offset });
      start = change.at;
      offset = change.after;
    }
  }
  periods.push({ start, end: Number.POSITIVE_INFINITY, offset });
  return (local) => {
    for (const p of periods) {
      const at = local - p.offset * minute;
      if (at >= p.start && at < p.end) return at;
    }
    return undefined;
  };
}

/** Two schedules of a list that start the workflow at the same minute. */
export interface SharedMinutes {
  /** Positions in the list, 0-based, `first < second`. */
  readonly first: number;
  readonly second: number;
  /** How often in the range. */
  readonly count: number;
  /** The earliest few, ascending. */
  readonly earliest: ReadonlyArray<number>;
}

/**
 * Every pair of schedules that fire at the same minute in [from, to), with how often and the
 * earliest `shown` such minutes. Rates are left out (see `fireTimes`).
 */
export function sharedMinutes(
  schedules: ReadonlyArray<ZonedExpression>,
  from: number,
  to: number,
  shown = 3,
): SharedMinutes[] {
  const times = schedules.map((s) => fireTimes(s, from, to));
  const out: SharedMinutes[] = [];
  for (let i = 0; i < times.length; i++) {
    for (let j = i + 1; j < times.length; j++) {
      const a = times[i];
      const b = times[j];
      if (a === undefined || b === undefined) continue;
      const shared = common(a, b);
      if (shared.count > 0)
        out.push({ first: i, second: j, count: shared.count, earliest: shared.all.slice(0, shown) });
    }
  }
  return out;
}

/** The values two ascending arrays share, by merging them. */
function common(a: Float64Array, b: Float64Array): { count: number; all: number[] } {
  const all: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const x = a[i] as number;
    const y = b[j] as number;
    if (x === y) {
      all.push(x);
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  return { count: all.length, all };
}
