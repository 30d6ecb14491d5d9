// Test-only: an independent reading of AWS EventBridge cron, written from the AWS documentation
// (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-cron-expressions.html) rather than from
// the converter, so the two can check each other. It throws on anything AWS would reject.

interface AwsField {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  readonly names?: ReadonlyArray<string>;
  /** Per the AWS field table, "/" is not listed for day-of-week. */
  readonly increments: boolean;
  readonly question: boolean;
}

const AWS_FIELDS: ReadonlyArray<AwsField> = [
  { name: "minutes", min: 0, max: 59, increments: true, question: false },
  { name: "hours", min: 0, max: 23, increments: true, question: false },
  { name: "day-of-month", min: 1, max: 31, increments: true, question: true },
  {
    name: "month",
    min: 1,
    max: 12,
    names: ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"],
    increments: true,
    question: false,
  },
  {
    name: "day-of-week",
    min: 1,
    max: 7,
    names: ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"],
    increments: false,
    question: true,
  },
  { name: "year", min: 1970, max: 2199, increments: true, question: false },
];

/** Allowed values of one field, indexed by value; `undefined` for `?`. */
type Allowed = ReadonlyArray<boolean> | undefined;

/** Parses `cron(M H DOM MON DOW Y)` into the values each field allows, throwing if AWS would reject it. */
export function parseAwsCron(expression: string): ReadonlyArray<Allowed> {
  const body = /^cron\((.*)\)$/.exec(expression)?.[1];
  if (body === undefined) throw new Error(`not a cron(...) expression: ${expression}`);
  const texts = body.split(" ");
  if (texts.length !== 6) throw new Error(`AWS cron needs 6 fields: ${expression}`);
  const allowed = AWS_FIELDS.map((field, index) => parseAwsField(texts[index] ?? "", field));
  if ((allowed[2] === undefined) === (allowed[4] === undefined)) {
    throw new Error(`exactly one of day-of-month and day-of-week must be "?": ${expression}`);
  }
  return allowed;
}

function parseAwsField(text: string, field: AwsField): Allowed {
  if (text === "?") {
    if (!field.question) throw new Error(`"?" is not allowed in ${field.name}`);
    return undefined;
  }
  const allowed: boolean[] = Array(field.max + 1).fill(false);
  for (const item of text.split(",")) {
    const match = /^(?:(\*)|([A-Z0-9]+)(?:-([A-Z0-9]+))?)(?:\/([0-9]+))?$/.exec(item);
    if (match === null) throw new Error(`unsupported ${field.name} item "${item}"`);
    const [, star, startText, endText, stepText] = match;
    if (stepText !== undefined && !field.increments) throw new Error(`"/" is not allowed in ${field.name}`);
    const step = stepText === undefined ? 1 : Number(stepText);
    if (step < 1) throw new Error(`bad increment in ${field.name}: "${item}"`);
    const start = star === undefined ? awsValue(startText ?? "", field) : field.min;
    let end = star === undefined && stepText === undefined ? start : field.max;
    if (endText !== undefined) end = awsValue(endText, field);
    if (end < start) throw new Error(`backwards range in ${field.name}: "${item}"`);
    for (let value = start; value <= end; value += step) allowed[value] = true;
  }
  return allowed;
}

function awsValue(token: string, field: AwsField): number {
  const index = field.names?.indexOf(token) ?? -1;
  const value = index >= 0 ? field.min + index : /^[0-9]+$/.test(token) ? Number(token) : Number.NaN;
  if (!(value >= field.min && value <= field.max))
    throw new Error(`${field.name} value "${token}" out of range`);
  return value;
}

/** Every minute of `year` (UTC) at which the AWS expression fires, as epoch milliseconds, ascending. */
export function awsCronFireTimes(expression: string, year: number): number[] {
  const [minutes, hours, daysOfMonth, months, daysOfWeek, years] = parseAwsCron(expression);
  const times: number[] = [];
  if (years?.[year] !== true) return times;
  for (let day = Date.UTC(year, 0, 1); day < Date.UTC(year + 1, 0, 1); day += 86_400_000) {
    const date = new Date(day);
    if (months?.[date.getUTCMonth() + 1] !== true) continue;
    if (daysOfMonth !== undefined && !daysOfMonth[date.getUTCDate()]) continue;
    // AWS numbers the week from 1 = Sunday.
    if (daysOfWeek !== undefined && !daysOfWeek[date.getUTCDay() + 1]) continue;
    for (let hour = 0; hour < 24; hour++) {
      for (let minute = 0; minute < 60; minute++) {
        if (hours?.[hour] && minutes?.[minute]) times.push(day + hour * 3_600_000 + minute * 60_000);
      }
    }
  }
  return times;
}
