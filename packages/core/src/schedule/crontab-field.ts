import type { ScheduleProblem } from "./schedule-result.js";

/** How one of the five crontab fields is spelled and which values it takes. */
export interface CrontabField {
  readonly label: string;
  readonly min: number;
  /** Highest value a user may write. */
  readonly max: number;
  /** Highest value `*` and `a/n` reach: differs from `max` only for day-of-week, where 7 merely aliases Sunday. */
  readonly last: number;
  /** Three-letter names; `names[i]` stands for `min + i`. */
  readonly names?: ReadonlyArray<string>;
  /** How the accepted values read in a hint. */
  readonly spelling: string;
}

const MONTH_NAMES = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
const DAY_NAMES = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

/** The fields of a crontab line, in the order they are written. */
export const CRONTAB_FIELDS: readonly [CrontabField, CrontabField, CrontabField, CrontabField, CrontabField] =
  [
    { label: "minute", min: 0, max: 59, last: 59, spelling: "0-59" },
    { label: "hour", min: 0, max: 23, last: 23, spelling: "0-23" },
    { label: "day-of-month", min: 1, max: 31, last: 31, spelling: "1-31" },
    { label: "month", min: 1, max: 12, last: 12, names: MONTH_NAMES, spelling: "1-12 or JAN-DEC" },
    {
      label: "day-of-week",
      min: 0,
      max: 7,
      last: 6,
      names: DAY_NAMES,
      spelling: "0-7 or SUN-SAT, where 0 and 7 are both Sunday",
    },
  ];

/** The values a crontab field selects, sorted; day-of-week 7 is folded into 0. */
export type FieldValues =
  | {
      readonly ok: true;
      readonly values: ReadonlyArray<number>;
      readonly warnings: ReadonlyArray<ScheduleProblem>;
    }
  | { readonly ok: false; readonly problem: ScheduleProblem };

const ITEM = /^(?:(\*)|([a-z0-9]+)(?:-([a-z0-9]+))?)(?:\/([0-9]+))?$/i;
const SUNDAY = 0;

/**
 * Expands one crontab field (Vixie cron syntax plus the common `a/n` shorthand) into the values it selects.
 * @param text the field as the user wrote it, e.g. `"*\/15"` or `"MON-FRI"`
 * @param field which of the five fields this is
 * @param expression the whole crontab line, quoted in problems
 */
export function parseCrontabField(text: string, field: CrontabField, expression: string): FieldValues {
  const selected = new Set<number>();
  const warnings: ScheduleProblem[] = [];
  const complain: Complain = (message, hint, code = "BF1101") => ({
    code,
    message: `${capitalize(field.label)} field "${text}" of "${expression}": ${message}`,
    hint,
  });
  for (const item of text.split(",")) {
    const problem = addItem(item, field, selected, complain, (warning) => warnings.push(warning));
    if (problem !== undefined) return { ok: false, problem };
  }
  return { ok: true, values: [...selected].sort((a, b) => a - b), warnings };
}

type Complain = (message: string, hint: string, code?: string) => ScheduleProblem;

function addItem(
  item: string,
  field: CrontabField,
  into: Set<number>,
  complain: Complain,
  warn: (warning: ScheduleProblem) => void,
): ScheduleProblem | undefined {
  const match = ITEM.exec(item);
  if (match === null) return complain(`"${item}" is not valid crontab syntax.`, syntaxHint(item, field));
  const [, star, startText, endText, stepText] = match;
  const span = field.last - field.min + 1;
  const step = stepText === undefined ? 1 : Number(stepText);
  if (step < 1) {
    return complain(
      `step "/${stepText}" is out of range 1-${span}.`,
      `Use a step between 1 and ${span}; for a longer interval use a rate expression such as "90 minutes".`,
      "BF1102",
    );
  }
  let low = field.min;
  let high = field.last;
  if (star === undefined) {
    const start = parseValue(startText ?? "", field, complain);
    if (typeof start !== "number") return start;
    low = start;
    // Without an explicit end, `a/n` runs to the end of the field, but a lone `a` is just `a`.
    high = stepText === undefined ? start : Math.max(start, field.last);
    if (endText !== undefined) {
      const end = parseValue(endText, field, complain);
      if (typeof end !== "number") return end;
      // Let FRI-SUN mean Friday to Sunday: the name SUN is 0, which would otherwise reverse the range.
      high = field.label === "day-of-week" && end === SUNDAY && start > SUNDAY ? field.max : end;
      if (high < low) {
        return complain(
          `range "${startText}-${endText}" runs backwards.`,
          `Write the lower value first, e.g. "1-5"; a range cannot wrap around, so write "22-2" as the list "22-23,0-2".`,
        );
      }
    }
  }
  if (step > span) {
    // Vixie cron takes it: the step never reaches a second value, so only the first one runs.
    const first = String(low);
    warn(
      complain(
        `step "/${stepText}" is longer than the ${field.label} field (${span} values), so it runs at ${field.label} ${first} only, as cron does; a step never carries over into the next ${carriesInto(field)}.`,
        field.label === "minute" || field.label === "hour"
          ? `For every ${stepText} ${field.label}s use rate("${stepText} ${field.label}s"); for ${field.label} ${first} only, write "${first}".`
          : `Write "${first}" if that is what you meant.`,
        "BF1110",
      ),
    );
  }
  for (let value = low; value <= high; value += step) {
    into.add(field.label === "day-of-week" && value === 7 ? SUNDAY : value);
  }
  return undefined;
}

function carriesInto(field: CrontabField): string {
  switch (field.label) {
    case "minute":
      return "hour";
    case "hour":
      return "day";
    case "month":
      return "year";
    default:
      return "month";
  }
}

function parseValue(token: string, field: CrontabField, complain: Complain): number | ScheduleProblem {
  if (/^[0-9]+$/.test(token)) {
    const value = Number(token);
    if (value >= field.min && value <= field.max) return value;
    return complain(
      `${token} is out of range ${field.min}-${field.max}.`,
      `The ${field.label} field takes ${field.spelling}.`,
      "BF1102",
    );
  }
  const index = field.names?.indexOf(token.toUpperCase()) ?? -1;
  if (index >= 0) return field.min + index;
  return complain(`"${token}" is not a ${field.label} value.`, syntaxHint(token, field));
}

function syntaxHint(item: string, field: CrontabField): string {
  if (item.includes("?")) {
    return `Crontab has no "?": write "*". The "?" AWS needs in one day field is added for you.`;
  }
  return (
    `A ${field.label} field takes "*", a value (${field.spelling}), a range "a-b", ` +
    `a step "*/n", "a-b/n" or "a/n", or a comma-separated list of these.`
  );
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
