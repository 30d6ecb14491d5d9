import { brand } from "../ir/brand.js";
import type { CronSchedule, RateSchedule, ScheduleOptions } from "../ir/schedule-spec.js";
import { SourceSite } from "../source/source-site.js";

export type { ScheduleOptions };

/**
 * A schedule in crontab form (`m h dom mon dow`), as in the crontab you have.
 *
 * @example
 * cron("35 * * * *")                              // rule: "cron(35 * * * ? *)"
 * cron("0 3 * * 1-5", { timezone: "Asia/Tokyo" }) // Scheduler: "cron(0 3 ? * 2-6 *)" in Asia/Tokyo
 */
export function cron(expression: string, options: ScheduleOptions = {}): CronSchedule {
  return Object.freeze({
    [brand]: "schedule" as const,
    kind: "cron" as const,
    expression,
    ...(options.timezone === undefined ? {} : { timezone: options.timezone }),
    site: SourceSite.capture(),
  });
}

/**
 * A fixed-rate schedule.
 *
 * @example
 * rate("1 hour") // "rate(1 hour)"
 * rate("15m")    // "rate(15 minutes)"
 */
export function rate(expression: string, options: ScheduleOptions = {}): RateSchedule {
  return Object.freeze({
    [brand]: "schedule" as const,
    kind: "rate" as const,
    expression,
    ...(options.timezone === undefined ? {} : { timezone: options.timezone }),
    site: SourceSite.capture(),
  });
}
