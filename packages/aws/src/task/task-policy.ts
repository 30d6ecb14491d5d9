import type { ResolvedTask } from "@batchflow/core";
import type { RegisterTaskDefinitionInput } from "../ecs/task-definition-types.js";
import { type PolicyDocument, type PolicyStatement, policy } from "../iam/policy-document.js";
import { clusterArn, clusterTaskArnPattern, taskDefinitionArnPattern } from "../naming.js";

/**
 * What the role EventBridge or Scheduler assumes needs to start the task: RunTask of this family
 * on this cluster only, tag the task it starts (RunTask with tags), pass the task's roles to ECS,
 * and, for Scheduler, send a failed start to the dead-letter queue (a rule's dead-letter queue is
 * written by EventBridge itself, under the queue's own policy).
 */
export function taskSchedulePolicy(
  task: ResolvedTask,
  taskDefinition: RegisterTaskDefinitionInput,
): PolicyDocument {
  const passRoles = [
    taskDefinition.executionRoleArn,
    ...(taskDefinition.taskRoleArn ? [taskDefinition.taskRoleArn] : []),
  ];
  const statements: PolicyStatement[] = [
    {
      Sid: "RunTask",
      Effect: "Allow",
      Action: ["ecs:RunTask"],
      Resource: [taskDefinitionArnPattern(taskDefinition.family)],
      Condition: { ArnEquals: { "ecs:cluster": clusterArn(task.cluster) } },
    },
    {
      Sid: "TagStartedTask",
      Effect: "Allow",
      Action: ["ecs:TagResource"],
      Resource: [clusterTaskArnPattern(task.cluster)],
      Condition: { StringEquals: { "ecs:CreateAction": "RunTask" } },
    },
    {
      Sid: "PassTaskRoles",
      Effect: "Allow",
      Action: ["iam:PassRole"],
      Resource: [...new Set(passRoles)],
      Condition: { StringLike: { "iam:PassedToService": "ecs-tasks.amazonaws.com" } },
    },
  ];
  if (task.deadLetterQueue !== undefined && task.schedules.some((s) => s.timezone !== undefined)) {
    statements.push({
      Sid: "DeadLetterQueue",
      Effect: "Allow",
      Action: ["sqs:SendMessage"],
      Resource: [task.deadLetterQueue],
    });
  }
  return policy(statements);
}
