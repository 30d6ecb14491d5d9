import { assertNever } from "@batchflow/core";
import type { PayloadTemplate, Retrier, State } from "../asl/asl-types.js";
import {
  callerField,
  lockBusyCause,
  lockMachineArnExpression,
  lockMachineOutput,
  lockOps,
  startExecutionSync,
} from "../lock/lock-machine.js";
import { lockErrors } from "../lock/lock-protocol.js";
import type {
  LockAcquireNode,
  LockBusyNode,
  LockCheckNode,
  LockReleaseNode,
  LockSkipNode,
} from "../lower/lock-nodes.js";
import { lockTries } from "../lower/lock-states.js";

/**
 * A failed call of the lock machine: Step Functions could not start it (throttled, a service
 * hiccup), or it failed, which it does only when DynamoDB kept failing. Every call is safe to
 * repeat: the owner is the same each time. (The defaults: 3 more tries, 1 s, 2 s and 4 s apart.)
 */
const callRetry: Retrier = { ErrorEquals: ["States.TaskFailed"] };

/** Where the acquire answer goes: the held branch's own data, discarded with the branch. */
const answerPath = "$.batchflowLock";

/**
 * A Task calling the lock machine, but for where it goes next: the caller's execution, then the
 * fields of `LockMachineInput`; the answer at `resultPath`. The lock machine's ARN is the
 * workflow's own with `-locks` appended (`lockMachineName`), read from the context object rather
 * than written out in every call.
 */
function callState(fields: PayloadTemplate, resultPath: string | null) {
  return {
    Type: "Task" as const,
    Resource: startExecutionSync,
    Parameters: {
      "StateMachineArn.$": lockMachineArnExpression,
      Input: { [`${callerField}.$`]: "$$.Execution.Id", ...fields },
    },
    ResultPath: resultPath,
    Retry: [callRetry],
  };
}

/** The call that takes the lock, polling while another run holds it. */
export function emitLockAcquire(node: LockAcquireNode): State {
  const { lock } = node;
  return {
    ...callState(
      {
        op: lockOps.acquire,
        lock: lock.name,
        state: node.name,
        tries: lock.waitSeconds > 0 ? lockTries(lock) : 0,
        poll: lock.pollSeconds,
      },
      answerPath,
    ),
    Next: node.check,
  };
}

export function emitLockCheck(node: LockCheckNode): State {
  return {
    Type: "Choice",
    Choices: [
      { Variable: `${answerPath}.Output.${lockMachineOutput.held}`, BooleanEquals: true, Next: node.guarded },
    ],
    Default: node.busy,
  };
}

export function emitLockBusy(node: LockBusyNode): State {
  const { lock } = node;
  switch (node.action) {
    case "fail":
      return { Type: "Fail", Error: lockErrors.busy, Cause: lockBusyCause(lock.name, lock.waitSeconds) };
    case "skip-job":
      return { Type: "Succeed", Comment: `skipped: lock "${lock.name}" was busy` };
    case "skip-workflow":
      return { Type: "Fail", Error: lockErrors.skipped, Cause: `lock "${lock.name}" was busy` };
    default:
      return assertNever(node.action);
  }
}

export function emitLockRelease(node: LockReleaseNode): State {
  const { outcome } = node;
  const lock = node.lock.name;
  switch (outcome.kind) {
    case "success":
      return {
        ...callState({ op: lockOps.release, lock, state: node.acquire }, null),
        ...("next" in outcome.after ? { Next: outcome.after.next } : { End: true }),
      };
    case "failure": {
      const { errorPath } = node;
      return {
        // The answer's Output is the error to raise: `raise` reads it there.
        ...callState(
          {
            op: lockOps.releaseAfterError,
            lock,
            state: node.acquire,
            "error.$": `${errorPath}.Error`,
            "cause.$": `${errorPath}.Cause`,
          },
          errorPath,
        ),
        Next: outcome.raise,
      };
    }
    default:
      return assertNever(outcome);
  }
}

export function emitLockSkip(node: LockSkipNode): State {
  return {
    Type: "Pass",
    Result: { skipped: true, lock: node.lock, reason: `lock "${node.lock}" was busy` },
    End: true,
  };
}
