/**
 * The days and times an AWS cron expression selects, read the way EventBridge documents them
 * (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-cron-expressions.html): `L`, `nW`,
 * `nL`, `n#k` and the year included. It reads expressions that `crontabToAws` or
 * `awsCronToExpression` wrote (checked already); it never reports problems itself.
 */
export interface AwsCronTimes {
  readonly minutes: ReadonlyArray<number>;
  readonly hours: ReadonlyArray<number>;
  /** Whether the schedule fires on this calendar day (month 1-12). */
  matchesDay(year: number, month: number, day: number): boolean;
}

const MONTHS = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
const DAYS = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

/** The times of `cron(M H DOM MON DOW Y)`; undefined for anything else (a rate). */
export function awsCronTimes(expression: string): AwsCronTimes | undefined {
  const body = /^cron\((.*)\)$/.exec(expression)?.[1];
  const fields = body?.split(" ");
  if (fields?.length !== 6) return undefined;
  const [minuteText, hourText, domText, monthText, dowText, yearText] = fields as [
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  const minutes = values(minuteText, 0, 59);
  const hours = values(hourText, 0, 23);
  const months = new Set(values(monthText, 1, 12, MONTHS));
  const years = new Set(values(yearText, 1970, 2199));
  const dayOfMonth = domText === "?" ? undefined : dayOfMonthTest(domText);
  const dayOfWeek = dowText === "?" ? undefined : dayOfWeekTest(dowText);
  return {
    minutes,
    hours,
    matchesDay(year, month, day) {
      if (!years.has(year) || !months.has(month)) return false;
      return (dayOfMonth?.(year, month, day) ?? true) && (dayOfWeek?.(year, month, day) ?? true);
    },
  };
}

type DayTest = (year: number, month: number, day: number) => boolean;

function dayOfMonthTest(text: string): DayTest {
  if (text === "L") return (year, month, day) => day === daysIn(year, month);
  const weekday = /^(\d+)W$/.exec(text);
  if (weekday) {
    const target = Number(weekday[1]);
    return (year, month, day) => day === nearestWeekday(year, month, target);
  }
  const days = new Set(values(text, 1, 31));
  return (_year, _month, day) => days.has(day);
}

function dayOfWeekTest(text: string): DayTest {
  // Alone, L is the last day of the week: Saturday.
  if (text === "L") return (year, month, day) => weekdayOf(year, month, day) === 6;
  const last = /^(\w+?)L$/.exec(text);
  if (last) {
    const weekday = dayValue(last[1] as string);
    return (year, month, day) => weekdayOf(year, month, day) === weekday && day + 7 > daysIn(year, month);
  }
  const nth = /^(\w+)#(\d)$/.exec(text);
  if (nth) {
    const weekday = dayValue(nth[1] as string);
    const k = Number(nth[2]);
    return (year, month, day) => weekdayOf(year, month, day) === weekday && Math.ceil(day / 7) === k;
  }
  // AWS counts Sunday as 1.
  const weekdays = new Set(values(text, 1, 7, DAYS).map((d) => d - 1));
  return (year, month, day) => weekdays.has(weekdayOf(year, month, day));
}

/** The values of a list of `*`, `a`, `a-b`, `a/n`, `a-b/n` and `* /n` items, ascending. */
function values(text: string, min: number, max: number, names?: ReadonlyArray<string>): number[] {
  const out = new Set<number>();
  for (const item of text.split(",")) {
    const [range = "", stepText] = item.split("/");
    const step = stepText === undefined ? 1 : Number(stepText);
    const [startText = "", endText] = range.split("-");
    const start = range === "*" ? min : value(startText, min, names);
    const end =
      range === "*" || (stepText !== undefined && endText === undefined)
        ? max
        : value(endText ?? startText, min, names);
    for (let v = start; v <= end; v += step) out.add(v);
  }
  return [...out].sort((a, b) => a - b);
}

function value(text: string, min: number, names?: ReadonlyArray<string>): number {
  const index = names?.indexOf(text) ?? -1;
  return index >= 0 ? min + index : Number(text);
}

/** 0 = Sunday, from `1`-`7` or `SUN`-`SAT`. */
function dayValue(text: string): number {
  return value(text, 1, DAYS) - 1;
}

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function weekdayOf(year: number, month: number, day: number): number {
  return new Date(Date.UTC(year, month - 1, day)).getUTCDay();
}

/** `nW`: the weekday nearest day n, within the month (the 1st on a Saturday gives Monday the 3rd). */
function nearestWeekday(year: number, month: number, target: number): number {
  const last = daysIn(year, month);
  const day = Math.min(target, last);
  const weekday = weekdayOf(year, month, day);
  if (weekday === 6) return day === 1 ? 3 : day - 1;
  if (weekday === 0) return day === last ? day - 2 : day + 1;
  return day;
}
