/**
 * An AWS cron expression read into the values each field selects, for computing its fire times.
 * It reads only what `awsCronToExpression` accepts (EventBridge's documented syntax); anything else
 * throws, since an expression that deploys was checked by it first.
 */
export interface AwsCronSchedule {
  readonly minutes: ReadonlySet<number>;
  readonly hours: ReadonlySet<number>;
  readonly months: ReadonlySet<number>;
  readonly years: ReadonlySet<number>;
  readonly day: AwsCronDay;
}

/** Which days of a month fire: the one of the two day fields that is not `?`. */
export type AwsCronDay =
  /** Day-of-month values, 1-31. */
  | { readonly kind: "days-of-month"; readonly days: ReadonlySet<number> }
  /** `L`: the last day of the month. */
  | { readonly kind: "last-day-of-month" }
  /** `nW`: the weekday (Monday-Friday) nearest day n, within the same month. */
  | { readonly kind: "nearest-weekday"; readonly day: number }
  /** Day-of-week values, 1 = Sunday ... 7 = Saturday (`L` alone is 7). */
  | { readonly kind: "days-of-week"; readonly days: ReadonlySet<number> }
  /** `nL`: the last weekday n of the month. */
  | { readonly kind: "last-weekday-of-month"; readonly weekday: number }
  /** `n#k`: the k-th weekday n of the month. */
  | { readonly kind: "nth-weekday-of-month"; readonly weekday: number; readonly nth: number };

interface FieldRange {
  readonly min: number;
  readonly max: number;
  readonly names?: ReadonlyArray<string>;
}

const MONTHS = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
const DAYS = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];
const minute: FieldRange = { min: 0, max: 59 };
const hour: FieldRange = { min: 0, max: 23 };
const dayOfMonth: FieldRange = { min: 1, max: 31 };
const month: FieldRange = { min: 1, max: 12, names: MONTHS };
const dayOfWeek: FieldRange = { min: 1, max: 7, names: DAYS };
const year: FieldRange = { min: 1970, max: 2199 };

/** Reads `cron(M H DOM MON DOW Y)` (upper- or lower-case names); throws on what AWS would reject. */
export function parseAwsCronSchedule(expression: string): AwsCronSchedule {
  const body = /^\s*cron\((.*)\)\s*$/is.exec(expression)?.[1] ?? expression;
  const fields = body.trim().toUpperCase().split(/\s+/);
  if (fields.length !== 6) throw new Error(`not a six-field AWS cron expression: ${expression}`);
  const [m, h, dom, mon, dow, y] = fields as [string, string, string, string, string, string];
  if ((dom === "?") === (dow === "?")) {
    throw new Error(`exactly one day field of ${expression} must be "?"`);
  }
  return {
    minutes: values(m, minute),
    hours: values(h, hour),
    months: values(mon, month),
    years: values(y, year),
    day: dom === "?" ? weekDay(dow) : monthDay(dom),
  };
}

function monthDay(text: string): AwsCronDay {
  if (text === "L") return { kind: "last-day-of-month" };
  const nearest = /^([0-9]+)W$/.exec(text);
  if (nearest) return { kind: "nearest-weekday", day: value(nearest[1] as string, dayOfMonth) };
  return { kind: "days-of-month", days: values(text, dayOfMonth) };
}

function weekDay(text: string): AwsCronDay {
  if (text === "L") return { kind: "days-of-week", days: new Set([7]) };
  const last = /^([0-9]+|[A-Z]{3})L$/.exec(text);
  if (last) return { kind: "last-weekday-of-month", weekday: value(last[1] as string, dayOfWeek) };
  const nth = /^([0-9]+|[A-Z]{3})#([1-5])$/.exec(text);
  if (nth) {
    return {
      kind: "nth-weekday-of-month",
      weekday: value(nth[1] as string, dayOfWeek),
      nth: Number(nth[2]),
    };
  }
  return { kind: "days-of-week", days: values(text, dayOfWeek) };
}

/** A field of values, ranges `a-b`, increments `a/n`, `a-b/n`, `* /n` and `*`, separated by commas. */
function values(text: string, range: FieldRange): ReadonlySet<number> {
  const selected = new Set<number>();
  for (const item of text.split(",")) {
    const match = /^(?:(\*)|([A-Z0-9]+)(?:-([A-Z0-9]+))?)(?:\/([0-9]+))?$/.exec(item);
    if (match === null) throw new Error(`"${item}" is not an AWS cron item`);
    const [, star, startText, endText, stepText] = match;
    const step = stepText === undefined ? 1 : Number(stepText);
    if (step < 1) throw new Error(`"${item}" has a zero increment`);
    const start = star === undefined ? value(startText as string, range) : range.min;
    // `a/n` runs from a to the field's maximum, as `*` does.
    const end =
      endText !== undefined
        ? value(endText, range)
        : star === undefined && stepText === undefined
          ? start
          : range.max;
    if (end < start) throw new Error(`"${item}" runs backwards`);
    for (let v = start; v <= end; v += step) selected.add(v);
  }
  return selected;
}

function value(token: string, range: FieldRange): number {
  const named = range.names?.indexOf(token) ?? -1;
  const v = named >= 0 ? range.min + named : /^[0-9]+$/.test(token) ? Number(token) : Number.NaN;
  if (!(v >= range.min && v <= range.max))
    throw new Error(`"${token}" is out of range ${range.min}-${range.max}`);
  return v;
}
