import type { SourceSite } from "../source/source-site.js";
import type { Branded } from "./brand.js";

/** What `cron()` and `rate()` take after the expression. */
export interface ScheduleOptions {
  /** IANA time zone, e.g. `"Asia/Tokyo"`; emitted as an EventBridge Scheduler schedule. Default: UTC, an EventBridge rule. */
  readonly timezone?: string;
}

export interface CronSchedule extends Branded<"schedule"> {
  readonly kind: "cron";
  /** Crontab form, `m h dom mon dow`, as in the user's crontab. */
  readonly expression: string;
  readonly timezone?: string;
  readonly site?: SourceSite | undefined;
}

export interface RateSchedule extends Branded<"schedule"> {
  readonly kind: "rate";
  readonly expression: string;
  readonly timezone?: string;
  readonly site?: SourceSite | undefined;
}

export interface AwsCronSchedule extends Branded<"schedule"> {
  readonly kind: "aws-cron";
  /** AWS's six-field form, `M H DOM MON DOW Y`, with or without `cron(...)` around it. */
  readonly expression: string;
  readonly timezone?: string;
  readonly site?: SourceSite | undefined;
}

export type ScheduleSpec = CronSchedule | RateSchedule | AwsCronSchedule;

/** Several schedules for one workflow: a non-empty list. */
export type ScheduleList = readonly [ScheduleSpec, ...ScheduleSpec[]];
