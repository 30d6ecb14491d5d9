import type { ScheduleOptions } from "../../ir/schedule-spec.js";
import { anyOf, branded, listOf, objectOf, optional, text } from "../shape-builders.js";
import { validationCode } from "../validation-code.js";

const rateText = /^\s*(?:rate\(\s*(.*?)\s*\)|(\d+\s*[a-z]+))\s*$/i;
const awsCronText = /^\s*cron\(\s*(.*?)\s*\)\s*$/i;

/** `schedule:` takes what cron() or rate() made; a string is the usual slip (BF1108). */
export const scheduleShape = branded("schedule", {
  expects: 'takes cron("35 * * * *"), rate("1 hour") or awsCron("0 9 ? * MON#1 *")',
  example: 'cron("35 * * * *")',
  code: validationCode.scheduleNotBuilt,
  hint: scheduleHint,
});

/** `schedule:` takes one schedule or a non-empty list of them (the list's length: BF1113, at the call). */
export const schedulesShape = anyOf([scheduleShape, listOf(scheduleShape)], {
  expects: scheduleShape.expects,
  example: scheduleShape.example,
  code: validationCode.scheduleNotBuilt,
  hint: scheduleHint,
});

/** What to write instead of a string; an item of a list is written without the key. */
function scheduleHint(value: unknown, key: string): string | undefined {
  if (typeof value !== "string") return undefined;
  const write = key.endsWith("]") ? "write " : `write ${key}: `;
  const rate = rateText.exec(value);
  if (rate) return `${write}rate(${JSON.stringify(rate[1] ?? rate[2])})`;
  const aws = awsCronText.exec(value);
  if (aws) {
    return `${write}cron("m h dom mon dow") with your crontab line (the AWS cron(...) form is generated from it), or ${key.endsWith("]") ? "" : `${key}: `}awsCron(${JSON.stringify(aws[1])})`;
  }
  return `${write}cron(${JSON.stringify(value)})`;
}

/** The options of `cron()` and `rate()`; the zone's name is checked when compiling (BF1106). */
export const scheduleOptionsShape = objectOf<ScheduleOptions>(
  "a schedule's options",
  {
    timezone: optional(
      text({ expects: 'must be a string (an IANA time zone like "Asia/Tokyo")', example: '"Asia/Tokyo"' }),
    ),
  },
  {
    expects: 'must be an object like { timezone: "Asia/Tokyo" }',
    example: '{ timezone: "Asia/Tokyo" }',
    hint: (value) => (typeof value === "string" ? `write { timezone: ${JSON.stringify(value)} }` : undefined),
    elsewhere: {
      tz: 'the time zone is timezone: "Asia/Tokyo"',
      timeZone: 'the time zone is timezone: "Asia/Tokyo"',
    },
  },
);
