export { awsCronToExpression } from "./aws-cron-expression.js";
export { type AwsCronDay, type AwsCronSchedule, parseAwsCronSchedule } from "./aws-cron-schedule.js";
export { type ScheduleTime, type ScheduleTimesOptions, scheduleTimes } from "./aws-fire-times.js";
export { convertCrontab, crontabToAws } from "./crontab-to-aws.js";
export { clockChanges, daylightSavingWarnings } from "./daylight-saving.js";
export { parseRate } from "./rate-expression.js";
export type { CrontabTimes, ScheduleProblem, ScheduleResult } from "./schedule-result.js";
export { type SharedMinutes, sharedMinutes, type ZonedExpression } from "./shared-minutes.js";
export { checkTimeZone } from "./time-zone.js";
