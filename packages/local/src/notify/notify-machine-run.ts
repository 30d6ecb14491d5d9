import { randomUUID } from "node:crypto";
import { type NotifyMachine, notifyMachineName } from "@batchflow/aws";
import { executeAsl, type TaskHandler } from "../interpreter/execute-asl.js";
import { executionContext } from "../services/execution-context.js";
import { taskKind } from "../services/task-kind.js";

/** A run that has ended, as Step Functions' DescribeExecution tells of it. */
export interface EndedRun {
  readonly workflow: string;
  readonly executionArn: string;
  readonly stateMachineArn: string;
  readonly status: "SUCCEEDED" | "FAILED" | "TIMED_OUT" | "ABORTED";
  readonly error?: string | undefined;
  readonly cause?: string | undefined;
  readonly output?: unknown;
  /** Epoch ms. */
  readonly startedAt: number;
  readonly stoppedAt: number;
}

/**
 * Sends a run's notifications as AWS does once the run has ended: the workflow's rule starts its
 * notify machine with the "Step Functions Execution Status Change" event when the status is one
 * it listens for. Here the notify machine runs in the same interpreter; its Slack post, secret
 * read and SNS publish go to `task`, and its DescribeExecution of the run is answered from `run`.
 * `triggerIndex` is what its calls are ordered after in a trace (the run's last event).
 */
export async function runNotifyMachine(
  machine: NotifyMachine | undefined,
  run: EndedRun,
  task: TaskHandler,
  triggerIndex = 0,
): Promise<void> {
  if (machine === undefined || !machine.statuses.includes(run.status)) return;
  const description = {
    ExecutionArn: run.executionArn,
    StateMachineArn: run.stateMachineArn,
    Status: run.status,
    StartDate: new Date(run.startedAt).toISOString(),
    StopDate: new Date(run.stoppedAt).toISOString(),
    ...(run.error === undefined ? {} : { Error: run.error }),
    ...(run.cause === undefined ? {} : { Cause: run.cause }),
    ...(run.status === "SUCCEEDED" ? { Output: JSON.stringify(run.output ?? {}) } : {}),
  };
  const event = {
    source: "aws.states",
    "detail-type": "Step Functions Execution Status Change",
    time: description.StopDate,
    detail: {
      executionArn: run.executionArn,
      stateMachineArn: run.stateMachineArn,
      status: run.status,
      startDate: run.startedAt,
      stopDate: run.stoppedAt,
    },
  };
  await executeAsl(machine.definition, {
    input: event,
    task: (call, context) => {
      const about = (call.parameters as { ExecutionArn?: unknown } | null)?.ExecutionArn;
      if (taskKind(context.resource) === "execution" && about === run.executionArn) return description;
      return task(call, { ...context, triggerIndex });
    },
    context: executionContext(notifyMachineName(run.workflow), randomUUID()),
    // The compiler's output, like the workflow's own definition.
    validate: false,
  });
}
