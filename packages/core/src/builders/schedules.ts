import { brand } from "../ir/brand.js";
import type {
  AwsCronSchedule,
  CronSchedule,
  RateSchedule,
  ScheduleOptions,
  ScheduleSpec,
} from "../ir/schedule-spec.js";
import { expressionNotText } from "../schedule/expression-not-text.js";
import { SourceSite } from "../source/source-site.js";
import { assertOptions } from "../validate/assert-options.js";
import { scheduleOptionsShape } from "../validate/shapes/schedule-shape.js";
import { definitionError } from "./definition-error.js";

export type { ScheduleOptions };

/**
 * A schedule in crontab form (`m h dom mon dow`), as in the crontab you have.
 *
 * @example
 * cron("35 * * * *")                              // rule: "cron(35 * * * ? *)"
 * cron("0 3 * * 1-5", { timezone: "Asia/Tokyo" }) // Scheduler: "cron(0 3 ? * 2-6 *)" in Asia/Tokyo
 */
export function cron(expression: string, options: ScheduleOptions = {}): CronSchedule {
  return schedule<CronSchedule>("cron", "cron", expression, options);
}

/**
 * A schedule in AWS's own cron syntax (`M H DOM MON DOW Y`), for what a crontab line cannot say:
 * `L` (last), `W` (nearest weekday), `#` (the n-th weekday of the month), a year field. Checked when
 * compiling as EventBridge checks it, then deployed as written.
 *
 * @example
 * awsCron("0 9 ? * MON#1 *")                              // the first Monday of each month, 09:00 UTC
 * awsCron("0 18 L * ? *", { timezone: "Asia/Tokyo" })     // the last day of each month, 18:00 in Tokyo
 */
export function awsCron(expression: string, options: ScheduleOptions = {}): AwsCronSchedule {
  return schedule<AwsCronSchedule>("awsCron", "aws-cron", expression, options);
}

/**
 * A fixed-rate schedule.
 *
 * @example
 * rate("1 hour") // "rate(1 hour)"
 * rate("15m")    // "rate(15 minutes)"
 */
export function rate(expression: string, options: ScheduleOptions = {}): RateSchedule {
  return schedule<RateSchedule>("rate", "rate", expression, options);
}

/**
 * The schedule a builder returns. The expression's type and the options' keys are checked at the
 * call; the expression itself is parsed when compiling.
 */
function schedule<S extends ScheduleSpec>(
  builder: "cron" | "rate" | "awsCron",
  kind: S["kind"],
  expression: string,
  options: ScheduleOptions,
): S {
  const problem = expressionNotText(expression, builder);
  if (problem) throw definitionError(problem.code, problem.message, problem.hint);
  assertOptions(options, scheduleOptionsShape, `${builder}() options`);
  return Object.freeze({
    [brand]: "schedule" as const,
    kind,
    expression,
    ...(options.timezone === undefined ? {} : { timezone: options.timezone }),
    site: SourceSite.capture(),
  }) as S;
}
