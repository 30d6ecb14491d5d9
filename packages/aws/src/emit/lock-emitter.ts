import { assertNever, formatDuration } from "@batchflow/core";
import type { Catcher, Retrier, State } from "../asl/asl-types.js";
import {
  acquireExpression,
  conditionalCheckFailed,
  describeExecution,
  dynamodbGetItem,
  dynamodbTransientErrors,
  dynamodbUpdateItem,
  executionGoneErrors,
  holderProjection,
  lockAttributes,
  lockErrors,
  lockOwnerExpression,
  releaseExpression,
  runningStatus,
  takeOverExpression,
} from "../lock/lock-protocol.js";
import type { LockAcquireNode, LockReleaseNode, LockSkipNode } from "../lower/lock-nodes.js";
import { lockTries } from "../lower/lock-states.js";

const transientRetry: Retrier = {
  ErrorEquals: [...dynamodbTransientErrors],
  IntervalSeconds: 1,
  MaxAttempts: 3,
  BackoffRate: 2,
};

/**
 * The acquire Parallel, written out whole: its branch is machinery only, and gets its own input
 * (`Parameters`: the count of tries), never the flow's data, whose keys could collide with the
 * loop's. Its result is discarded.
 */
export function emitLockAcquire(node: LockAcquireNode): State {
  const catchers: Catcher[] =
    node.busy === undefined ? [] : [{ ErrorEquals: [lockErrors.busy], ResultPath: null, Next: node.busy }];
  return {
    Type: "Parallel",
    Branches: [{ StartAt: node.loop.take, States: acquireLoop(node) }],
    Parameters: node.loop.poll ? { tries: 0 } : {},
    ResultPath: null,
    ...(catchers.length > 0 ? { Catch: catchers } : {}),
    Next: node.after.next,
  };
}

/**
 * The acquire loop (docs/design/locks-and-notifications.md): a conditional write takes the lock when
 * it is free or already this owner's. When it is not, the holder is read and Step Functions asked
 * whether the holder's execution still runs; one that has ended (however it ended) is taken over
 * with a write conditional on that same holder. A live holder means busy: without `wait`, give up
 * at once; with it, poll every `poll` seconds, `tries` times, so that a run waits at least `wait`.
 * No state reads a clock.
 */
function acquireLoop(node: LockAcquireNode): Record<string, State> {
  const { lock, loop } = node;
  const owner = lockOwnerExpression(node.name);
  const live = loop.poll?.tried ?? loop.busy;
  const key = { [lockAttributes.name]: { S: lock.name } };
  const holderValues = {
    ":owner": { "S.$": owner },
    ":execution": { "S.$": "$$.Execution.Id" },
    ":acquiredAt": { "S.$": "$$.State.EnteredTime" },
    ":workflow": { S: node.workflow },
  };
  const write = (expression: typeof acquireExpression | typeof takeOverExpression, values: object) => ({
    Type: "Task" as const,
    Resource: dynamodbUpdateItem,
    Parameters: {
      TableName: lock.table,
      Key: key,
      ...expression,
      ExpressionAttributeValues: { ...holderValues, ...values },
    },
    ResultPath: null,
    TimeoutSeconds: 60,
    Retry: [transientRetry],
  });
  const states: Record<string, State> = {
    [loop.take]: {
      ...write(acquireExpression, {}),
      Catch: [{ ErrorEquals: [conditionalCheckFailed], ResultPath: null, Next: loop.holder }],
      End: true,
    },
    [loop.holder]: {
      Type: "Task",
      Resource: dynamodbGetItem,
      Parameters: { TableName: lock.table, Key: key, ...holderProjection },
      ResultPath: "$.read",
      TimeoutSeconds: 60,
      Retry: [transientRetry],
      Next: loop.holderKnown,
    },
    [loop.holderKnown]: {
      Type: "Choice",
      // Released between the write and the read: try again at once. (Written as IsPresent true:
      // aws-local-stepfunctions 3.0.0 never matches IsPresent false.)
      Choices: [
        { Variable: `$.read.Item.${lockAttributes.execution}.S`, IsPresent: true, Next: loop.holderStatus },
      ],
      Default: loop.take,
    },
    [loop.holderStatus]: {
      Type: "Task",
      Resource: describeExecution,
      Parameters: { "ExecutionArn.$": `$.read.Item.${lockAttributes.execution}.S` },
      ResultSelector: { "status.$": "$.Status" },
      ResultPath: "$.holder",
      TimeoutSeconds: 60,
      // Any service hiccup is tried again; an execution that is gone is an answer, not a hiccup.
      Retry: [
        { ErrorEquals: [...executionGoneErrors], MaxAttempts: 0 },
        { ...transientRetry, ErrorEquals: ["States.TaskFailed"] },
      ],
      // Gone from Step Functions' history (kept 90 days) or not an execution: it no longer runs.
      Catch: [{ ErrorEquals: [...executionGoneErrors], ResultPath: null, Next: loop.takeOver }],
      Next: loop.holderRunning,
    },
    [loop.holderRunning]: {
      Type: "Choice",
      Choices: [{ Variable: "$.holder.status", StringEquals: runningStatus, Next: live }],
      Default: loop.takeOver,
    },
    [loop.takeOver]: {
      ...write(takeOverExpression, { ":stale": { "S.$": `$.read.Item.${lockAttributes.owner}.S` } }),
      // Another taker came first.
      Catch: [{ ErrorEquals: [conditionalCheckFailed], ResultPath: null, Next: live }],
      End: true,
    },
  };
  if (loop.poll) {
    const { tried, wait, nextTry } = loop.poll;
    states[tried] = {
      Type: "Choice",
      Choices: [{ Variable: "$.tries", NumericGreaterThanEquals: lockTries(lock), Next: loop.busy }],
      Default: wait,
    };
    states[wait] = { Type: "Wait", Seconds: lock.pollSeconds, Next: nextTry };
    states[nextTry] = {
      Type: "Pass",
      Parameters: { "tries.$": "States.MathAdd($.tries, 1)" },
      Next: loop.take,
    };
  }
  states[loop.busy] = {
    Type: "Fail",
    Error: lockErrors.busy,
    Cause: loop.poll
      ? `lock "${lock.name}" stayed held by another run for the ${formatDuration(lock.waitSeconds)} this run waits`
      : `lock "${lock.name}" is held by another run`,
  };
  return states;
}

export function emitLockRelease(node: LockReleaseNode): State {
  const { lock, outcome } = node;
  const task = {
    Type: "Task" as const,
    Resource: dynamodbUpdateItem,
    Parameters: {
      TableName: lock.table,
      Key: { [lockAttributes.name]: { S: lock.name } },
      ...releaseExpression,
      ExpressionAttributeValues: { ":owner": { "S.$": lockOwnerExpression(node.acquire) } },
    },
    ResultPath: null,
    TimeoutSeconds: 60,
    Retry: [transientRetry],
  };
  switch (outcome.kind) {
    case "success":
      return {
        ...task,
        // No longer this run's: the item was changed or removed by hand. Nothing left to release.
        Catch: [{ ErrorEquals: [conditionalCheckFailed], ResultPath: null, Next: outcome.gone }],
        ...("next" in outcome.after ? { Next: outcome.after.next } : { End: true }),
      };
    case "failure":
      return {
        ...task,
        // Whatever happens here, the run fails with its own error, not the release's.
        Catch: [{ ErrorEquals: ["States.ALL"], ResultPath: null, Next: outcome.rethrow }],
        Next: outcome.rethrow,
      };
    default:
      return assertNever(outcome);
  }
}

export function emitLockSkip(node: LockSkipNode): State {
  const { action } = node;
  const reason = `lock "${node.lock}" was busy`;
  switch (action.kind) {
    case "skip-job":
      return {
        Type: "Pass",
        Comment: `skipped: ${reason}`,
        ResultPath: null,
        ...("next" in action.after ? { Next: action.after.next } : { End: true }),
      };
    case "skip-workflow":
      return { Type: "Pass", Result: { skipped: true, lock: node.lock, reason }, Next: action.after };
    case "skip-raise":
      return { Type: "Fail", Error: lockErrors.skipped, Cause: reason };
    default:
      return assertNever(action);
  }
}
