/*
 * The subsets of EventBridge PutTargets and Scheduler CreateSchedule input batchflow writes for a
 * scheduled task (SDK field names; the models' own casing, which differs inside EcsParameters).
 */

import type { RuleInput, SchedulerScheduleInput } from "../schedule/schedule-emitter.js";

/** The awsvpc network of the started task. */
export interface TargetNetwork {
  readonly awsvpcConfiguration: {
    readonly Subnets: ReadonlyArray<string>;
    readonly SecurityGroups?: ReadonlyArray<string>;
    readonly AssignPublicIp: "ENABLED" | "DISABLED";
  };
}

/** A Fargate Spot strategy item; both APIs spell these members in lower camel case. */
export interface TargetCapacityProvider {
  readonly capacityProvider: "FARGATE_SPOT" | "FARGATE";
  readonly base?: number;
  readonly weight: number;
}

/** What both APIs' EcsParameters share: the RunTask call EventBridge or Scheduler makes. */
interface EcsParametersBase {
  /** The family's ARN; deploy pins it to the revision it registered or found (`...:family:3`). */
  readonly TaskDefinitionArn: string;
  readonly TaskCount: 1;
  /** `FARGATE`, or on Spot a `CapacityProviderStrategy` instead (RunTask takes one or the other). */
  readonly LaunchType?: "FARGATE";
  readonly CapacityProviderStrategy?: ReadonlyArray<TargetCapacityProvider>;
  readonly PlatformVersion: "LATEST";
  readonly NetworkConfiguration: TargetNetwork;
  /** The task gets the task definition's tags, batchflow's ownership tags among them. */
  readonly PropagateTags: "TASK_DEFINITION";
}

/** EventBridge's EcsParameters: tags as `{ Key, Value }`. */
export interface RuleEcsParameters extends EcsParametersBase {
  readonly Tags: ReadonlyArray<{ readonly Key: string; readonly Value: string }>;
}

/** Scheduler's EcsParameters: tags as a list of one-entry maps. */
export interface SchedulerEcsParameters extends EcsParametersBase {
  readonly Tags: ReadonlyArray<Readonly<Record<string, string>>>;
}

export interface TargetRetryPolicy {
  readonly MaximumRetryAttempts?: number;
  readonly MaximumEventAgeInSeconds?: number;
}

/** What a task's rule target and its Scheduler target both carry. */
interface TaskTargetBase {
  /** The cluster's ARN. */
  readonly Arn: string;
  readonly RoleArn: string;
  /** The RunTask `overrides`, as JSON: the command and env of the container. */
  readonly Input: string;
  readonly RetryPolicy?: TargetRetryPolicy;
  readonly DeadLetterConfig?: { readonly Arn: string };
}

export interface TaskRuleTarget extends TaskTargetBase {
  readonly Id: string;
  readonly EcsParameters: RuleEcsParameters;
}

export interface TaskSchedulerTarget extends TaskTargetBase {
  readonly EcsParameters: SchedulerEcsParameters;
}

/** PutRule + PutTargets of one schedule entry of a task, in UTC. */
export interface TaskRuleSchedule {
  readonly type: "rule";
  readonly rule: RuleInput;
  readonly targets: { readonly Rule: string; readonly Targets: ReadonlyArray<TaskRuleTarget> };
}

/** CreateSchedule of one schedule entry of a task, in a time zone. */
export interface TaskSchedulerSchedule {
  readonly type: "scheduler";
  readonly schedule: SchedulerScheduleInput<TaskSchedulerTarget>;
}

export type TaskScheduleArtefact = TaskRuleSchedule | TaskSchedulerSchedule;
