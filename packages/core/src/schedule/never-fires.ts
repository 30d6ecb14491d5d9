import { assertNever } from "../ir/flow-node.js";
import { parseAwsCronSchedule } from "./aws-cron-schedule.js";
import { lastYear, scheduleTimes } from "./aws-fire-times.js";

/**
 * Whether an AWS `cron(...)` expression fires at some time from `from` to the end of 2199, the last
 * year its year field takes: a day of the month that its months lack (`31 2`) or years all in the
 * past never do, and AWS takes them all the same. Most expressions name a day every month has, which
 * the fields say; the others are searched for their next fire time, which for one that never fires
 * means day by day to 2199 (tens of milliseconds).
 */
export function firesFrom(expression: string, timezone: string | undefined, from: number): boolean {
  if (onSomeDayOfEveryMonth(expression, from)) return true;
  for (const time of scheduleTimes(expression, { timezone, from })) if (time.kind === "fires") return true;
  return false;
}

/**
 * Every year from `from`'s to 2199 (so a whole next year is left, whatever the months and the
 * zone), and a day every month has: a day of the month up to 28 (or the weekday nearest one), the
 * last day, a weekday, the last of a weekday, or its first to fourth. Minutes, hours and months
 * always name some time of the year.
 */
export function onSomeDayOfEveryMonth(expression: string, from: number): boolean {
  const { years, day } = parseAwsCronSchedule(expression);
  const year = new Date(from).getUTCFullYear();
  if (year >= lastYear) return false;
  for (let y = year; y <= lastYear; y++) if (!years.has(y)) return false;
  switch (day.kind) {
    case "days-of-month":
      return [...day.days].some((d) => d <= 28);
    case "nearest-weekday":
      return day.day <= 28;
    case "nth-weekday-of-month":
      return day.nth <= 4;
    case "last-day-of-month":
    case "days-of-week":
    case "last-weekday-of-month":
      return true;
    default:
      return assertNever(day);
  }
}
