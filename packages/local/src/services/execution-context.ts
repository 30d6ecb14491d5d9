import type { AslContextObject } from "../interpreter/execute-asl.js";

/** The account and region of local execution ARNs: obviously not a real one. */
const localArnPrefix = "arn:aws:states:local:000000000000:execution";

/** The ARN of a workflow's state machine, as local executions name it. */
export function localStateMachineArn(workflow: string): string {
  return `arn:aws:states:local:000000000000:stateMachine:${workflow}`;
}

/** The execution ARN of a local run: the lock owner, unique per run (`name` is the run id). */
export function localExecutionArn(workflow: string, name: string): string {
  return `${localArnPrefix}:${workflow}:${name}`;
}

/**
 * The Context Object (`$$`) of a local execution. aws-local-stepfunctions 3.0.0 sets only
 * `$$.Execution.Input` and `StartTime`; the lock states read `$$.Execution.Id` (the lock owner) and
 * compute "now" from `$$.State.EnteredTime`. The library copies this object once per execution (and per
 * Parallel branch) with a shallow spread, so the `State` object, and its getter, stay shared and live:
 * each read is the current time, which under simulate()'s fake clock is virtual time.
 */
export function executionContext(workflow: string, name: string): AslContextObject {
  const state = {
    get EnteredTime(): string {
      return new Date().toISOString();
    },
  };
  return {
    Execution: { Id: localExecutionArn(workflow, name), Name: name },
    StateMachine: { Id: localStateMachineArn(workflow), Name: workflow },
    State: state,
  };
}
