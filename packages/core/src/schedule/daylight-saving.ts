import type { CrontabTimes, ScheduleProblem } from "./schedule-result.js";

/** A moment the zone's clocks change: its offset from UTC, in minutes, before and after. */
export interface ClockChange {
  /** Epoch milliseconds. */
  readonly at: number;
  readonly before: number;
  readonly after: number;
}

const minute = 60_000;
const week = 7 * 24 * 60 * minute;

const formatters = new Map<string, Intl.DateTimeFormat>();
const changesByZoneAndYear = new Map<string, ReadonlyArray<ClockChange>>();

/**
 * The clock changes of `zone` in `year` (UTC), found by sampling the offset weekly and narrowing
 * each difference down to the minute: about 80 offset lookups, where hour by hour would take 8,784.
 * Zones change their clocks months apart, so a week cannot hide two changes.
 */
export function clockChanges(zone: string, year: number): ReadonlyArray<ClockChange> {
  const key = `${zone}\u0000${year}`;
  const known = changesByZoneAndYear.get(key);
  if (known !== undefined) return known;
  const changes: ClockChange[] = [];
  const end = Date.UTC(year + 1, 0, 1);
  let from = Date.UTC(year, 0, 1);
  let offset = offsetAt(zone, from);
  while (from < end) {
    const to = Math.min(from + week, end);
    const next = offsetAt(zone, to);
    if (next !== offset) {
      // The offset is `offset` at `low` and differs at `high`: halve until they are a minute apart.
      let low = from;
      let high = to;
      while (high - low > minute) {
        const middle = low + Math.floor((high - low) / 2 / minute) * minute;
        if (offsetAt(zone, middle) === offset) low = middle;
        else high = middle;
      }
      changes.push({ at: high, before: offset, after: offsetAt(zone, high) });
      offset = offsetAt(zone, high);
      // Two changes within the same week (a zone that springs forward and back within days) are found
      // by sampling again from the change.
      from = high;
      continue;
    }
    from = to;
  }
  changesByZoneAndYear.set(key, changes);
  return changes;
}

const yearStartOffsets = new Map<string, number>();

/**
 * The zone's offset from UTC as a function of time, read from its clock changes (found once per
 * zone and year, then cached): a lookup, where `offsetAt` asks Intl each time. For evaluating
 * schedules over months, which asks for an offset on every day.
 */
export function zoneOffset(zone: string): (time: number) => number {
  // The year last asked for, [yearStart, yearEnd): schedules ask for times in order.
  let yearStart = Number.POSITIVE_INFINITY;
  let yearEnd = Number.NEGATIVE_INFINITY;
  let start = 0;
  let changes: ReadonlyArray<ClockChange> = [];
  return (time) => {
    if (time < yearStart || time >= yearEnd) {
      const y = new Date(time).getUTCFullYear();
      yearStart = Date.UTC(y, 0, 1);
      yearEnd = Date.UTC(y + 1, 0, 1);
      const key = `${zone}\u0000${y}`;
      start = yearStartOffsets.get(key) ?? offsetAt(zone, yearStart);
      yearStartOffsets.set(key, start);
      changes = clockChanges(zone, y);
    }
    let offset = start;
    for (const change of changes) {
      if (change.at > time) break;
      offset = change.after;
    }
    return offset;
  };
}

/** The zone's offset from UTC at `time`, in minutes (east positive). */
export function offsetAt(zone: string, time: number): number {
  let format = formatters.get(zone);
  if (format === undefined) {
    format = new Intl.DateTimeFormat("en-US", { timeZone: zone, timeZoneName: "longOffset" });
    formatters.set(zone, format);
  }
  const name = format.formatToParts(time).find((part) => part.type === "timeZoneName")?.value ?? "GMT";
  const match = /^GMT(?:([+-])(\d{2}):(\d{2}))?$/.exec(name);
  if (match === null || match[1] === undefined) return 0;
  const minutes = Number(match[2]) * 60 + Number(match[3]);
  return match[1] === "-" ? -minutes : minutes;
}

/**
 * BF1112 warnings for a crontab schedule in `zone` that fires, in the 12 months from `from`, at a
 * local time daylight saving skips (EventBridge Scheduler does not run it; a cron daemon runs it
 * right after the change) or repeats (Scheduler runs it once). At most one of each, for the first
 * such day: the next one, not one already past.
 */
export function daylightSavingWarnings(
  times: CrontabTimes,
  zone: string,
  from: number,
  quoted: string,
): ScheduleProblem[] {
  const warnings: ScheduleProblem[] = [];
  let skipped = false;
  let repeated = false;
  const year = new Date(from).getUTCFullYear();
  const until = Date.UTC(year + 1, new Date(from).getUTCMonth(), new Date(from).getUTCDate());
  const changes = [...clockChanges(zone, year), ...clockChanges(zone, year + 1)].filter(
    (c) => c.at >= from && c.at < until,
  );
  for (const change of changes) {
    const forward = change.after > change.before;
    if ((forward && skipped) || (!forward && repeated)) continue;
    // Local clock times as UTC fields: the skipped ones run from the old offset to the new, the
    // repeated ones from the new to the old.
    const start = change.at + Math.min(change.before, change.after) * minute;
    const end = change.at + Math.max(change.before, change.after) * minute;
    const fires = firstFiring(times, start, end);
    if (fires === undefined) continue;
    const day = new Date(start).toISOString().slice(0, 10);
    const span = `${clock(start)}-${clock(end)}`;
    if (forward) {
      skipped = true;
      warnings.push({
        code: "BF1112",
        message: `${quoted} fires at ${clock(fires)} in ${zone}, a time daylight saving skips: on ${day} the clocks go from ${clock(start)} to ${clock(end)}, and EventBridge Scheduler does not run it at ${clock(fires)} that day (a cron daemon runs it right after the change).`,
        hint: `Move it out of ${span} local time, or schedule it in UTC (no timezone), if that run matters.`,
      });
    } else {
      repeated = true;
      warnings.push({
        code: "BF1112",
        message: `${quoted} fires at ${clock(fires)} in ${zone}, a time that happens twice when daylight saving ends: on ${day} the clocks go back from ${clock(end)} to ${clock(start)}, and EventBridge Scheduler runs it once, not twice (a cron daemon runs a fixed time once too, but runs a schedule of every few minutes or every hour through both).`,
        hint: `Move it out of ${span} local time, or schedule it in UTC (no timezone), if the repeated hour matters.`,
      });
    }
  }
  return warnings;
}

/** The first local time (as UTC fields) in [start, end) the schedule fires at. */
function firstFiring(times: CrontabTimes, start: number, end: number): number | undefined {
  const daysOfMonth = new Set(times.daysOfMonth);
  const daysOfWeek = new Set(times.daysOfWeek);
  for (let time = start; time < end; time += minute) {
    const at = new Date(time);
    if (!times.minutes.includes(at.getUTCMinutes()) || !times.hours.includes(at.getUTCHours())) continue;
    if (!times.months.includes(at.getUTCMonth() + 1)) continue;
    const dayOfMonth = daysOfMonth.has(at.getUTCDate());
    const dayOfWeek = daysOfWeek.has(at.getUTCDay());
    if (times.eitherDay ? dayOfMonth || dayOfWeek : dayOfMonth && dayOfWeek) return time;
  }
  return undefined;
}

function clock(time: number): string {
  return new Date(time).toISOString().slice(11, 16);
}
