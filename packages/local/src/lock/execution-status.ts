import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { executionGoneErrors, runningStatus } from "@batchflow/aws";
import { TaskFailure, type TaskHandler } from "../interpreter/execute-asl.js";
import { isAlive, type ProcessIdentity, thisProcess } from "../run/process-identity.js";
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

const runnerFile = "runner.json";

/**
 * Records in a run's directory which process runs it, so that another `batchflow run` can tell whether
 * a lock this run holds belongs to a run that still runs (docs/local-runs.md).
 */
export function recordRunner(runDir: string): void {
  writeFileSync(join(runDir, runnerFile), `${JSON.stringify(thisProcess())}\n`);
}

/**
 * The status of a local run's execution, from its ARN (whose last field is the run id): RUNNING while
 * the process that recorded itself in the run's directory still runs, else ABORTED. A run this project
 * has no directory of is unknown.
 */
export function localRunStatus(root: string): ExecutionStatusOf {
  return (arn) => {
    const runId = arn.slice(arn.lastIndexOf(":") + 1);
    if (runId === "" || runId.includes("/") || runId.startsWith(".")) return undefined;
    let runner: ProcessIdentity;
    try {
      runner = JSON.parse(readFileSync(join(root, ".batchflow", "runs", runId, runnerFile), "utf8"));
    } catch {
      return undefined;
    }
    return typeof runner.pid === "number" && isAlive(runner) ? runningStatus : "ABORTED";
  };
}
