import { Cron } from "croner";
import { describe, expect, it } from "vitest";
import { fireTimes, sharedMinutes } from "./fire-times.js";

const from = Date.UTC(2026, 0, 1);
const to = Date.UTC(2027, 0, 1);

/**
 * croner's reading of an AWS expression (Quartz weekday numbers, 1 = Sunday; AWS's `nL` is croner's
 * `n#L`, a lone `L` in day-of-week is Saturday), in [from, to): the independent evaluator.
 */
function cronerTimes(expression: string, timezone?: string): number[] {
  const [m, h, dom, mon, dow] = (/^cron\((.*)\)$/.exec(expression)?.[1] ?? "").split(" ");
  const weekday = dow === "L" ? "7" : (dow ?? "").replace(/^(\w+)L$/, "$1#L");
  const cron = new Cron(`0 ${m} ${h} ${dom} ${mon} ${weekday}`, {
    alternativeWeekdays: true,
    sloppyRanges: true,
    ...(timezone === undefined ? { utcOffset: 0 } : { timezone }),
  });
  const times: number[] = [];
  for (let run = cron.nextRun(new Date(from - 1000)); run !== null; run = cron.nextRun(run)) {
    if (run.getTime() >= to) break;
    times.push(run.getTime());
  }
  return times;
}

const iso = (times: ArrayLike<number>) => Array.from(times, (t) => new Date(t).toISOString());

describe("fireTimes", () => {
  it.each([
    "cron(0 9 ? * MON#1 *)",
    "cron(30 2 ? 1,6 FRI#2 *)",
    "cron(0 18 L * ? *)",
    "cron(0 12 15W * ? *)",
    "cron(0 12 1W * ? *)",
    "cron(0 8 ? * 6L *)",
    "cron(0 8 ? * FRIL *)",
    "cron(0 23 ? * L *)",
    "cron(0/20 9-11 ? * 2-6 *)",
    "cron(5 0 1/10 JAN-MAR ? *)",
    "cron(0 0 31 * ? *)",
  ])("reads %s in UTC as croner does", (expression) => {
    const expected = cronerTimes(expression);
    expect(expected.length).toBeGreaterThan(0);
    expect(iso(fireTimes({ expression }, from, to) ?? [])).toEqual(iso(expected));
  });

  it.each([
    ["cron(0 9 ? * MON#1 *)", "Asia/Tokyo"],
    ["cron(30 18 L * ? *)", "America/New_York"],
    ["cron(15 12 ? * 2-6 *)", "Europe/London"],
  ])("reads %s in %s as croner does", (expression, timezone) => {
    expect(iso(fireTimes({ expression, timezone }, from, to) ?? [])).toEqual(
      iso(cronerTimes(expression, timezone)),
    );
  });

  it("runs a local time daylight saving skips not at all, and one it repeats once", () => {
    const times = iso(
      fireTimes({ expression: "cron(30 1,2 * 3,11 ? *)", timezone: "America/New_York" }, from, to) ?? [],
    );
    // 2026-03-08: 02:00 EST becomes 03:00 EDT, so there is no 02:30.
    expect(times.filter((t) => t.startsWith("2026-03-08"))).toEqual(["2026-03-08T06:30:00.000Z"]);
    // 2026-11-01: 01:30 happens twice (05:30Z in EDT, 06:30Z in EST); it runs the first time.
    expect(times.filter((t) => t.startsWith("2026-11-01"))).toEqual([
      "2026-11-01T05:30:00.000Z",
      "2026-11-01T07:30:00.000Z",
    ]);
  });

  it("leaves a rate out: its minutes depend on when it is created", () => {
    expect(fireTimes({ expression: "rate(1 hour)" }, from, to)).toBeUndefined();
  });
});

describe("sharedMinutes", () => {
  it("finds the days a crontab OR split into two schedules fires twice: the Mondays of days 1-7", () => {
    const [shared, ...rest] = sharedMinutes(
      [{ expression: "cron(0 9 1-7 * ? *)" }, { expression: "cron(0 9 ? * 2 *)" }],
      from,
      to,
    );
    expect(rest).toEqual([]);
    const mondaysInFirstWeek = cronerTimes("cron(0 9 ? * MON#1 *)");
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

  it("compares schedules of different zones by the moment they fire", () => {
    const shared = sharedMinutes(
      [
        { expression: "cron(0 0 * * ? *)" },
        { expression: "cron(0 9 * * ? *)", timezone: "Asia/Tokyo" },
        { expression: "cron(0 9 * * ? *)", timezone: "Europe/London" },
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
});
