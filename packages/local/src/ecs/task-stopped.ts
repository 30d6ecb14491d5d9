import { TaskFailure } from "../interpreter/execute-asl.js";
import type { RunTaskRequest } from "./run-task-request.js";

/** How a job's container ended, as ECS reports it. */
export interface ContainerStop {
  readonly exitCode?: number;
  /** ECS's container `reason`, e.g. "CannotStartContainerError: ..." or a signal. */
  readonly reason?: string;
  /** ECS's task `stoppedReason`. Default "Essential container in task exited". */
  readonly stoppedReason?: string;
  /** ECS's `stopCode`. Default "EssentialContainerExited". */
  readonly stopCode?: string;
}

/**
 * The failure Step Functions reports for a `.sync` ECS task that stopped unsuccessfully:
 * `States.TaskFailed` with the task description (PascalCase, as Step Functions serialises it) as
 * the cause, so catch handlers and notifications read the same fields locally as on AWS.
 */
export function taskStoppedFailure(
  job: string,
  request: RunTaskRequest,
  stop: ContainerStop,
  taskId: string,
): TaskFailure {
  return new TaskFailure(
    "States.TaskFailed",
    JSON.stringify(stoppedTaskDescription(job, request, stop, taskId)),
  );
}

export function stoppedTaskDescription(
  job: string,
  request: RunTaskRequest,
  stop: ContainerStop,
  taskId: string,
): object {
  const taskArn = `arn:aws:ecs:local:000000000000:task/${request.cluster || "local"}/${taskId}`;
  return {
    ClusterArn: `arn:aws:ecs:local:000000000000:cluster/${request.cluster || "local"}`,
    Containers: [
      {
        ...(stop.exitCode === undefined ? {} : { ExitCode: stop.exitCode }),
        LastStatus: "STOPPED",
        Name: request.container,
        ...(stop.reason === undefined ? {} : { Reason: stop.reason }),
        TaskArn: taskArn,
      },
    ],
    DesiredStatus: "STOPPED",
    // ECS reports the group RunTask was given (batchflow sets `batchflow:<job>`, which the notification
    // states read the failed job from), else `family:<family>`.
    Group: request.group ?? `family:${request.family}`,
    LastStatus: "STOPPED",
    // A task placed by a capacity-provider strategy names its provider; a Spot job's run counts as on Spot.
    ...(request.capacityProviders?.includes("FARGATE_SPOT") ? { CapacityProviderName: "FARGATE_SPOT" } : {}),
    LaunchType: "FARGATE",
    StopCode: stop.stopCode ?? "EssentialContainerExited",
    StoppedReason: stop.stoppedReason ?? "Essential container in task exited",
    Tags: [{ Key: "batchflow:job", Value: job }],
    TaskArn: taskArn,
    TaskDefinitionArn: `arn:aws:ecs:local:000000000000:task-definition/${request.family}:1`,
  };
}
