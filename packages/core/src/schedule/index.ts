export { crontabToAws } from "./crontab-to-aws.js";
export { parseRate } from "./rate-expression.js";
export type { ScheduleProblem, ScheduleResult } from "./schedule-result.js";
export { checkTimeZone } from "./time-zone.js";
