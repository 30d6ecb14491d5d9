import { type ResolvedSchedule, type ResolvedTask, sortKeys } from "@batchflow/core";
import { clusterArn, placeholder, scheduleName } from "../naming.js";
import { ruleInput, schedulerScheduleInput } from "../schedule/schedule-emitter.js";
import type {
  RuleEcsParameters,
  TargetCapacityProvider,
  TargetRetryPolicy,
  TaskScheduleArtefact,
} from "./task-types.js";

/** The target id of the ECS task on its rule. */
export const taskTargetId = "ecs-task";
/** The tag every task a scheduled task starts gets, besides the task definition's (propagated). */
export const taskTagKey = "batchflow:task";

/** The family's ARN without a revision: deploy pins the revision it registered or found. */
export function taskDefinitionArn(family: string): string {
  return `arn:${placeholder.partition}:ecs:${placeholder.region}:${placeholder.accountId}:task-definition/${family}`;
}

export interface TaskTargetContext {
  readonly family: string;
  /** The container's name in the task definition, which the overrides address. */
  readonly container: string;
  readonly roleArn: string;
}

/**
 * The RunTask `overrides` EventBridge and Scheduler pass as the target's `Input`: the command and
 * the task's own env as a container override. Keys sorted, so the bytes never depend on object order.
 */
export function taskOverrides(task: ResolvedTask, container: string): string {
  const override = {
    name: container,
    ...(task.command === undefined ? {} : { command: [...task.command] }),
    ...(task.env.length === 0 ? {} : { environment: task.env.map(([name, value]) => ({ name, value })) }),
  };
  const empty = task.command === undefined && task.env.length === 0;
  return JSON.stringify(sortKeys(empty ? {} : { containerOverrides: [override] }));
}

/**
 * The rule (UTC) or Scheduler schedule (in a zone) of entry `index` of the task's schedules: a
 * target that runs one Fargate task of the family, with the target's retry policy and
 * dead-letter queue.
 */
export function emitTaskSchedule(
  task: ResolvedTask,
  schedule: ResolvedSchedule,
  index: number,
  ctx: TaskTargetContext,
): TaskScheduleArtefact {
  const name = scheduleName(task.name, index);
  const description =
    task.description ?? `batchflow: runs task ${task.name} on ${schedule.kind} "${schedule.source}"`;
  const { network } = task;
  const ecs = {
    TaskDefinitionArn: taskDefinitionArn(ctx.family),
    TaskCount: 1 as const,
    ...(task.spot ? { CapacityProviderStrategy: strategy(task) } : { LaunchType: "FARGATE" as const }),
    PlatformVersion: "LATEST" as const,
    NetworkConfiguration: {
      awsvpcConfiguration: {
        Subnets: [...network.subnets],
        ...(network.securityGroups ? { SecurityGroups: [...network.securityGroups] } : {}),
        AssignPublicIp: network.assignPublicIp ? ("ENABLED" as const) : ("DISABLED" as const),
      },
    },
    PropagateTags: "TASK_DEFINITION" as const,
  };
  const retry: TargetRetryPolicy | undefined = task.retry && {
    ...(task.retry.maximumAttempts === undefined ? {} : { MaximumRetryAttempts: task.retry.maximumAttempts }),
    ...(task.retry.maximumEventAgeSeconds === undefined
      ? {}
      : { MaximumEventAgeInSeconds: task.retry.maximumEventAgeSeconds }),
  };
  const target = {
    Arn: clusterArn(task.cluster),
    RoleArn: ctx.roleArn,
    Input: taskOverrides(task, ctx.container),
    ...(retry ? { RetryPolicy: retry } : {}),
    ...(task.deadLetterQueue ? { DeadLetterConfig: { Arn: task.deadLetterQueue } } : {}),
  };
  if (schedule.timezone !== undefined) {
    return {
      type: "scheduler",
      schedule: schedulerScheduleInput(name, schedule, schedule.timezone, description, {
        ...target,
        EcsParameters: { ...ecs, Tags: [{ [taskTagKey]: task.name }] },
      }),
    };
  }
  const ruleEcs: RuleEcsParameters = { ...ecs, Tags: [{ Key: taskTagKey, Value: task.name }] };
  return {
    type: "rule",
    rule: ruleInput(name, schedule, description),
    targets: { Rule: name, Targets: [{ Id: taskTargetId, ...target, EcsParameters: ruleEcs }] },
  };
}

/** The Spot strategy a Spot job gets (docs/dsl.md, "Fargate Spot"), in the targets' spelling. */
function strategy(task: ResolvedTask): ReadonlyArray<TargetCapacityProvider> {
  const spot = task.spot;
  if (!spot?.mixed) return [{ capacityProvider: "FARGATE_SPOT", weight: 1 }];
  return [
    { capacityProvider: "FARGATE_SPOT", ...(spot.base > 0 ? { base: spot.base } : {}), weight: spot.weight },
    { capacityProvider: "FARGATE", weight: 1 },
  ];
}
