import { Cron } from "croner";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { awsCronFireTimes, parseAwsCron } from "./aws-cron-matcher.test-helper.js";
import { scheduleTimes } from "./aws-fire-times.js";
import { cronerFireTimes, firstDifference, YEAR } from "./crontab-fire-times.test-helper.js";
import { crontabToAws } from "./crontab-to-aws.js";

function expectSameYear(crontab: string, aws: string): void {
  const expected = cronerFireTimes(crontab);
  expect(expected.length).toBeGreaterThan(0);
  expect(firstDifference(awsCronFireTimes(aws, YEAR), expected)).toBeUndefined();
}

const EQUIVALENT: ReadonlyArray<readonly [crontab: string, aws: string]> = [
  ["35 * * * *", "cron(35 * * * ? *)"],
  ["0 3 * * 1-5", "cron(0 3 ? * 2-6 *)"],
  ["*/15 9-17 * * MON-FRI", "cron(0/15 9-17 ? * 2-6 *)"],
  ["0 0 1 * *", "cron(0 0 1 * ? *)"],
  ["0 0 * * 0", "cron(0 0 ? * 1 *)"],
  ["0 0 * * 7", "cron(0 0 ? * 1 *)"],
  ["0 12 * JAN,JUL SUN", "cron(0 12 ? 1,7 1 *)"],
  ["0 0 * * 5-7", "cron(0 0 ? * 1,6,7 *)"],
  ["0 0 * * FRI-SUN", "cron(0 0 ? * 1,6,7 *)"],
  ["0 0 * * SAT-SUN", "cron(0 0 ? * 1,7 *)"],
  ["0 0 * * 6,0", "cron(0 0 ? * 1,7 *)"],
  ["0 0 * * */2", "cron(0 0 ? * 1,3,5,7 *)"],
  ["0 12 * * */3", "cron(0 12 ? * 1,4,7 *)"],
  ["0 0 * * 1-5/2", "cron(0 0 ? * 2,4,6 *)"],
  ["0 0 * * 1-7/2", "cron(0 0 ? * 1,2,4,6 *)"],
  ["0 0 * * 1/2", "cron(0 0 ? * 2,4,6 *)"],
  ["0 0 * * MON-SUN/3", "cron(0 0 ? * 1,2,5 *)"],
  ["0 0 * * 0-7", "cron(0 0 * * ? *)"],
  ["5 4 * * sun", "cron(5 4 ? * 1 *)"],
  ["0 0 * * Mon,Wed,Fri", "cron(0 0 ? * 2,4,6 *)"],
  ["0 22 * * 1-5", "cron(0 22 ? * 2-6 *)"],
  ["* * * * *", "cron(* * * * ? *)"],
  ["*/5 * * * *", "cron(0/5 * * * ? *)"],
  ["*/7 * * * *", "cron(0/7 * * * ? *)"],
  ["5/20 * * * *", "cron(5/20 * * * ? *)"],
  ["10-50/20 * * * *", "cron(10/20 * * * ? *)"],
  ["0-59/30 0 * * *", "cron(0,30 0 * * ? *)"],
  ["*/20,7 0 * * *", "cron(0,7,20,40 0 * * ? *)"],
  ["0 */2 * * *", "cron(0 0/2 * * ? *)"],
  ["0 */1 * * *", "cron(0 * * * ? *)"],
  ["0 9-17/4 * * *", "cron(0 9,13,17 * * ? *)"],
  ["23 0-20/2 * * *", "cron(23 0,2,4,6,8,10,12,14,16,18,20 * * ? *)"],
  ["0 0 */2 * *", "cron(0 0 1/2 * ? *)"],
  ["0 0 1,15 * *", "cron(0 0 1,15 * ? *)"],
  ["30 4 1-7 * *", "cron(30 4 1-7 * ? *)"],
  ["0 0 29 2 *", "cron(0 0 29 2 ? *)"],
  ["0 0 31 * *", "cron(0 0 31 * ? *)"],
  ["0 0 1 */3 *", "cron(0 0 1 1/3 ? *)"],
  ["0 0 1 1/5 *", "cron(0 0 1 1/5 ? *)"],
  ["0 0 * jan-jun *", "cron(0 0 * 1-6 ? *)"],
  ["0 0 1 feb-aug/2 *", "cron(0 0 1 2,4,6,8 ? *)"],
  ["0 0,12 1 */2 *", "cron(0 0,12 1 1/2 ? *)"],
  ["59 23 31 12 *", "cron(59 23 31 12 ? *)"],
  ["00 08 * * *", "cron(0 8 * * ? *)"],
  [" 0\t3  *  * 1-5 ", "cron(0 3 ? * 2-6 *)"],
  // Both day fields restricted, but one selects every day: crontab ORs them, so every day fires.
  ["0 0 1-31 * 1", "cron(0 0 * * ? *)"],
  ["0 0 1 * 0-6", "cron(0 0 * * ? *)"],
  ["@hourly", "cron(0 * * * ? *)"],
  ["@daily", "cron(0 0 * * ? *)"],
  ["@midnight", "cron(0 0 * * ? *)"],
  ["@weekly", "cron(0 0 ? * 1 *)"],
  ["@monthly", "cron(0 0 1 * ? *)"],
  ["@yearly", "cron(0 0 1 1 ? *)"],
  ["@annually", "cron(0 0 1 1 ? *)"],
];

describe("crontabToAws: fires at the same minutes as crontab over a whole year", () => {
  it.each(EQUIVALENT)("%j -> %s", (crontab, aws) => {
    expect(crontabToAws(crontab)).toEqual({ ok: true, expression: aws });
    expectSameYear(crontab, aws);
  });

  it("evaluates in UTC whether croner gets utcOffset 0 or the UTC time zone", () => {
    expect(cronerFireTimes("*/15 9-17 * * MON-FRI", { timezone: "UTC" })).toEqual(
      cronerFireTimes("*/15 9-17 * * MON-FRI"),
    );
  });

  it("keeps Vixie cron's rule that a day field starting with * ANDs instead of ORs", () => {
    // croner only special-cases a bare "*", so these two are pinned by string instead of by croner.
    expect(crontabToAws("0 0 */1 * 1")).toEqual({ ok: true, expression: "cron(0 0 ? * 2 *)" });
    expect(crontabToAws("0 0 1 * */1")).toEqual({ ok: true, expression: "cron(0 0 1 * ? *)" });
  });

  it("agrees with random crontab lines in which one day field is *", () => {
    fc.assert(
      fc.property(crontabLine(), (crontab) => {
        const result = crontabToAws(crontab);
        if (!result.ok) throw new Error(`${crontab}: ${JSON.stringify(result.problems)}`);
        expect(
          firstDifference(awsCronFireTimes(result.expression, YEAR), cronerFireTimes(crontab)),
        ).toBeUndefined();
      }),
      { numRuns: 50 },
    );
  });
});

describe("crontabToAws: what cron runs although it reads oddly", () => {
  // croner refuses a step longer than its field, so each line is compared, over the year, with
  // the line that says what Vixie cron runs: the first value of the stepped range only.
  it.each([
    ["*/90 * * * *", "0 * * * *", "cron(0 * * * ? *)", "runs at minute 0 only", /rate\("90 minutes"\)/],
    ["0 */25 * * *", "0 0 * * *", "cron(0 0 * * ? *)", "runs at hour 0 only", /rate\("25 hours"\)/],
    ["15/70 8 * * *", "15 8 * * *", "cron(15 8 * * ? *)", "runs at minute 15 only", /write "15"/],
    ["0 0 * * */8", "0 0 * * 0", "cron(0 0 ? * 1 *)", "runs at day-of-week 0 only", /Write "0"/],
  ])(
    "a step longer than its field: %j runs as %j, with warning BF1110",
    (crontab, meant, aws, message, hint) => {
      const result = crontabToAws(crontab);
      expect(result).toMatchObject({ ok: true, expression: aws });
      const warnings = result.ok ? (result.warnings ?? []) : [];
      expect(warnings.map((w) => w.code)).toEqual(["BF1110"]);
      expect(warnings[0]?.message).toContain(message);
      expect(warnings[0]?.hint).toMatch(hint);
      expectSameYear(meant, aws);
    },
  );

  it.each([
    ["CRON_TZ=Asia/Tokyo 0 9 * * *", "CRON_TZ", "Asia/Tokyo"],
    ["TZ=America/New_York 30 2 * * 1-5", "TZ", "America/New_York"],
  ])("%j: the zone of a CRON_TZ= or TZ= prefix, with warning BF1111", (crontab, variable, timezone) => {
    const line = crontab.slice(crontab.indexOf(" ") + 1);
    const result = crontabToAws(crontab);
    expect(result).toMatchObject({
      ok: true,
      expression: (crontabToAws(line) as { expression: string }).expression,
      timezone,
    });
    const warnings = result.ok ? (result.warnings ?? []) : [];
    expect(warnings).toEqual([
      {
        code: "BF1111",
        message: `"${crontab}" names its time zone with ${variable}=, as a crontab may; batchflow reads it as { timezone: "${timezone}" }.`,
        hint: `Write cron(${JSON.stringify(line)}, { timezone: ${JSON.stringify(timezone)} }).`,
      },
    ]);
  });

  it("names the user and the command of a system crontab line, and a user crontab's command", () => {
    expectProblem("0 0 * * * root", "BF1101", '"root" is the user;', /cron\("0 0 \* \* \*"\)/);
    expectProblem(
      "17 * * * * root cd / && run-parts --report /etc/cron.hourly",
      "BF1101",
      '"root" is the user and the rest the command',
      /job\("name", \{ command/,
    );
    expectProblem(
      "0 3 * * * /usr/local/bin/backup.sh --full",
      "BF1101",
      '"/usr/local/bin/backup.sh --full" looks like the command',
      /cron\("0 3 \* \* \*"\)/,
    );
    // Six fields of numbers stay what they were: seconds or a year.
    expectProblem("0 0 * * * 2027", "BF1101", "has 6 fields", /seconds and year fields/);
    // A "?" is EventBridge's form, given without its cron(...) wrapper.
    expectProblem(
      "0 3 * * ? *",
      "BF1101",
      "has 6 fields",
      /EventBridge's six-field form .*awsCron\("0 3 \* \* \? \*"\)/,
    );
  });
});

describe("the AWS cron matcher used as the reference", () => {
  it("reads AWS day-of-week as 1 = Sunday, names as numbers, and honours the year field", () => {
    // 2024 starts on a Monday and has 366 days: 52 full weeks plus a Monday and a Tuesday.
    expect(awsCronFireTimes("cron(0 0 ? * 2-6 *)", YEAR)).toHaveLength(262);
    expect(
      awsCronFireTimes("cron(0 0 ? * 1 *)", YEAR).map((time) => new Date(time).getUTCDay()),
    ).not.toContain(1);
    expect(awsCronFireTimes("cron(0 12 ? JAN,JUL SUN *)", YEAR)).toEqual(
      awsCronFireTimes("cron(0 12 ? 1,7 1 *)", YEAR),
    );
    expect(
      awsCronFireTimes("cron(1/10 0 1 1 ? *)", YEAR).map((time) => new Date(time).getUTCMinutes()),
    ).toEqual([1, 11, 21, 31, 41, 51]);
    expect(awsCronFireTimes("cron(0 0 1 1 ? 2025)", YEAR)).toEqual([]);
  });

  it.each([
    ["cron(0 0 * * * *)", /exactly one of day-of-month and day-of-week/],
    ["cron(0 0 ? * ? *)", /exactly one of day-of-month and day-of-week/],
    ["cron(0 0 ? * 1/2 *)", /"\/" is not allowed in day-of-week/],
    ["cron(0 ? * * * *)", /"\?" is not allowed in hours/],
    ["cron(60 0 * * ? *)", /minutes value "60" out of range/],
    ["cron(0 0 * * ? * *)", /6 fields/],
    ["0 0 * * ? *", /not a cron/],
  ])("rejects %s", (expression, error) => {
    expect(() => parseAwsCron(expression)).toThrow(error);
  });
});

describe("crontabToAws: problems", () => {
  it.each([
    ["0 3 * *", 'Crontab expression "0 3 * *" has 4 fields; expected 5', /five space-separated fields/],
    ["0 0 3 * * *", "has 6 fields", /seconds and year fields are not part of crontab/],
    ["cron(0 3 * * ? *)", "has 6 fields", /Give the crontab line itself/],
    ["", 'Crontab expression "" has 0 fields', /five space-separated fields/],
    [
      "0 3 * * MON-",
      'Day-of-week field "MON-" of "0 3 * * MON-": "MON-" is not valid crontab syntax.',
      /a range "a-b"/,
    ],
    ["0 3 * * L", '"L" is not a day-of-week value', /0-7 or SUN-SAT/],
    ["0 3 * FOO *", 'Month field "FOO" of "0 3 * FOO *": "FOO" is not a month value.', /JAN-DEC/],
    ["0 3 ? * 1", '"?" is not valid crontab syntax', /Crontab has no "\?": write "\*"/],
    ["0 17-9 * * *", 'Hour field "17-9" of "0 17-9 * * *": range "17-9" runs backwards.', /list "22-23,0-2"/],
    ["0 3 * * 1,,2", '"" is not valid crontab syntax', /comma-separated list/],
    ["@every_5m", '"@every_5m" is not a crontab nickname.', /@hourly/],
  ])("BF1101 for %j", (crontab, message, hint) => {
    expectProblem(crontab, "BF1101", message, hint);
  });

  it.each([
    ["60 * * * *", 'Minute field "60" of "60 * * * *": 60 is out of range 0-59.', /0-59/],
    ["0 24 * * *", "24 is out of range 0-23.", /0-23/],
    ["0 0 0 * *", "0 is out of range 1-31.", /1-31/],
    ["0 0 1 13 *", "13 is out of range 1-12.", /1-12 or JAN-DEC/],
    ["0 0 * * 8", "8 is out of range 0-7.", /0 and 7 are both Sunday/],
    ["*/0 * * * *", 'step "/0" is out of range 1-60.', /between 1 and 60/],
  ])("BF1102 for %j", (crontab, message, hint) => {
    expectProblem(crontab, "BF1102", message, hint);
  });

  it("reports every bad field, not just the first", () => {
    const result = crontabToAws("61 25 * * *");
    expect(result.ok ? [] : result.problems.map((problem) => problem.message)).toEqual([
      'Minute field "61" of "61 25 * * *": 61 is out of range 0-59.',
      'Hour field "25" of "61 25 * * *": 25 is out of range 0-23.',
    ]);
  });

  it("BF1103 when day-of-month and day-of-week are both restricted (crontab ORs them)", () => {
    expectProblem(
      "0 0 1 * MON",
      "BF1103",
      '"0 0 1 * MON" restricts both day-of-month ("1") and day-of-week ("MON"). Crontab fires when EITHER ' +
        'field matches, but AWS cron can restrict only one of them (the other must be "?"), so it cannot ' +
        "express that OR.",
      /^Give the workflow both halves, schedule: \[cron\("0 0 1 \* \*"\), cron\("0 0 \* \* MON"\)\]: together they fire at the same minutes as the line .* Or drop one of the two day fields by setting it to "\*"\.$/,
    );
  });

  // The lines of real crontabs that OR their day fields: the hint's two schedules together fire at
  // exactly the line's minutes (croner reads the line as Vixie cron does; the halves go through
  // crontabToAws and the test's own AWS reading).
  it.each([
    ["0 9 1-7 * 1", "cron(0 9 ? * MON#1 *)"],
    ["30 2 8-14 1,6 fri", "cron(30 2 ? 1,6 FRI#2 *)"],
    ["0 0 1,15 * 1-5", undefined],
    ["15 */6 22-28 * sun", "cron(15 0/6 ? * SUN#4 *)"],
    ["0 0 29-31 * 1", undefined],
  ])("BF1103's schedule list for %s fires at the line's minutes", (line, nth) => {
    const result = crontabToAws(line);
    expect(result.ok).toBe(false);
    const hint = result.ok ? "" : (result.problems[0]?.hint ?? "");
    const halves = [...hint.matchAll(/cron\("([^"]+)"\)/g)].map((m) => m[1] as string);
    expect(halves).toHaveLength(2);
    const union = new Set(
      halves.flatMap((half) => {
        const aws = crontabToAws(half);
        if (!aws.ok) throw new Error(`${half}: ${aws.problems[0]?.message}`);
        return awsCronFireTimes(aws.expression, YEAR);
      }),
    );
    const expected = cronerFireTimes(line);
    expect(
      firstDifference(
        [...union].sort((a, b) => a - b),
        expected,
      ),
    ).toBeUndefined();
    const awsCron = /awsCron\("([^"]+)"\)/.exec(hint)?.[1];
    expect(awsCron === undefined ? undefined : `cron(${awsCron})`).toBe(nth);
    if (nth === undefined) return;
    // The # form fires on the days both fields match: the line read with AND instead of OR.
    const both = new Cron(line, { mode: "5-part", domAndDow: true, utcOffset: 0 });
    const anded: number[] = [];
    for (
      let run = both.nextRun(new Date(Date.UTC(YEAR, 0, 1) - 1000));
      run !== null;
      run = both.nextRun(run)
    ) {
      if (run.getTime() >= Date.UTC(YEAR + 1, 0, 1)) break;
      anded.push(run.getTime());
    }
    const times = [
      ...scheduleTimes(nth, { from: Date.UTC(YEAR, 0, 1), until: Date.UTC(YEAR + 1, 0, 1) }),
    ].flatMap((t) => (t.kind === "fires" ? [t.at] : []));
    expect(firstDifference(times, anded)).toBeUndefined();
  });

  it("BF1103 when a day field starting with * makes crontab AND them", () => {
    expectProblem(
      "0 0 */2 * 1",
      "BF1103",
      /crontab fires only when BOTH match/,
      /Drop one of the two day fields by setting it to "\*"/,
    );
  });

  it.each(["@reboot", "@REBOOT"])("BF1104 for %j", (crontab) => {
    expectProblem(
      crontab,
      "BF1104",
      `"${crontab}" runs when the machine boots; an AWS schedule has no such moment.`,
      /time-based schedule such as @daily/,
    );
  });
});

function expectProblem(crontab: string, code: string, message: string | RegExp, hint: RegExp): void {
  const result = crontabToAws(crontab);
  expect(result.ok).toBe(false);
  const [problem, ...others] = result.ok ? [] : result.problems;
  expect(others).toEqual([]);
  expect(problem?.code).toBe(code);
  if (typeof message === "string") expect(problem?.message).toContain(message);
  else expect(problem?.message).toMatch(message);
  expect(problem?.hint).toMatch(hint);
}

interface FieldShape {
  readonly min: number;
  /** Highest value of `*`; day-of-week also accepts `max` = 7. */
  readonly last: number;
  readonly max?: number;
  readonly names?: ReadonlyArray<string>;
  /** croner reads SUN as 7 at the end of a range where Vixie cron reads 0, so day names stay out of ranges. */
  readonly namesInRanges?: boolean;
  readonly minStep?: number;
}

const MONTHS = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
const DAYS = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

/** Random valid crontab text for one field: values, names, ranges, steps and lists of them. */
function crontabField(shape: FieldShape, allowStar = true): fc.Arbitrary<string> {
  const { min, last, names, minStep = 1 } = shape;
  const value = fc.integer({ min, max: shape.max ?? last });
  const spell = (v: number, useName: boolean) => (useName ? names?.[v - min] : undefined) ?? String(v);
  const single = fc.tuple(value, fc.boolean()).map(([v, useName]) => spell(v, useName));
  const range = fc
    .tuple(value, value, fc.boolean())
    .map(([a, b, useName]) =>
      [Math.min(a, b), Math.max(a, b)]
        .map((v) => spell(v, useName && shape.namesInRanges === true))
        .join("-"),
    );
  const step = fc.integer({ min: minStep, max: last - min + 1 });
  const item = fc.oneof(
    single,
    range,
    step.map((n) => `*/${n}`),
    fc.tuple(range, step).map(([r, n]) => `${r}/${n}`),
    fc.tuple(fc.integer({ min, max: last }), step).map(([a, n]) => `${a}/${n}`),
  );
  return fc.oneof(
    ...(allowStar ? [fc.constant("*")] : []),
    item,
    fc.array(item, { minLength: 2, maxLength: 3 }).map((items) => items.join(",")),
  );
}

function crontabLine(): fc.Arbitrary<string> {
  // Minutes avoid "*" and fine steps only to keep croner's enumeration of a year quick.
  const minute = crontabField({ min: 0, last: 59, minStep: 5 }, false);
  const hour = crontabField({ min: 0, last: 23 });
  const dayOfMonth = crontabField({ min: 1, last: 31 });
  const month = crontabField({ min: 1, last: 12, names: MONTHS, namesInRanges: true });
  const dayOfWeek = crontabField({ min: 0, last: 6, max: 7, names: DAYS });
  const days = fc.oneof(
    dayOfMonth.map((dom) => [dom, "*"] as const),
    dayOfWeek.map((dow) => ["*", dow] as const),
  );
  return fc
    .tuple(minute, hour, days, month)
    .map(([m, h, [dom, dow], mon]) => [m, h, dom, mon, dow].join(" "));
}
