import { Cron } from "croner";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { awsCronToExpression } from "./aws-cron-expression.js";
import { awsCronFireTimes } from "./aws-cron-matcher.test-helper.js";
import { type ScheduleTime, scheduleTimes } from "./aws-fire-times.js";

const iso = (time: number) => new Date(time).toISOString().slice(0, 16);

/** The fire times in [from, to), as ISO minutes. */
function firesBetween(expression: string, from: number, to: number, timezone?: string): number[] {
  const times: number[] = [];
  for (const t of scheduleTimes(expression, { timezone, from })) {
    if (t.kind !== "fires") continue;
    if (t.at >= to) break;
    times.push(t.at);
  }
  return times;
}

function first(expression: string, from: string, count: number, timezone?: string): ScheduleTime[] {
  const times: ScheduleTime[] = [];
  for (const t of scheduleTimes(expression, { timezone, from: Date.parse(from) })) {
    times.push(t);
    if (times.length === count) break;
  }
  return times;
}

/** croner, an independent evaluator, read as AWS cron: Quartz weekdays (1 = Sunday) and a year field. */
function cronerTimes(expression: string, from: number, to: number, zone?: string): number[] {
  const body = /^cron\((.*)\)$/.exec(expression)?.[1] as string;
  const cron = new Cron(`0 ${body}`, {
    mode: "7-part",
    alternativeWeekdays: true,
    sloppyRanges: true,
    ...(zone === undefined ? { utcOffset: 0 } : { timezone: zone }),
  });
  const times: number[] = [];
  for (
    let run = cron.nextRun(new Date(from - 1000));
    run !== null && run.getTime() < to;
    run = cron.nextRun(run)
  ) {
    times.push(run.getTime());
  }
  return times;
}

describe("scheduleTimes: cron", () => {
  it("fires in UTC without a zone, and in the zone's wall clock with one", () => {
    const utc = first("cron(0 3 ? * 2-6 *)", "2026-12-04T00:00:00Z", 3);
    expect(utc.map((t) => (t.kind === "fires" ? iso(t.at) : t.kind))).toEqual([
      "2026-12-04T03:00",
      "2026-12-07T03:00",
      "2026-12-08T03:00",
    ]);
    const tokyo = first("cron(0 3 ? * 2-6 *)", "2026-12-04T00:00:00Z", 2, "Asia/Tokyo");
    expect(
      tokyo.map((t) => (t.kind === "fires" ? [iso(t.at), iso(t.local), t.offsetMinutes] : t.kind)),
    ).toEqual([
      ["2026-12-06T18:00", "2026-12-07T03:00", 540],
      ["2026-12-07T18:00", "2026-12-08T03:00", 540],
    ]);
  });

  it("does not fire at a local time daylight saving skips, and fires once at one it repeats", () => {
    const spring = first("cron(30 2 * * ? *)", "2026-03-07T00:00:00Z", 3, "America/New_York");
    expect(spring).toEqual([
      expect.objectContaining({
        kind: "fires",
        at: Date.parse("2026-03-07T07:30:00Z"),
        clockChangeDay: false,
      }),
      { kind: "skipped", local: Date.parse("2026-03-08T02:30:00Z") },
      expect.objectContaining({
        kind: "fires",
        at: Date.parse("2026-03-09T06:30:00Z"),
        clockChangeDay: false,
      }),
    ]);
    const autumn = first("cron(30 1 * * ? *)", "2026-10-31T12:00:00Z", 2, "America/New_York");
    expect(autumn).toEqual([
      // 01:30 EDT, the first of the two 01:30s; not 01:30 EST an hour later.
      expect.objectContaining({
        at: Date.parse("2026-11-01T05:30:00Z"),
        clockChangeDay: true,
        repeated: true,
      }),
      expect.objectContaining({
        at: Date.parse("2026-11-02T06:30:00Z"),
        clockChangeDay: false,
        repeated: false,
      }),
    ]);
    const hourly = firesBetween(
      "cron(0 * * * ? *)",
      Date.parse("2026-11-01T04:00:00Z"),
      Date.parse("2026-11-01T08:00:00Z"),
      "America/New_York",
    );
    // 00:00 EDT, 01:00 EDT, then 02:00 EST: 01:00 EST is the repeated hour, run once.
    expect(hourly.map(iso)).toEqual(["2026-11-01T04:00", "2026-11-01T05:00", "2026-11-01T07:00"]);
  });

  it("reads L, W and # as EventBridge documents them", () => {
    const fires = (expression: string, from = "2026-01-01T00:00:00Z") =>
      first(expression, from, 4).map((t) => (t.kind === "fires" ? iso(t.at).slice(0, 10) : t.kind));
    expect(fires("cron(0 9 L * ? *)")).toEqual(["2026-01-31", "2026-02-28", "2026-03-31", "2026-04-30"]);
    // 2026-02-15 is a Sunday, 2026-03-15 a Sunday too, 2026-08-15 a Saturday.
    expect(fires("cron(0 9 15W * ? *)")).toEqual(["2026-01-15", "2026-02-16", "2026-03-16", "2026-04-15"]);
    expect(fires("cron(0 9 1W * ? *)", "2026-08-01T00:00:00Z")).toEqual([
      "2026-08-03",
      "2026-09-01",
      "2026-10-01",
      "2026-11-02",
    ]);
    expect(fires("cron(0 9 ? * MON#1 *)")).toEqual(["2026-01-05", "2026-02-02", "2026-03-02", "2026-04-06"]);
    expect(fires("cron(0 9 ? * 6L *)")).toEqual(["2026-01-30", "2026-02-27", "2026-03-27", "2026-04-24"]);
    expect(fires("cron(0 9 ? * L *)")).toEqual(["2026-01-03", "2026-01-10", "2026-01-17", "2026-01-24"]);
    expect(fires("cron(0 9 ? * 5#5 *)")).toEqual(["2026-01-29", "2026-04-30", "2026-07-30", "2026-10-29"]);
  });

  it("keeps to the year field and ends after its last year", () => {
    expect(
      firesBetween("cron(0 0 29 2 ? 2027-2030)", Date.UTC(2026, 0, 1), Date.UTC(2199, 0, 1)).map(iso),
    ).toEqual(["2028-02-29T00:00"]);
    expect(first("cron(0 0 30 2 ? *)", "2026-01-01T00:00:00Z", 1)).toEqual([]);
  });

  it("agrees with the test-only AWS matcher on a year of random plain expressions", () => {
    fc.assert(
      fc.property(plainAwsCron(), (expression) => {
        const from = Date.UTC(2027, 0, 1);
        const to = Date.UTC(2028, 0, 1);
        expect(firesBetween(expression, from, to)).toEqual(awsCronFireTimes(expression, 2027));
      }),
      { numRuns: 20 },
    );
  });

  it("agrees with croner on L, W, # and lists, in UTC", () => {
    fc.assert(
      fc.property(specialAwsCron(), (expression) => {
        const from = Date.UTC(2026, 0, 1);
        const to = Date.UTC(2028, 0, 1);
        expect(firesBetween(expression, from, to).map(iso)).toEqual(
          cronerTimes(expression, from, to).map(iso),
        );
      }),
      { numRuns: 80 },
    );
  });

  it("agrees with croner in a zone on every day its clocks do not change", () => {
    const zones = ["Asia/Tokyo", "Europe/Berlin", "America/New_York", "Australia/Sydney", "Asia/Kolkata"];
    fc.assert(
      fc.property(specialAwsCron(), fc.constantFrom(...zones), (expression, zone) => {
        const from = Date.UTC(2026, 0, 1);
        const to = Date.UTC(2027, 0, 1);
        const ours = [...takeWhile(scheduleTimes(expression, { timezone: zone, from }), to)];
        const changeDays = new Set(
          ours.filter((t) => t.kind === "fires" && t.clockChangeDay).map((t) => iso(t.local).slice(0, 10)),
        );
        const local = (at: number) => iso(at + offsetOf(zone, at) * 60_000).slice(0, 10);
        // A skipped local time is on a day the clocks change, and on no other.
        for (const t of ours)
          if (t.kind === "skipped") expect(clocksChange(zone, iso(t.local).slice(0, 10))).toBe(true);
        const fires = ours.flatMap((t) => (t.kind === "fires" && !t.clockChangeDay ? [iso(t.at)] : []));
        const croner = cronerTimes(expression, from, to, zone)
          .filter((at) => !changeDays.has(local(at)) && !clocksChange(zone, local(at)))
          .map(iso);
        expect(fires).toEqual(croner);
      }),
      { numRuns: 25 },
    );
  });
});

/**
 * croner's reading of an AWS expression in its five fields (Quartz weekday numbers, 1 = Sunday; AWS's
 * `nL` is croner's `n#L`, a lone `L` in day-of-week is Saturday), in [from, to).
 */
function cronerFiveFieldTimes(expression: string, from: number, to: number, timezone?: string): number[] {
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

describe("scheduleTimes: a year of fixed expressions, against croner", () => {
  const from = Date.UTC(2026, 0, 1);
  const to = Date.UTC(2027, 0, 1);

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
    const expected = cronerFiveFieldTimes(expression, from, to);
    expect(expected.length).toBeGreaterThan(0);
    expect(firesBetween(expression, from, to).map(iso)).toEqual(expected.map(iso));
  });

  it.each([
    ["cron(0 9 ? * MON#1 *)", "Asia/Tokyo"],
    ["cron(30 18 L * ? *)", "America/New_York"],
    ["cron(15 12 ? * 2-6 *)", "Europe/London"],
  ])("reads %s in %s as croner does", (expression, timezone) => {
    expect(firesBetween(expression, from, to, timezone).map(iso)).toEqual(
      cronerFiveFieldTimes(expression, from, to, timezone).map(iso),
    );
  });

  it("runs a local time daylight saving skips not at all, and one it repeats once, the first time", () => {
    const times = firesBetween("cron(30 1,2 * 3,11 ? *)", from, to, "America/New_York").map(iso);
    // 2026-03-08: 02:00 EST becomes 03:00 EDT, so there is no 02:30.
    expect(times.filter((t) => t.startsWith("2026-03-08"))).toEqual(["2026-03-08T06:30"]);
    // 2026-11-01: 01:30 happens twice (05:30Z in EDT, 06:30Z in EST); it runs the first time.
    expect(times.filter((t) => t.startsWith("2026-11-01"))).toEqual(["2026-11-01T05:30", "2026-11-01T07:30"]);
  });

  it("stops before `until`, also for a schedule that never fires", () => {
    const until = Date.UTC(2026, 0, 3, 9);
    const times = [...scheduleTimes("cron(0 9 * * ? *)", { from, until })];
    expect(times.map((t) => (t.kind === "fires" ? iso(t.at) : t.kind))).toEqual([
      "2026-01-01T09:00",
      "2026-01-02T09:00",
    ]);
    expect([...scheduleTimes("cron(0 0 30 2 ? *)", { from, until: to })]).toEqual([]);
    expect([...scheduleTimes("rate(1 day)", { from, until })]).toHaveLength(3);
  });
});

describe("scheduleTimes: rate", () => {
  it("fires every N units from the first whole minute at or after `from`", () => {
    const times = first("rate(5 minutes)", "2026-01-01T00:00:10Z", 3).map((t) =>
      t.kind === "fires" ? iso(t.at) : t.kind,
    );
    expect(times).toEqual(["2026-01-01T00:01", "2026-01-01T00:06", "2026-01-01T00:11"]);
    expect(first("rate(1 day)", "2026-03-07T12:00:00Z", 2, "America/New_York")).toEqual([
      expect.objectContaining({ at: Date.parse("2026-03-07T12:00:00Z"), clockChangeDay: false }),
      // 24 hours later, which is an hour later on the local clock: the clocks changed that day.
      expect.objectContaining({ local: Date.parse("2026-03-08T08:00:00Z"), clockChangeDay: true }),
    ]);
  });
});

function* takeWhile(times: Iterable<ScheduleTime>, to: number): Generator<ScheduleTime> {
  for (const t of times) {
    if ((t.kind === "fires" ? t.at : t.local) >= to) return;
    yield t;
  }
}

/** One formatter per zone: making one is what costs, not formatting with it. */
const offsetFormats = new Map<string, Intl.DateTimeFormat>();

function offsetOf(zone: string, at: number): number {
  let format = offsetFormats.get(zone);
  if (format === undefined) {
    format = new Intl.DateTimeFormat("en-US", { timeZone: zone, timeZoneName: "longOffset" });
    offsetFormats.set(zone, format);
  }
  const name = format.formatToParts(at).find((p) => p.type === "timeZoneName")?.value;
  const match = /GMT([+-])(\d{2}):(\d{2})/.exec(name ?? "");
  if (match === null) return 0;
  return (match[1] === "-" ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3]));
}

/** Whether the zone's offset differs between the first and the last instant of the local day `date` (YYYY-MM-DD). */
function clocksChange(zone: string, date: string): boolean {
  const midnight = Date.parse(`${date}T00:00:00Z`);
  const start = midnight - offsetOf(zone, midnight) * 60_000;
  const end = midnight + 86_400_000 - offsetOf(zone, midnight + 86_400_000) * 60_000;
  return offsetOf(zone, start) !== offsetOf(zone, end - 1);
}

const items = (min: number, max: number, star = true): fc.Arbitrary<string> => {
  const value = fc.integer({ min, max });
  const item = fc.oneof(
    value.map(String),
    fc.tuple(value, value).map(([a, b]) => `${Math.min(a, b)}-${Math.max(a, b)}`),
    fc.tuple(value, fc.integer({ min: 1, max: max - min + 1 })).map(([a, n]) => `${a}/${n}`),
  );
  const list = fc.array(item, { minLength: 1, maxLength: 3 }).map((parts) => parts.join(","));
  return star ? fc.oneof(fc.constant("*"), list) : list;
};

/** Valid AWS expressions the test-only matcher reads: no L, W or #, years 2027 or any. */
function plainAwsCron(): fc.Arbitrary<string> {
  const days = fc.oneof(
    items(1, 31).map((dom) => [dom, "?"] as const),
    fc
      .array(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 3 })
      .map((d) => ["?", [...new Set(d)].join(",")] as const),
  );
  return fc
    .tuple(items(0, 59), items(0, 23), days, items(1, 12), fc.constantFrom("*", "2027", "2026-2030"))
    .map(([m, h, [dom, dow], mon, y]) => `cron(${m} ${h} ${dom} ${mon} ${dow} ${y})`)
    .filter((e) => awsCronToExpression(e).ok);
}

/** AWS expressions with L, W and # as well, at a few fixed times a day (croner walks minute by minute). */
function specialAwsCron(): fc.Arbitrary<string> {
  const dayFields = fc.oneof(
    fc.constant(["L", "?"] as const),
    fc.integer({ min: 1, max: 31 }).map((n) => [`${n}W`, "?"] as const),
    items(1, 31, false).map((dom) => [dom, "?"] as const),
    fc.integer({ min: 1, max: 7 }).map((d) => ["?", `${d}L`] as const),
    fc
      .tuple(fc.integer({ min: 1, max: 7 }), fc.integer({ min: 1, max: 5 }))
      .map(([d, k]) => ["?", `${d}#${k}`] as const),
    fc.constantFrom(["?", "MON-FRI"] as const, ["?", "SAT,SUN"] as const, ["?", "2-6"] as const),
  );
  return fc
    .tuple(
      fc.constantFrom("0", "30", "15,45"),
      fc.constantFrom("0", "2", "3", "9", "1-3", "23"),
      dayFields,
      fc.constantFrom("*", "1-6", "3,10,11", "FEB"),
    )
    .map(([m, h, [dom, dow], mon]) => `cron(${m} ${h} ${dom} ${mon} ${dow} *)`)
    .filter((e) => awsCronToExpression(e).ok);
}
