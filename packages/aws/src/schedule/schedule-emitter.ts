import { type ResolvedSchedule, type ResolvedWorkflow, sortKeys } from "@batchflow/core";
import { scheduleName, stateMachineArn } from "../naming.js";

/** EventBridge PutRule's input of a UTC schedule entry, whatever its targets start. */
export interface RuleInput {
  readonly Name: string;
  readonly ScheduleExpression: string;
  readonly State: "ENABLED";
  readonly Description: string;
}

/** EventBridge Scheduler CreateSchedule's input of a schedule entry in a zone, starting `T`. */
export interface SchedulerScheduleInput<T> {
  readonly Name: string;
  readonly ScheduleExpression: string;
  readonly ScheduleExpressionTimezone: string;
  readonly FlexibleTimeWindow: { readonly Mode: "OFF" };
  readonly State: "ENABLED";
  readonly Description: string;
  readonly Target: T;
}

/** The rule of a UTC entry: a workflow's and a scheduled task's are the same but for their targets. */
export function ruleInput(name: string, schedule: ResolvedSchedule, description: string): RuleInput {
  return { Name: name, ScheduleExpression: schedule.expression, State: "ENABLED", Description: description };
}

/** The Scheduler schedule of an entry in `timezone`, running `target`; at its time only (no window). */
export function schedulerScheduleInput<T>(
  name: string,
  schedule: ResolvedSchedule,
  timezone: string,
  description: string,
  target: T,
): SchedulerScheduleInput<T> {
  return {
    Name: name,
    ScheduleExpression: schedule.expression,
    ScheduleExpressionTimezone: timezone,
    FlexibleTimeWindow: { Mode: "OFF" },
    State: "ENABLED",
    Description: description,
    Target: target,
  };
}

/** EventBridge PutRule + PutTargets inputs: a UTC schedule, the talk's form. */
export interface RuleSchedule {
  readonly type: "rule";
  readonly rule: RuleInput;
  readonly targets: {
    readonly Rule: string;
    readonly Targets: ReadonlyArray<{
      readonly Id: string;
      readonly Arn: string;
      readonly RoleArn: string;
      readonly Input: string;
    }>;
  };
}

/** An EventBridge Scheduler CreateSchedule input: a schedule in a time zone. */
export interface SchedulerSchedule {
  readonly type: "scheduler";
  readonly schedule: SchedulerScheduleInput<{
    readonly Arn: string;
    readonly RoleArn: string;
    readonly Input: string;
  }>;
}

export type ScheduleArtefact = RuleSchedule | SchedulerSchedule;

/** The target id of the state machine on its rule. */
export const ruleTargetId = "state-machine";

/**
 * The rule (UTC) or Scheduler schedule (in a zone) of entry `index` of the workflow's schedules;
 * every entry starts the same state machine with the same input and role.
 */
export function emitSchedule(
  workflow: ResolvedWorkflow,
  schedule: ResolvedSchedule,
  roleArn: string,
  index = 0,
): ScheduleArtefact {
  const name = scheduleName(workflow.name, index);
  const description =
    workflow.description ?? `batchflow: starts ${workflow.name} on ${schedule.kind} "${schedule.source}"`;
  // The execution input as one JSON string, keys sorted so the bytes never depend on object order.
  const input = JSON.stringify(sortKeys(workflow.input));
  const target = { Arn: stateMachineArn(workflow.name), RoleArn: roleArn, Input: input };
  if (schedule.timezone !== undefined) {
    return {
      type: "scheduler",
      schedule: schedulerScheduleInput(name, schedule, schedule.timezone, description, target),
    };
  }
  return {
    type: "rule",
    rule: ruleInput(name, schedule, description),
    targets: { Rule: name, Targets: [{ Id: ruleTargetId, ...target }] },
  };
}
