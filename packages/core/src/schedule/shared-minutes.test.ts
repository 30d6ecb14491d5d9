import { describe, expect, it } from "vitest";
import { scheduleTimes } from "./aws-fire-times.js";
import { sharedMinutes } from "./shared-minutes.js";

const from = Date.UTC(2026, 0, 1);
const to = Date.UTC(2027, 0, 1);

const iso = (times: ArrayLike<number>) => Array.from(times, (t) => new Date(t).toISOString());

describe("sharedMinutes", () => {
  it("finds the days a crontab OR split into two schedules fires twice: the Mondays of days 1-7", () => {
    const [shared, ...rest] = sharedMinutes(
      [{ expression: "cron(0 9 1-7 * ? *)" }, { expression: "cron(0 9 ? * 2 *)" }],
      from,
      to,
    );
    expect(rest).toEqual([]);
    const mondaysInFirstWeek = [...scheduleTimes("cron(0 9 ? * MON#1 *)", { from, until: to })].map((t) =>
      t.kind === "fires" ? t.at : Number.NaN,
    );
    expect(mondaysInFirstWeek).toHaveLength(12);
    expect(shared).toEqual({
      first: 0,
      second: 1,
      count: mondaysInFirstWeek.length,
      earliest: mondaysInFirstWeek.slice(0, 3),
    });
    expect(iso(shared?.earliest ?? [])).toEqual([
      "2026-01-05T09:00:00.000Z",
      "2026-02-02T09:00:00.000Z",
      "2026-03-02T09:00:00.000Z",
    ]);
  });

  it("compares schedules of different zones by the moment they fire, and leaves rates out", () => {
    const shared = sharedMinutes(
      [
        { expression: "cron(0 0 * * ? *)" },
        { expression: "cron(0 9 * * ? *)", timezone: "Asia/Tokyo" },
        { expression: "cron(0 9 * * ? *)", timezone: "Europe/London" },
        // Every minute, but from when the schedule is created: not compared.
        { expression: "rate(1 minute)" },
      ],
      from,
      to,
    );
    // Tokyo keeps UTC+9 all year; London's 09:00 is 09:00 or 08:00 UTC, never midnight.
    expect(shared.map(({ first, second, count }) => ({ first, second, count }))).toEqual([
      { first: 0, second: 1, count: 365 },
    ]);
  });

  it("does not count a local time daylight saving skips, and counts a repeated one once", () => {
    // 02:30 New York is skipped on 2026-03-08; 01:30 happens twice on 2026-11-01 and fires at 05:30Z.
    const shared = sharedMinutes(
      [
        { expression: "cron(30 2,1 8 3 ? *)", timezone: "America/New_York" },
        { expression: "cron(30 6,7 8 3 ? *)" },
        { expression: "cron(30 1 1 11 ? *)", timezone: "America/New_York" },
        { expression: "cron(30 5,6 1 11 ? *)" },
      ],
      from,
      to,
    );
    expect(shared.map((s) => [s.first, s.second, iso(s.earliest)])).toEqual([
      [0, 1, ["2026-03-08T06:30:00.000Z"]],
      [2, 3, ["2026-11-01T05:30:00.000Z"]],
    ]);
  });
});
