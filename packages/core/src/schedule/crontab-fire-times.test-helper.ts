// Test-only: fire times of a crontab line by croner, an independent cron implementation, to check
// what batchflow converts a line into against what cron would have run.
import { Cron } from "croner";

// A leap year, so Feb 29 and a 366-day calendar are exercised.
export const YEAR = 2024;

/**
 * Fire times of the ORIGINAL crontab line according to croner, configured as Vixie cron: minute-level
 * 5-field patterns, 0/7 = Sunday, day-of-month OR day-of-week (`domAndDow: false`), and `a/n` accepted.
 * `utcOffset: 0` is UTC; unlike `timezone: "UTC"` it skips Intl on every step, which is ~10x faster.
 *
 * In UTC a line's minute and hour fields pick the same times on every day its three day fields
 * pick, so croner is asked for the two separately: the days of the year ("0 0" and the day
 * fields) and the times of one day (the minute and hour fields, every day). Their product is the
 * year's fire times; `* * * * *` takes 366 + 1,440 steps of croner instead of 527,040.
 */
export function cronerFireTimes(crontab: string, options: { timezone?: string } = {}): number[] {
  const fields = crontab.trim().split(/\s+/);
  if (options.timezone !== undefined || fields.length !== 5) {
    return cronerRuns(crontab, options, Date.UTC(YEAR, 0, 1), Date.UTC(YEAR + 1, 0, 1));
  }
  const [minute, hour, ...days] = fields;
  const dayStarts = cronerRuns(`0 0 ${days.join(" ")}`, {}, Date.UTC(YEAR, 0, 1), Date.UTC(YEAR + 1, 0, 1));
  const firstDay = Date.UTC(YEAR, 0, 1);
  const timesOfDay = cronerRuns(`${minute} ${hour} * * *`, {}, firstDay, firstDay + 86_400_000).map(
    (time) => time - firstDay,
  );
  return dayStarts.flatMap((day) => timesOfDay.map((time) => day + time));
}

/** croner's fire times in [from, to). */
function cronerRuns(crontab: string, options: { timezone?: string }, from: number, to: number): number[] {
  const cron = new Cron(crontab, {
    mode: "5-part",
    domAndDow: false,
    sloppyRanges: true,
    ...(options.timezone === undefined ? { utcOffset: 0 } : { timezone: options.timezone }),
  });
  const times: number[] = [];
  for (let run = cron.nextRun(new Date(from - 1000)); run !== null; run = cron.nextRun(run)) {
    if (run.getTime() >= to) break;
    times.push(run.getTime());
  }
  return times;
}

/** Describes the first fire time on which the two schedules disagree, if any. */
export function firstDifference(
  aws: ReadonlyArray<number>,
  crontab: ReadonlyArray<number>,
): string | undefined {
  const show = (time: number | undefined) => (time === undefined ? "nothing" : new Date(time).toISOString());
  for (let index = 0; index < Math.max(aws.length, crontab.length); index++) {
    if (aws[index] !== crontab[index]) {
      return `run #${index}: AWS fires at ${show(aws[index])}, crontab at ${show(crontab[index])}`;
    }
  }
  return undefined;
}
