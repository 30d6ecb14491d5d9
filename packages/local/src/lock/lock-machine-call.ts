import { randomUUID } from "node:crypto";
import { lockMachineName } from "@batchflow/aws";
import { executeAsl, TaskFailure, type TaskHandler } from "../interpreter/execute-asl.js";
import { executionContext, localExecutionArn } from "../services/execution-context.js";
import { unsupportedTask } from "../services/unsupported-task.js";

/** A workflow's lock machine, as `compile()` returns it. */
export interface LockMachine {
  readonly workflow: string;
  readonly definition: object;
}

/**
 * Serves the lock states' `states:startExecution.sync:2` calls of the workflow's lock machine: runs
 * it here as a nested execution of the same interpreter, its Task states served by `task` (the lock
 * store, DescribeExecution), and answers as Step Functions' `.sync:2` does: the child execution's
 * description with its `Output` as JSON, or, when the child did not succeed, `States.TaskFailed`.
 * The child's lock calls are reported under the name of the workflow's state that called it, so
 * progress and traces say which lock state took or gave back the lock, and are ordered after it.
 */
export function lockMachineHandler(machine: LockMachine | undefined, task: () => TaskHandler): TaskHandler {
  return async (call, context) => {
    const parameters = isRecord(call.parameters) ? call.parameters : {};
    const { Input: input, StateMachineArn: arn } = parameters;
    if (machine === undefined) {
      throw unsupportedTask(call.state, "states:startExecution.sync:2 in a workflow without a lock machine");
    }
    const name = lockMachineName(machine.workflow);
    if (typeof arn !== "string" || !arn.endsWith(`:stateMachine:${name}`) || !isRecord(input)) {
      throw unsupportedTask(
        call.state,
        `states:startExecution.sync:2 of ${JSON.stringify(arn)}: batchflow runs only the workflow's own lock machine, ${name}, with an Input object`,
      );
    }
    const execution = randomUUID();
    const run = await executeAsl(machine.definition, {
      input,
      task: (inner, innerContext) =>
        task()({ ...inner, state: call.state }, { ...innerContext, triggerIndex: context.triggerIndex }),
      context: executionContext(name, execution),
      signal: context.signal,
      // The compiler's output, like the workflow's own definition.
      validate: false,
    });
    const description = { ExecutionArn: localExecutionArn(name, execution), Status: run.status };
    if (run.status === "SUCCEEDED") return { ...description, Output: run.output };
    throw new TaskFailure(
      "States.TaskFailed",
      JSON.stringify({ ...description, Error: run.error ?? null, Cause: run.cause ?? null }),
    );
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
