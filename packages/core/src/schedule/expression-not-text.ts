import { describeValue } from "../validate/describe-value.js";
import { validationCode } from "../validate/validation-code.js";
import type { ScheduleProblem } from "./schedule-result.js";

const examples = { cron: '"35 * * * *"', rate: '"1 hour"', awsCron: '"0 9 ? * MON#1 *"' } as const;
const what = { cron: "crontab line", rate: "rate", awsCron: "AWS cron expression" } as const;

/**
 * BF1107 for a schedule expression that is not a string (`cron(123)`), which would otherwise
 * fail deep inside the parser; undefined for a string.
 */
export function expressionNotText(
  expression: unknown,
  builder: keyof typeof examples,
): ScheduleProblem | undefined {
  if (typeof expression === "string") return undefined;
  return {
    code: validationCode.scheduleExpressionNotText,
    message: `${builder}() takes the ${what[builder]} as a string, not ${describeValue(expression)}`,
    hint: `write it in quotes: ${builder}(${examples[builder]})`,
  };
}
