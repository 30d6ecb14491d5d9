import { existsSync } from "node:fs";
import { join } from "node:path";
import { executionGoneErrors, runningStatus } from "@batchflow/aws";
import { TaskFailure, type TaskHandler } from "../interpreter/execute-asl.js";
import { runAlive } from "../run/run-processes.js";
import { unsupportedTask } from "../services/unsupported-task.js";

/** DescribeExecution's `Status`: RUNNING, or how the execution ended. */
export type ExecutionStatus = "RUNNING" | "SUCCEEDED" | "FAILED" | "TIMED_OUT" | "ABORTED";

/** What this machine knows of an execution, by its ARN: undefined when it knows no such execution. */
export type ExecutionStatusOf = (executionArn: string) => ExecutionStatus | undefined;

/**
 * Serves `aws-sdk:sfn:describeExecution`, which a lock state calls to learn whether the lock's holder
 * still runs: `{ ExecutionArn, Status }`, or `Sfn.ExecutionDoesNotExistException` as Step Functions
 * answers for an execution it does not know.
 */
export function describeExecutionHandler(statusOf: ExecutionStatusOf): TaskHandler {
  return ({ state, parameters }) => {
    const arn =
      typeof parameters === "object" && parameters !== null
        ? (parameters as Record<string, unknown>).ExecutionArn
        : undefined;
    if (typeof arn !== "string" || arn === "") {
      throw unsupportedTask(state, "aws-sdk:sfn:describeExecution without an ExecutionArn string");
    }
    const status = statusOf(arn);
    if (status === undefined)
      throw new TaskFailure(executionGoneErrors[0], `Execution Does Not Exist: '${arn}'`);
    return { ExecutionArn: arn, Status: status };
  };
}

/**
 * The status of a local run's execution, from its ARN (whose last field is the run id): RUNNING while
 * anything of that run may still act (its runner, its supervisor, or a job's process group: see
 * `runAlive`), so that a lock is never handed over while a job it guards lives; else ABORTED. A run
 * this project has no directory of is unknown.
 */
export function localRunStatus(root: string): ExecutionStatusOf {
  return (arn) => {
    const runId = arn.slice(arn.lastIndexOf(":") + 1);
    if (runId === "" || runId.includes("/") || runId.startsWith(".")) return undefined;
    const runDir = join(root, ".batchflow", "runs", runId);
    if (!existsSync(runDir)) return undefined;
    return runAlive(runDir) ? runningStatus : "ABORTED";
  };
}
