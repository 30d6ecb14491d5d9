import type { ScheduleProblem, ScheduleResult } from "./schedule-result.js";

/** One field of AWS's six-field cron: its range, names and the wildcards AWS documents for it. */
interface AwsField {
  readonly label: string;
  readonly min: number;
  readonly max: number;
  readonly names?: ReadonlyArray<string>;
  readonly spelling: string;
  /** `/` increments (not documented for day-of-week). */
  readonly increments: boolean;
}

const MONTHS = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
const DAYS = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

// https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-cron-expressions.html
const FIELDS: readonly AwsField[] = [
  { label: "minutes", min: 0, max: 59, spelling: "0-59", increments: true },
  { label: "hours", min: 0, max: 23, spelling: "0-23", increments: true },
  { label: "day-of-month", min: 1, max: 31, spelling: "1-31", increments: true },
  { label: "month", min: 1, max: 12, names: MONTHS, spelling: "1-12 or JAN-DEC", increments: true },
  {
    label: "day-of-week",
    min: 1,
    max: 7,
    names: DAYS,
    spelling: "1-7 or SUN-SAT (1 is Sunday)",
    increments: false,
  },
  { label: "year", min: 1970, max: 2199, spelling: "1970-2199", increments: true },
];
const DAY_OF_MONTH = 2;
const DAY_OF_WEEK = 4;

const FIELD_NAMES = FIELDS.map((f) => f.label).join(" ");
const ITEM = /^(?:(\*)|([a-z0-9]+)(?:-([a-z0-9]+))?)(?:\/([0-9]+))?$/i;

/**
 * Checks an expression in AWS's own cron syntax (`M H DOM MON DOW Y`, with `?`, `L`, `W` and `#`,
 * as EventBridge documents it) and writes it as `cron(...)` with single spaces and upper-case names.
 * The checks are EventBridge's documented ones: six fields, each value in its range, the wildcards
 * each field takes, exactly one of the two day fields `?`.
 * @param expr the six fields, or the whole `cron(...)` expression
 * @returns the AWS expression, or every problem found (never throws)
 */
export function awsCronToExpression(expr: string): ScheduleResult {
  const wrapped = /^\s*cron\((.*)\)\s*$/is.exec(expr);
  const body = (wrapped?.[1] ?? expr).trim();
  const texts = body === "" ? [] : body.split(/\s+/);
  if (texts.length !== FIELDS.length) {
    return fail({
      code: "BF1109",
      message: `AWS cron expression "${expr}" has ${texts.length} field${texts.length === 1 ? "" : "s"}; expected 6 (${FIELD_NAMES}).`,
      hint:
        texts.length === 5
          ? `Add the year field ("*"), e.g. "${body} *"; or use cron("${body}") if this is a crontab line (batchflow converts it).`
          : 'Write six space-separated fields, e.g. "0 9 ? * MON#1 *" (no seconds field).',
    });
  }
  const problems: ScheduleProblem[] = [];
  const fields = texts.map((text, index) => {
    const field = FIELDS[index] as AwsField;
    const result = checkField(text, field, index, body);
    if (typeof result === "string") return result;
    problems.push(result);
    return text;
  });
  const dayOfMonth = fields[DAY_OF_MONTH] as string;
  const dayOfWeek = fields[DAY_OF_WEEK] as string;
  if (problems.length === 0 && (dayOfMonth === "?") === (dayOfWeek === "?")) {
    const both = dayOfMonth === "?";
    problems.push({
      code: "BF1109",
      message: both
        ? `"${body}" has "?" in both day fields; AWS needs a day in one of them.`
        : `"${body}" sets both day-of-month ("${dayOfMonth}") and day-of-week ("${dayOfWeek}"); AWS needs "?" in one of them.`,
      hint: both
        ? `Write "*" for every day in one of them, e.g. "${withField(fields, DAY_OF_MONTH, "*")}".`
        : `Write "?" in the field you do not restrict, e.g. "${withField(fields, DAY_OF_MONTH, "?")}" or "${withField(fields, DAY_OF_WEEK, "?")}".`,
    });
  }
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, expression: `cron(${fields.join(" ")})` };
}

function withField(fields: ReadonlyArray<string>, index: number, text: string): string {
  return fields.map((f, i) => (i === index ? text : f)).join(" ");
}

/** The field as it is written to AWS, or its problem. */
function checkField(text: string, field: AwsField, index: number, body: string): string | ScheduleProblem {
  const complain = (message: string, hint: string, code = "BF1109"): ScheduleProblem => ({
    code,
    message: `${capitalize(field.label)} field "${text}" of "${body}": ${message}`,
    hint,
  });
  const upper = text.toUpperCase();
  const special = specialItem(upper, field, index, complain);
  if (special !== undefined) return special;
  const items = upper.split(",");
  for (const item of items) {
    const problem = checkItem(item, field, complain);
    if (problem !== undefined) return problem;
  }
  return upper;
}

/**
 * `?`, `L`, `nW` (day-of-month) and `L`, `nL`, `n#k` (day-of-week): each stands alone in its field;
 * undefined when the text is none of them (nor one of them misplaced).
 */
function specialItem(
  text: string,
  field: AwsField,
  index: number,
  complain: (message: string, hint: string, code?: string) => ScheduleProblem,
): string | ScheduleProblem | undefined {
  const dayField = index === DAY_OF_MONTH || index === DAY_OF_WEEK;
  if (
    !/[?LW#]/.test(
      text.replace(/JUL|APR|SAT|WED|JUN|JAN|FEB|MAR|MAY|AUG|SEP|OCT|NOV|DEC|SUN|MON|TUE|THU|FRI/g, ""),
    )
  ) {
    return undefined;
  }
  const alone = () =>
    complain(
      `"${text}" mixes ?, L, W or # with other values.`,
      "AWS takes these alone in their field: ? or L, nW in day-of-month; ? or L, nL, n#k in day-of-week.",
    );
  if (!dayField) {
    return complain(
      `the ${field.label} field takes no ?, L, W or #.`,
      `Use a value (${field.spelling}), a range "a-b", an increment "a/n", a list, or "*"; ?, L and W belong to day-of-month, ?, L and # to day-of-week.`,
    );
  }
  if (text === "?" || text === "L") return text;
  if (text.includes(",")) return alone();
  if (index === DAY_OF_MONTH) {
    const weekday = /^([0-9]+)W$/.exec(text);
    if (weekday) return inRange(Number(weekday[1]), field, complain) ?? text;
    return complain(
      `"${text}" is not a day-of-month AWS takes.`,
      text === "LW"
        ? 'AWS documents L (the last day) and nW (the weekday nearest day n), not LW: for the last weekday of the month, run on the last days ("26-31") and check the date in the job, or take the last Friday ("6L" in day-of-week).'
        : 'Day-of-month takes ?, L (the last day of the month), nW (the weekday nearest day n, e.g. "15W"), or values, ranges, increments and lists.',
    );
  }
  const last = /^([0-9]+|[A-Z]{3})L$/.exec(text);
  if (last) return dayValue(last[1] as string, field, complain) ?? text;
  const nth = /^([0-9]+|[A-Z]{3})#([0-9]+)$/.exec(text);
  if (nth) {
    const day = dayValue(nth[1] as string, field, complain);
    if (day !== undefined) return day;
    const k = Number(nth[2]);
    if (k < 1 || k > 5) {
      return complain(
        `#${nth[2]} is out of range 1-5.`,
        'Write n#k with k from 1 to 5, e.g. "MON#1" for the first Monday.',
        "BF1102",
      );
    }
    return text;
  }
  return complain(
    `"${text}" is not a day-of-week AWS takes.`,
    'Day-of-week takes ?, L (Saturday, the last day of the week), nL (the last such day of the month, e.g. "6L" or "FRIL"), n#k (the k-th such day, e.g. "MON#1"), or values, ranges and lists.',
  );
}

function dayValue(
  token: string,
  field: AwsField,
  complain: (message: string, hint: string, code?: string) => ScheduleProblem,
): ScheduleProblem | undefined {
  const value = fieldValue(token, field);
  if (value === undefined)
    return complain(`"${token}" is not a ${field.label} value.`, `Use ${field.spelling}.`);
  return inRange(value, field, complain);
}

function checkItem(
  item: string,
  field: AwsField,
  complain: (message: string, hint: string, code?: string) => ScheduleProblem,
): ScheduleProblem | undefined {
  const match = ITEM.exec(item);
  if (match === null) {
    return complain(
      `"${item}" is not valid AWS cron syntax.`,
      `The ${field.label} field takes "*", a value (${field.spelling}), a range "a-b", ${field.increments ? 'an increment "a/n" or "a-b/n", ' : ""}or a comma-separated list of these.`,
    );
  }
  const [, star, startText, endText, stepText] = match;
  if (stepText !== undefined) {
    if (!field.increments) {
      return complain(
        `AWS does not document "/" increments in day-of-week.`,
        'List the days instead, e.g. "MON,WED,FRI".',
      );
    }
    const span = field.max - field.min + 1;
    const step = Number(stepText);
    if (step < 1 || step > span) {
      return complain(
        `increment "/${stepText}" is out of range 1-${span}.`,
        `Use an increment between 1 and ${span}; for a longer interval use rate("...").`,
        "BF1102",
      );
    }
  }
  if (star !== undefined) return undefined;
  const start = fieldValue(startText as string, field);
  if (start === undefined) {
    return complain(`"${startText}" is not a ${field.label} value.`, `Use ${field.spelling}.`);
  }
  const outOfStart = inRange(start, field, complain);
  if (outOfStart !== undefined) return outOfStart;
  if (endText === undefined) return undefined;
  const end = fieldValue(endText, field);
  if (end === undefined)
    return complain(`"${endText}" is not a ${field.label} value.`, `Use ${field.spelling}.`);
  const outOfEnd = inRange(end, field, complain);
  if (outOfEnd !== undefined) return outOfEnd;
  if (end < start) {
    return complain(
      `range "${startText}-${endText}" runs backwards.`,
      `Write the lower value first; for a range that wraps around, write a list, e.g. "${startText}-${field.names?.at(-1) ?? field.max},${field.names?.[0] ?? field.min}-${endText}".`,
    );
  }
  return undefined;
}

function fieldValue(token: string, field: AwsField): number | undefined {
  if (/^[0-9]+$/.test(token)) return Number(token);
  const index = field.names?.indexOf(token) ?? -1;
  return index >= 0 ? field.min + index : undefined;
}

function inRange(
  value: number,
  field: AwsField,
  complain: (message: string, hint: string, code?: string) => ScheduleProblem,
): ScheduleProblem | undefined {
  if (value >= field.min && value <= field.max) return undefined;
  return complain(
    `${value} is out of range ${field.min}-${field.max}.`,
    `The ${field.label} field takes ${field.spelling}.`,
    "BF1102",
  );
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function fail(problem: ScheduleProblem): ScheduleResult {
  return { ok: false, problems: [problem] };
}
