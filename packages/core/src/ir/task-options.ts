import type { DurationInput } from "../duration/duration.js";
import type { ContainerSpec } from "./container-spec.js";
import type { SecretRef } from "./env-value.js";
import type { ContainerCommand } from "./job-options.js";
import type { ScheduleList, ScheduleSpec } from "./schedule-spec.js";
import type { SpotInput } from "./spot-options.js";
import type { NetworkOptions } from "./workflow-options.js";

/**
 * How EventBridge (or Scheduler) retries starting a scheduled task that RunTask refused (capacity,
 * throttling): the target's `RetryPolicy`. A task that started and then failed is not retried.
 */
export interface TaskRetryOptions {
  /** Further attempts after the first, 0 to 185. AWS's default: 185. */
  readonly maximumAttempts?: number;
  /** How long an event is retried, 60 s to 24 h (`"1h"`, or seconds). AWS's default: 24 h. */
  readonly maximumEventAge?: DurationInput;
}

/** What `task(name, options)` takes: one ECS task on a schedule, started by EventBridge, no state machine. */
export interface TaskOptions {
  /** The container the task runs: `fargate({ image, cpu, memory })`. */
  readonly task: ContainerSpec;
  /** When it runs: one schedule or a list of them; each is a rule (UTC) or Scheduler schedule (a zone). */
  readonly schedule: ScheduleSpec | ScheduleList;
  /** The container's command, sent as a container override; default: the one of `task`, else the image's. */
  readonly command?: ContainerCommand;
  /** Environment added to `task`'s: strings as container overrides, secrets in the task definition. */
  readonly env?: Readonly<Record<string, string | SecretRef>>;
  /** Task CPU units; default: `task`'s. Written into the task definition. */
  readonly cpu?: number;
  /** Task memory in MiB; default: `task`'s. Written into the task definition. */
  readonly memory?: number;
  /** Fargate Spot: the target's capacity-provider strategy instead of `LaunchType: FARGATE`; default: `task`'s. */
  readonly spot?: SpotInput;
  /** The target's retry policy for a RunTask call that failed. */
  readonly retry?: TaskRetryOptions;
  /** ARN of an SQS queue that receives the event when every attempt to start the task failed. */
  readonly deadLetterQueue?: string;
  /** ECS cluster name or ARN; default: the project config's `cluster`. */
  readonly cluster?: string;
  /** The awsvpc network of the task; default: the project config's `network`. */
  readonly network?: NetworkOptions;
  /** The rules' and schedules' description; default: says what the task runs on which schedule. */
  readonly description?: string;
}
