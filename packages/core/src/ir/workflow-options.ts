import type { DurationInput } from "../duration/duration.js";
import type { ContainerSpec } from "./container-spec.js";
import type { EnvValue } from "./env-value.js";
import type { Command } from "./job-options.js";
import type { LockOptions } from "./lock-options.js";
import type { NotifyOptions } from "./notify-options.js";
import type { RetryPolicyInput } from "./retry-policy.js";
import type { ScheduleList, ScheduleSpec } from "./schedule-spec.js";
import type { SpotInput } from "./spot-options.js";

/** The awsvpc network every task of a workflow runs in. */
export interface NetworkOptions {
  readonly subnets: ReadonlyArray<string>;
  readonly securityGroups?: ReadonlyArray<string>;
  /** Needed in public subnets without a NAT gateway, to pull the image. Default false. */
  readonly assignPublicIp?: boolean;
}

/** Job options every job gets unless it sets its own. */
export interface JobDefaults {
  readonly task?: ContainerSpec;
  /** A command, or a function of the job name: `(name) => ["make", "run", name]`. */
  readonly command?: Command | ((jobName: string) => Command);
  readonly env?: Readonly<Record<string, EnvValue>>;
  readonly timeout?: DurationInput;
  /** Fargate Spot for every job that does not say otherwise (over the container's `spot`). */
  readonly spot?: SpotInput;
}

/** Role ARNs; any not given is a per-workflow role batchflow names (and deploy can create). */
export interface RoleOptions {
  /** Role Step Functions runs the state machine as. */
  readonly stateMachine?: string;
  /** Role EventBridge (rule or Scheduler) uses to start executions. */
  readonly schedule?: string;
  /** Role the notify rule (`<workflow>-notify`) starts the notify machine with. */
  readonly notify?: string;
}

/** Settings a workflow and the project config share; the workflow's win. */
export interface SharedOptions {
  /** ECS cluster name or ARN. */
  readonly cluster?: string;
  readonly network?: NetworkOptions;
  readonly defaults?: JobDefaults;
  /**
   * Retry for Fargate's infrastructure errors (`ECS.AmazonECSException`, `AmazonECS.Unknown`),
   * added to every job; `false` turns it off. Default: 3 retries from 10 s, doubling. A Spot job's
   * interrupted runs are retried with the same interval, attempts and backoff.
   */
  readonly infrastructureRetry?: RetryPolicyInput | false;
  readonly roles?: RoleOptions;
}

export interface WorkflowOptions extends SharedOptions {
  /**
   * What starts the workflow: one schedule, or a list of them (one EventBridge rule or Scheduler
   * schedule each, deployed and pruned together).
   */
  readonly schedule?: ScheduleSpec | ScheduleList;
  /** The execution input a schedule starts the workflow with. Default `{}`. */
  readonly input?: Readonly<Record<string, unknown>>;
  /** Shown in the console and on the schedule. */
  readonly description?: string;
  /** Run the whole workflow only while holding this lock (`flock`). */
  readonly lock?: LockOptions;
  /** Messages on failure, timeout and (optionally) success. */
  readonly notify?: NotifyOptions;
}
