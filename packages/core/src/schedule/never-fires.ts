import { scheduleTimes } from "./aws-fire-times.js";

/**
 * Whether an AWS `cron(...)` expression fires at some time from `from` to the end of 2199, the last
 * year its year field takes: a day of the month that its months lack (`31 2`) or years all in the
 * past never do, and AWS takes them all the same. Most expressions name a day every month has, which
 * the fields say; the others are searched for their next fire time, which for one that never fires
 * means day by day to 2199 (tens of milliseconds).
 */
export function firesFrom(expression: string, timezone: string | undefined, from: number): boolean {
  if (onSomeDayOfEveryMonth(expression)) return true;
  for (const time of scheduleTimes(expression, { timezone, from })) if (time.kind === "fires") return true;
  return false;
}

/**
 * Every year (`*`), and a day every month has: plain weekdays (no `#` or `L`), or a day of the
 * month from 1 to 28 (a list, a range or an increment starting there). Minutes and hours always
 * name some time of the day. Not a check of the syntax: the expression was converted or checked.
 */
export function onSomeDayOfEveryMonth(expression: string): boolean {
  const fields = /^\s*cron\((.*)\)\s*$/.exec(expression)?.[1]?.trim().split(/\s+/);
  if (fields === undefined || fields.length !== 6) return false;
  const [, , dayOfMonth = "", , dayOfWeek = "", year = ""] = fields;
  if (year !== "*") return false;
  if (dayOfMonth === "?")
    return dayOfWeek === "*" || (/^[0-9A-Za-z,/-]+$/.test(dayOfWeek) && !/L/i.test(dayOfWeek));
  if (dayOfMonth === "*") return true;
  if (!/^[0-9,/-]+$/.test(dayOfMonth)) return false;
  // The first day each list item names: "5", "25-31" and "1/7" start at 5, 25 and 1.
  return dayOfMonth.split(",").some((item) => Number(/^[0-9]+/.exec(item)?.[0] ?? "99") <= 28);
}
