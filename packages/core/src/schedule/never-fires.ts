import { scheduleTimes } from "./aws-fire-times.js";

/**
 * Whether an AWS `cron(...)` expression fires at some time from `from` to the end of 2199, the last
 * year its year field takes: a day of the month that its months lack (`31 2`) or years all in the
 * past never do, and AWS takes them all the same. Most expressions answer at their next fire time;
 * one that never fires is searched day by day to 2199 (tens of milliseconds).
 */
export function firesFrom(expression: string, timezone: string | undefined, from: number): boolean {
  for (const time of scheduleTimes(expression, { timezone, from })) if (time.kind === "fires") return true;
  return false;
}
