import { describe, expect, it } from "vitest";
import { awsCron, cron } from "../builders/schedules.js";
import { DiagnosticSink } from "../diagnostics/diagnostic-sink.js";
import { resolveSchedule } from "../resolve/resolve-schedule.js";
import { convertCrontab } from "./crontab-to-aws.js";
import { clockChanges, daylightSavingWarnings } from "./daylight-saving.js";

const hour = 3_600_000;

/** The zone's offset in minutes, read from Intl directly (the reference the changes are checked against). */
/** One formatter per zone: making one is what costs, not formatting with it. */
const formatters = new Map<string, Intl.DateTimeFormat>();

function offsetByIntl(zone: string, time: number): number {
  let format = formatters.get(zone);
  if (format === undefined) {
    format = new Intl.DateTimeFormat("en-US", {
      timeZone: zone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
    });
    formatters.set(zone, format);
  }
  const parts = format.formatToParts(time);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const local = Date.UTC(get("year"), get("month") - 1, get("day"), get("hour"), get("minute"));
  return Math.round((local - Math.floor(time / 60_000) * 60_000) / 60_000);
}

function warnings(line: string, zone: string, from = Date.UTC(2026, 0, 1)) {
  const { times } = convertCrontab(line);
  if (!times) throw new Error(`${line} is not a crontab line`);
  return daylightSavingWarnings(times, zone, from, `cron(${JSON.stringify(line)})`);
}

describe("clockChanges", () => {
  it("finds each change of the year to the minute, in zones north and south, whole and half hours", () => {
    expect(clockChanges("America/New_York", 2026)).toEqual([
      { at: Date.parse("2026-03-08T07:00:00Z"), before: -300, after: -240 },
      { at: Date.parse("2026-11-01T06:00:00Z"), before: -240, after: -300 },
    ]);
    expect(clockChanges("Europe/Berlin", 2026)).toEqual([
      { at: Date.parse("2026-03-29T01:00:00Z"), before: 60, after: 120 },
      { at: Date.parse("2026-10-25T01:00:00Z"), before: 120, after: 60 },
    ]);
    expect(clockChanges("Australia/Lord_Howe", 2026).map((c) => [c.before, c.after])).toEqual([
      [660, 630],
      [630, 660],
    ]);
    expect(clockChanges("Asia/Tokyo", 2026)).toEqual([]);
    expect(clockChanges("UTC", 2026)).toEqual([]);
  });

  it("agrees with the offset Intl gives for every hour of the year", () => {
    for (const zone of [
      "America/Santiago",
      "Europe/London",
      "Australia/Sydney",
      "Asia/Tehran",
      "Africa/Casablanca",
    ]) {
      const changes = clockChanges(zone, 2026);
      let offset = offsetByIntl(zone, Date.UTC(2026, 0, 1));
      let next = 0;
      const wrong: string[] = [];
      for (let time = Date.UTC(2026, 0, 1); time < Date.UTC(2027, 0, 1); time += hour) {
        while (next < changes.length && (changes[next]?.at ?? Number.POSITIVE_INFINITY) <= time) {
          offset = changes[next]?.after ?? offset;
          next++;
        }
        const expected = offsetByIntl(zone, time);
        if (offset !== expected) wrong.push(`${new Date(time).toISOString()}: ${offset}, Intl ${expected}`);
      }
      expect(wrong, zone).toEqual([]);
    }
  });
});

describe("daylightSavingWarnings", () => {
  it("warns of a time the spring change skips: Scheduler does not run it that day", () => {
    const [skipped, ...others] = warnings("30 2 * * *", "America/New_York");
    expect(others).toEqual([]);
    expect(skipped).toEqual({
      code: "BF1112",
      message:
        'cron("30 2 * * *") fires at 02:30 in America/New_York, a time daylight saving skips: on 2026-03-08 the clocks go from 02:00 to 03:00, and EventBridge Scheduler does not run it at 02:30 that day (a cron daemon runs it right after the change).',
      hint: "Move it out of 02:00-03:00 local time, or schedule it in UTC (no timezone), if that run matters.",
    });
  });

  it("names the next such day, not one already past this year", () => {
    const [skipped] = warnings("30 2 * * *", "America/New_York", Date.UTC(2026, 11, 6));
    expect(skipped?.message).toContain("on 2027-03-14 the clocks go from 02:00 to 03:00");
    const [repeated] = warnings("30 1 * * *", "America/New_York", Date.UTC(2026, 4, 1));
    expect(repeated?.message).toContain("on 2026-11-01 the clocks go back");
  });

  it("warns of a time the autumn change repeats: Scheduler runs it once", () => {
    const [repeated, ...others] = warnings("30 1 * * *", "America/New_York");
    expect(others).toEqual([]);
    expect(repeated?.message).toContain("on 2026-11-01 the clocks go back from 02:00 to 01:00");
    expect(repeated?.message).toContain("runs it once, not twice");
  });

  it("warns once of each for a schedule that fires all day, and not at all where nothing changes", () => {
    const [skipped, repeated, ...others] = warnings("*/15 * * * *", "Europe/Berlin");
    expect(others).toEqual([]);
    expect(skipped?.message).toContain(
      "fires at 02:00 in Europe/Berlin, a time daylight saving skips: on 2026-03-29",
    );
    expect(repeated?.message).toContain("fires at 02:00 in Europe/Berlin, a time that happens twice");
    expect(repeated?.message).toContain("on 2026-10-25 the clocks go back from 03:00 to 02:00");
    expect(warnings("*/15 * * * *", "Asia/Tokyo")).toEqual([]);
    expect(warnings("0 9 * * *", "America/New_York")).toEqual([]);
  });

  it("looks at the days the schedule runs: the 1st of the month misses the second Sunday of March", () => {
    expect(warnings("30 2 1 * *", "America/New_York")).toEqual([]);
    expect(warnings("30 2 * * 0", "America/New_York")).toHaveLength(1);
    expect(warnings("30 2 * * 1-5", "America/New_York")).toEqual([]);
    expect(warnings("30 2 * 3 *", "America/New_York")).toHaveLength(1);
    expect(warnings("30 2 * 4-12 *", "America/New_York")).toEqual([]);
  });
});

describe("resolveSchedule with zones", () => {
  it("reports the warnings at the schedule, and takes a CRON_TZ= zone", () => {
    const sink = new DiagnosticSink("w");
    const resolved = resolveSchedule(cron("CRON_TZ=Europe/Berlin 30 2 * * *"), sink);
    expect(resolved).toMatchObject({ expression: "cron(30 2 * * ? *)", timezone: "Europe/Berlin" });
    const codes = sink.items.map((d) => `${d.code} ${d.severity}`);
    expect(codes[0]).toBe("BF1111 warning");
    // The skipped hour every year; a current-year check, so only its presence is certain.
    expect(codes).toContain("BF1112 warning");
  });

  it("refuses two different zones, and checks a prefix's zone as it checks the option", () => {
    const twice = new DiagnosticSink("w");
    expect(resolveSchedule(cron("TZ=Asia/Tokyo 0 9 * * *", { timezone: "UTC" }), twice)).toBeUndefined();
    expect(twice.items.map((d) => d.code)).toContain("BF1111");
    const same = new DiagnosticSink("w");
    expect(resolveSchedule(cron("TZ=Asia/Tokyo 0 9 * * *", { timezone: "Asia/Tokyo" }), same)).toMatchObject({
      timezone: "Asia/Tokyo",
    });
    const unknown = new DiagnosticSink("w");
    expect(resolveSchedule(cron("CRON_TZ=asia/tokyo 0 9 * * *"), unknown)).toBeUndefined();
    expect(unknown.items.map((d) => d.code)).toContain("BF1106");
  });

  it("passes awsCron() through with its zone", () => {
    const sink = new DiagnosticSink("w");
    expect(resolveSchedule(awsCron("0 9 ? * MON#1 *", { timezone: "Asia/Tokyo" }), sink)).toEqual({
      kind: "aws-cron",
      expression: "cron(0 9 ? * MON#1 *)",
      source: "0 9 ? * MON#1 *",
      timezone: "Asia/Tokyo",
      site: expect.anything(),
    });
    expect(sink.items).toEqual([]);
  });
});
