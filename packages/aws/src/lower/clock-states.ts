import type { AslStateNode } from "./state-graph.js";
import type { StateNames } from "./state-names.js";

/*
 * JSONPath ASL has no date arithmetic, and JSONata states do not run locally: the clock is read with
 * intrinsic functions only (docs/design/locks-and-notifications.md). An ISO time such as
 * 2026-11-29T14:16:29.979Z becomes seconds since 2020-01-01T00:00:00Z by splitting it into fields
 * and adding up lookup tables; 2020 to 2087 keeps every sum inside the 32-bit range of
 * States.MathAdd.
 */

export const clockEpochYear = 2020;
export const clockLastYear = 2087;

const day = 86_400;
const commonMonthDays = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function isLeap(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** The lookup tables, each scaled by `sign` (-1 reads a clock as a negative number, to subtract it). */
export function clockTables(sign: 1 | -1): Record<string, number[]> {
  // 0, never -0: the tables are compared and serialized.
  const scale = (n: number): number => (n === 0 ? 0 : sign * n);
  const years: number[] = [];
  const leap: number[] = [];
  let at = 0;
  for (let y = clockEpochYear; y <= clockLastYear; y++) {
    years.push(scale(at));
    leap.push(isLeap(y) ? 12 : 0);
    at += (isLeap(y) ? 366 : 365) * day;
  }
  const months: number[] = [];
  for (const leapYear of [false, true]) {
    let start = 0;
    commonMonthDays.forEach((days, m) => {
      months.push(scale(start));
      start += (days + (leapYear && m === 1 ? 1 : 0)) * day;
    });
  }
  const range = (n: number, unit: number): number[] => Array.from({ length: n }, (_, i) => scale(i * unit));
  return {
    years,
    leap,
    months,
    days: range(31, day),
    hours: range(24, 3600),
    minutes: range(60, 60),
    seconds: range(60, 1),
  };
}

/** Seconds since 2020-01-01T00:00:00Z of an ISO-8601 UTC time, the way the clock states compute it. */
export function clockSeconds(iso: string): number {
  const t = new Date(iso);
  return Math.floor((t.getTime() - Date.UTC(clockEpochYear, 0, 1)) / 1000);
}

export interface ClockOptions {
  /** A path to an ISO time: `$$.State.EnteredTime` (now) or `$$.Execution.StartTime`. */
  readonly source: string;
  /** Where `{ iso, now }` lands; the states use it as scratch space on the way. */
  readonly resultPath: string;
  readonly sign: 1 | -1;
  /** State names start with this. */
  readonly prefix: string;
  readonly next: string;
}

/**
 * Five Pass states that leave `{ iso, now }` at `resultPath`; `now` is seconds since 2020 (× sign).
 * Step Functions accepts at most ten intrinsic calls in one field: the table lookups get a state of
 * their own, each value a field of its own, and the sum another.
 */
export function clockStates(options: ClockOptions, names: StateNames): AslStateNode[] {
  const { source, resultPath: at, sign } = options;
  const [read, split, fields, lookup, sum] = [
    "clock",
    "clock-split",
    "clock-fields",
    "clock-lookup",
    "clock-sum",
  ].map((part) => names.allocate(options.prefix, [part])) as [string, string, string, string, string];
  // The source is read once: a live clock read twice could cross a second (or day) in between.
  const number = (expression: string, offset: number): string =>
    `States.MathAdd(States.StringToJson(States.Format('1{}', ${expression})), ${-offset})`;
  // Tables as comma-separated literals: one line each in the definition, not one line per number.
  const tables = clockTables(sign);
  const item = (table: string, index: string): string =>
    `States.StringToJson(States.ArrayGetItem(States.StringSplit('${tables[table]!.join(",")}', ','), ${index}))`;
  const add = (a: string, b: string): string => `States.MathAdd(${a}, ${b})`;
  return [
    pass(read, { "iso.$": source }, at, split),
    pass(
      split,
      {
        "iso.$": `${at}.iso`,
        "date.$": `States.StringSplit(States.ArrayGetItem(States.StringSplit(${at}.iso, 'T'), 0), '-')`,
        "time.$": `States.StringSplit(States.ArrayGetItem(States.StringSplit(States.ArrayGetItem(States.StringSplit(${at}.iso, 'T'), 1), 'Z'), 0), ':')`,
      },
      at,
      fields,
    ),
    pass(
      fields,
      {
        "iso.$": `${at}.iso`,
        "y.$": `States.MathAdd(States.StringToJson(States.ArrayGetItem(${at}.date, 0)), ${-clockEpochYear})`,
        "mo.$": number(`States.ArrayGetItem(${at}.date, 1)`, 101),
        "d.$": number(`States.ArrayGetItem(${at}.date, 2)`, 101),
        "h.$": number(`States.ArrayGetItem(${at}.time, 0)`, 100),
        "mi.$": number(`States.ArrayGetItem(${at}.time, 1)`, 100),
        "s.$": number(
          `States.ArrayGetItem(States.StringSplit(States.ArrayGetItem(${at}.time, 2), '.'), 0)`,
          100,
        ),
      },
      at,
      lookup,
    ),
    pass(
      lookup,
      {
        "iso.$": `${at}.iso`,
        "y.$": item("years", `${at}.y`),
        "mo.$": item("months", add(`${at}.mo`, item("leap", `${at}.y`))),
        "d.$": item("days", `${at}.d`),
        "h.$": item("hours", `${at}.h`),
        "mi.$": item("minutes", `${at}.mi`),
        "s.$": item("seconds", `${at}.s`),
      },
      at,
      sum,
    ),
    pass(
      sum,
      {
        "iso.$": `${at}.iso`,
        "now.$": add(add(add(`${at}.y`, `${at}.mo`), add(`${at}.d`, `${at}.h`)), add(`${at}.mi`, `${at}.s`)),
      },
      at,
      options.next,
    ),
  ];
}

function pass(
  name: string,
  parameters: Record<string, string | number[]>,
  resultPath: string,
  next: string,
): AslStateNode {
  return {
    type: "asl",
    name,
    state: { Type: "Pass", Parameters: parameters, ResultPath: resultPath, Next: next },
  };
}
