import type { TaskOptions, TaskRetryOptions } from "../../ir/task-options.js";
import { numeric, objectOf, optional, text } from "../shape-builders.js";
import { schedulesShape } from "./schedule-shape.js";
import { networkOptionsShape } from "./shared-options-shape.js";
import { spotShape } from "./spot-shape.js";
import { commandShape, cpuShape, durationShape, envShape, memoryShape, taskShape } from "./value-shapes.js";

/** `retry:` of a task: the target's RetryPolicy; the ranges are checked when compiling (BF1243). */
export const taskRetryShape = objectOf<TaskRetryOptions>(
  "a task's retry policy",
  {
    maximumAttempts: optional(numeric({ expects: "must be a number of attempts", example: "3" })),
    maximumEventAge: optional(durationShape),
  },
  {
    elsewhere: {
      maxAttempts: "a task's retry policy is EventBridge's: write maximumAttempts",
      attempts: "write maximumAttempts",
      interval:
        "EventBridge chooses the interval (exponential back-off); set maximumEventAge to bound the time",
      backoff: "EventBridge chooses the back-off; set maximumEventAge to bound the time",
      on: "EventBridge retries a RunTask call that failed; a task that ran and failed is not retried (use a workflow for that)",
    },
  },
);

/** `task(name, {...})`; names, ranges and AWS limits are checked when compiling (BF1241-BF1249). */
export const taskOptionsShape = objectOf<TaskOptions>(
  "a scheduled task",
  {
    task: taskShape,
    schedule: schedulesShape,
    command: optional(commandShape),
    env: optional(envShape),
    cpu: optional(cpuShape),
    memory: optional(memoryShape),
    spot: optional(spotShape),
    retry: optional(taskRetryShape),
    deadLetterQueue: optional(
      text({ expects: "must be an SQS queue ARN", example: '"arn:aws:sqs:ap-northeast-1:000000000000:dlq"' }),
    ),
    cluster: optional(text({ expects: "must be a string (a cluster name or ARN)", example: '"batch"' })),
    network: optional(networkOptionsShape),
    description: optional(text({ expects: "must be a string", example: '"nightly export"' })),
  },
  {
    elsewhere: {
      name: 'the name is task()\'s first argument: task("name", { ... })',
      image: "the image belongs to the container: task: fargate({ image: ... })",
      timeout:
        "EventBridge starts the task and does not watch it, so it has no time limit; use a workflow with a job's timeout to stop a run that takes too long",
      input:
        "a scheduled task has no execution input: the target's Input carries the container overrides; put values in env",
      defaults: "a task has one container: set it with task: fargate({ ... }), command and env",
      lock: "a lock needs a state machine: make it a workflow of one job with lock: { ... }",
      notify: "notifications need a state machine: make it a workflow of one job with notify: { ... }",
      roles: "roles belong to the container: fargate({ executionRole, taskRole })",
      dlq: 'write deadLetterQueue: "arn:aws:sqs:..."',
      deadLetterConfig: 'write deadLetterQueue: "arn:aws:sqs:..."',
      retryPolicy: "write retry: { maximumAttempts, maximumEventAge }",
      desiredCount: "a task runs once per schedule; a resident worker is a service()",
      count: "a task starts one ECS task each time; a resident worker is a service()",
    },
  },
);
