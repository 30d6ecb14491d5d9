import { scheduleTimes } from "./aws-fire-times.js";

/** A schedule as AWS holds it: a `cron(...)` or `rate(...)` expression, in UTC or a zone. */
export interface ZonedExpression {
  readonly expression: string;
  readonly timezone?: string | undefined;
}

/** Two schedules of a list that start the workflow at the same minute. */
export interface SharedMinutes {
  /** Positions in the list, 0-based, `first < second`. */
  readonly first: number;
  readonly second: number;
  /** How often in the range. */
  readonly count: number;
  /** The earliest few, ascending (UTC epoch milliseconds). */
  readonly earliest: ReadonlyArray<number>;
}

/**
 * Every pair of schedules that fire at the same minute in [from, to), with how often and the
 * earliest `shown` such minutes, from the moments `scheduleTimes` gives (a local time daylight
 * saving skips does not fire, one it repeats fires once). Rates are left out: their minutes depend
 * on when the schedule is created.
 */
export function sharedMinutes(
  schedules: ReadonlyArray<ZonedExpression>,
  from: number,
  to: number,
  shown = 3,
): SharedMinutes[] {
  const times = schedules.map((s) => cronTimesBetween(s, from, to));
  const out: SharedMinutes[] = [];
  for (let i = 0; i < times.length; i++) {
    for (let j = i + 1; j < times.length; j++) {
      const a = times[i];
      const b = times[j];
      if (a === undefined || b === undefined) continue;
      const shared = common(a, b);
      if (shared.length > 0)
        out.push({ first: i, second: j, count: shared.length, earliest: shared.slice(0, shown) });
    }
  }
  return out;
}

/** The moments in [from, to) a cron schedule fires, ascending; undefined for a rate. */
function cronTimesBetween(schedule: ZonedExpression, from: number, to: number): Float64Array | undefined {
  if (/^\s*rate\(/i.test(schedule.expression)) return undefined;
  const out: number[] = [];
  for (const time of scheduleTimes(schedule.expression, { timezone: schedule.timezone, from, until: to })) {
    if (time.kind === "fires") out.push(time.at);
  }
  return Float64Array.from(out);
}

/** The values two ascending arrays share, by merging them. */
function common(a: Float64Array, b: Float64Array): number[] {
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
  return all;
}
