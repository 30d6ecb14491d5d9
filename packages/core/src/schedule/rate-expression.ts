import { expressionNotText } from "./expression-not-text.js";
import type { ScheduleResult } from "./schedule-result.js";

type RateUnit = "minute" | "hour" | "day";

const UNITS: Readonly<Record<string, RateUnit>> = {
  m: "minute",
  min: "minute",
  mins: "minute",
  minute: "minute",
  minutes: "minute",
  h: "hour",
  hr: "hour",
  hrs: "hour",
  hour: "hour",
  hours: "hour",
  d: "day",
  day: "day",
  days: "day",
};
const SECONDS = new Set(["s", "sec", "secs", "second", "seconds"]);
const WEEKS = new Set(["w", "wk", "wks", "week", "weeks"]);
const MINUTES_PER: Readonly<Record<RateUnit, number>> = { day: 1440, hour: 60, minute: 1 };

/**
 * Normalizes a rate such as `"5 minutes"`, `"1h"` or `"rate(2 days)"` into the AWS form `rate(N unit)`.
 * AWS rejects `rate(1 hours)` and `rate(5 hour)`, so the unit is written singular exactly when N is 1.
 * @returns the AWS expression, or a BF1105 problem (never throws)
 */
export function parseRate(expr: string): ScheduleResult {
  const notText = expressionNotText(expr, "rate");
  if (notText) return { ok: false, problems: [notText] };
  const inner = /^\s*rate\((.*)\)\s*$/i.exec(expr)?.[1] ?? expr;
  const match = /^\s*([+-]?[0-9]+(?:\.[0-9]+)?)\s*([a-z]+)\s*$/i.exec(inner);
  if (match === null) {
    return invalid(
      `Rate "${expr}" is not a number followed by a unit.`,
      `Write e.g. "5 minutes", "1 hour" or "2 days" (or "5m", "1h", "2d").`,
    );
  }
  const [, amountText = "", unitText = ""] = match;
  const amount = Number(amountText);
  const unitKey = unitText.toLowerCase();
  if (SECONDS.has(unitKey)) {
    return invalid(
      `Rate "${expr}" is in seconds, but AWS schedules fire at most once a minute.`,
      `Use "1 minute" or longer; for sub-minute work, loop inside the job.`,
    );
  }
  if (WEEKS.has(unitKey)) {
    return invalid(
      `Rate "${expr}" is in weeks, which AWS rate expressions do not support.`,
      `Write it in days, e.g. "${Number.isInteger(amount) && amount > 0 ? amount * 7 : 7} days".`,
    );
  }
  const unit = UNITS[unitKey];
  if (unit === undefined) {
    return invalid(
      `Rate "${expr}" has an unknown unit "${unitText}".`,
      `Use minutes, hours or days (m, h, d); for a monthly or yearly run use a cron schedule such as "@monthly".`,
    );
  }
  if (!Number.isInteger(amount) || amount < 1) {
    const exact = wholeRate(amount * MINUTES_PER[unit]);
    return invalid(
      `Rate "${expr}" must be a whole number of ${unit}s, at least 1.`,
      exact === undefined ? `Use a positive whole number, e.g. "1 ${unit}".` : `Write it as "${exact}".`,
    );
  }
  return { ok: true, expression: `rate(${amount} ${unit}${amount === 1 ? "" : "s"})` };
}

/** Re-expresses a fractional rate such as 1.5 hours in the largest unit that makes it whole (90 minutes). */
function wholeRate(minutes: number): string | undefined {
  if (!(minutes >= 1)) return undefined;
  for (const unit of ["day", "hour", "minute"] as const) {
    const amount = minutes / MINUTES_PER[unit];
    // Tolerate binary rounding, e.g. 0.1 hours * 60 = 6.000000000000001.
    const rounded = Math.round(amount);
    if (rounded >= 1 && Math.abs(amount - rounded) < 1e-9)
      return `${rounded} ${unit}${rounded === 1 ? "" : "s"}`;
  }
  return undefined;
}

function invalid(message: string, hint: string): ScheduleResult {
  return { ok: false, problems: [{ code: "BF1105", message, hint }] };
}
