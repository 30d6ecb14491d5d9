/*
 * The lock machine: one small state machine per workflow with locks (`<workflow>-locks`) that runs
 * a lock's acquire loop and its release. The workflow calls it with `startExecution.sync:2`, so each
 * lock costs the workflow a few states instead of the whole loop written out again (the loop is
 * ten states; docs/design/locks-and-notifications.md). Deploy creates it next to the workflow's
 * state machine, with the same role; the local runner executes it as a nested execution.
 */

import { formatDuration } from "@batchflow/core";
import type { Retrier, State, StateMachine } from "../asl/asl-types.js";
import { reraisedPrefix, reservedErrorPrefix } from "../lower/reraise-states.js";
import { integrationArn } from "../naming.js";
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
  releaseExpression,
  runningStatus,
  takeOverExpression,
} from "./lock-protocol.js";

/** The integration a workflow calls its lock machine with: waits for it, its output as JSON. */
export const startExecutionSync = integrationArn("states:startExecution.sync:2");

/** The name of a workflow's lock machine. */
export function lockMachineName(workflow: string): string {
  return `${workflow}-locks`;
}

/** The lock machine's ARN as a lock state computes it: its own state machine's, plus `-locks`. */
export const lockMachineArnExpression = "States.Format('{}-locks', $$.StateMachine.Id)";

/**
 * The input field that names the calling execution. Step Functions links a child execution to the
 * execution whose input sets this field (the console shows it as started by that execution); the
 * lock machine reads the caller, the lock's owner, from it.
 */
export const callerField = "AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID";

/** What a call asks the lock machine to do. */
export const lockOps = {
  /** Take the lock; poll `tries` times, `poll` seconds apart, while another run holds it. */
  acquire: "acquire",
  /** Give it up after the guarded flow succeeded. */
  release: "release",
  /** Give it up after a failure, and hand back that failure's name to raise again. */
  releaseAfterError: "release-after-error",
} as const;

/**
 * The input of one call: `state` is the caller's acquire state, which with the caller's execution
 * makes the owner; `tries` and `poll` only for `acquire`, `error` and `cause` only for
 * `release-after-error`.
 */
export interface LockMachineInput {
  readonly [callerField]: string;
  readonly op: (typeof lockOps)[keyof typeof lockOps];
  readonly lock: string;
  readonly state: string;
  readonly tries?: number;
  readonly poll?: number;
  readonly error?: string;
  readonly cause?: string;
}

/**
 * The fields of a call's answer (the execution's output): `acquire` says whether the lock is now
 * `held`; `release-after-error` gives the `Error` to raise again (a `States.` name as
 * `Batchflow.`) and its `Cause`.
 */
export const lockMachineOutput = { held: "held", error: "Error", cause: "Cause" } as const;

/** Step names of the lock machine, fixed: one machine serves every lock of the workflow. */
export const lockMachineStates = {
  op: "op",
  take: "take",
  holder: "holder",
  holderKnown: "holder-known",
  holderStatus: "holder-status",
  holderRunning: "holder-running",
  takeOver: "take-over",
  tried: "tried",
  poll: "poll",
  nextTry: "next-try",
  acquired: "acquired",
  busy: "busy",
  release: "release",
  released: "released",
  releaseAfterError: "release-after-error",
  rethrow: "rethrow",
  rename: "rename",
  asIs: "as-is",
} as const;

const transientRetry: Retrier = {
  ErrorEquals: [...dynamodbTransientErrors],
  IntervalSeconds: 1,
  MaxAttempts: 3,
  BackoffRate: 2,
};

const owner = `States.Format('{}#{}', $.${callerField}, $.state)`;

/**
 * The lock machine of a workflow whose locks live in `table`. The acquire loop: a conditional write
 * takes the lock when it is free or already this owner's; when it is not, the holder is read and
 * Step Functions asked whether the holder's execution still runs; one that has ended (however it
 * ended) is taken over with a write conditional on that same holder. A live holder means busy: poll
 * again `tries` times, `poll` seconds apart, then answer `held: false`. No state reads a clock.
 */
export function lockMachineDefinition(workflow: string, table: string): StateMachine {
  const s = lockMachineStates;
  const key = { [lockAttributes.name]: { "S.$": "$.lock" } };
  const holderValues = {
    ":owner": { "S.$": owner },
    ":execution": { "S.$": `$.${callerField}` },
    ":acquiredAt": { "S.$": "$$.State.EnteredTime" },
    ":workflow": { S: workflow },
  };
  const write = (expression: typeof acquireExpression | typeof takeOverExpression, values: object) => ({
    Type: "Task" as const,
    Resource: dynamodbUpdateItem,
    Parameters: {
      TableName: table,
      Key: key,
      ...expression,
      ExpressionAttributeValues: { ...holderValues, ...values },
    },
    ResultPath: null,
    TimeoutSeconds: 60,
    Retry: [transientRetry],
  });
  const release = {
    Type: "Task" as const,
    Resource: dynamodbUpdateItem,
    Parameters: {
      TableName: table,
      Key: key,
      ...releaseExpression,
      ExpressionAttributeValues: { ":owner": { "S.$": owner } },
    },
    ResultPath: null,
    TimeoutSeconds: 60,
    Retry: [transientRetry],
  };
  const states: Record<string, State> = {
    [s.op]: {
      Type: "Choice",
      Choices: [
        { Variable: "$.op", StringEquals: lockOps.release, Next: s.release },
        { Variable: "$.op", StringEquals: lockOps.releaseAfterError, Next: s.releaseAfterError },
      ],
      Default: s.take,
    },
    [s.take]: {
      ...write(acquireExpression, {}),
      Catch: [{ ErrorEquals: [conditionalCheckFailed], ResultPath: null, Next: s.holder }],
      Next: s.acquired,
    },
    [s.holder]: {
      Type: "Task",
      Resource: dynamodbGetItem,
      Parameters: { TableName: table, Key: key, ...holderProjection },
      ResultPath: "$.read",
      TimeoutSeconds: 60,
      Retry: [transientRetry],
      Next: s.holderKnown,
    },
    [s.holderKnown]: {
      Type: "Choice",
      // Released between the write and the read: try again at once. (Written as IsPresent true:
      // aws-local-stepfunctions 3.0.0 never matches IsPresent false.)
      Choices: [
        { Variable: `$.read.Item.${lockAttributes.execution}.S`, IsPresent: true, Next: s.holderStatus },
      ],
      Default: s.take,
    },
    [s.holderStatus]: {
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
      Catch: [{ ErrorEquals: [...executionGoneErrors], ResultPath: null, Next: s.takeOver }],
      Next: s.holderRunning,
    },
    [s.holderRunning]: {
      Type: "Choice",
      Choices: [{ Variable: "$.holder.status", StringEquals: runningStatus, Next: s.tried }],
      Default: s.takeOver,
    },
    [s.takeOver]: {
      ...write(takeOverExpression, { ":stale": { "S.$": `$.read.Item.${lockAttributes.owner}.S` } }),
      // Another taker came first.
      Catch: [{ ErrorEquals: [conditionalCheckFailed], ResultPath: null, Next: s.tried }],
      Next: s.acquired,
    },
    [s.tried]: {
      Type: "Choice",
      Choices: [{ Variable: "$.tries", NumericLessThanEquals: 0, Next: s.busy }],
      Default: s.poll,
    },
    [s.poll]: { Type: "Wait", SecondsPath: "$.poll", Next: s.nextTry },
    [s.nextTry]: {
      Type: "Pass",
      Parameters: {
        [`${callerField}.$`]: `$.${callerField}`,
        "op.$": "$.op",
        "lock.$": "$.lock",
        "state.$": "$.state",
        "tries.$": "States.MathAdd($.tries, -1)",
        "poll.$": "$.poll",
      },
      Next: s.take,
    },
    [s.acquired]: { Type: "Pass", Result: { [lockMachineOutput.held]: true }, End: true },
    [s.busy]: { Type: "Pass", Result: { [lockMachineOutput.held]: false }, End: true },
    [s.release]: {
      ...release,
      // No longer this run's (changed by hand, or never taken): nothing left to release.
      Catch: [{ ErrorEquals: [conditionalCheckFailed], ResultPath: null, Next: s.released }],
      Next: s.released,
    },
    [s.released]: { Type: "Pass", Result: { released: true }, End: true },
    [s.releaseAfterError]: {
      ...release,
      // Whatever happens here, the caller fails with its own error, not the release's.
      Catch: [{ ErrorEquals: ["States.ALL"], ResultPath: null, Next: s.rethrow }],
      Next: s.rethrow,
    },
    [s.rethrow]: {
      Type: "Choice",
      Choices: [{ Variable: "$.error", StringMatches: `${reservedErrorPrefix}*`, Next: s.rename }],
      Default: s.asIs,
    },
    // The States Language reserves `States.` for the service: the caller raises `Batchflow.X`.
    [s.rename]: {
      Type: "Pass",
      Parameters: {
        [`${lockMachineOutput.error}.$`]: `States.Format('${reraisedPrefix}{}', States.ArrayGetItem(States.StringSplit($.error, '.'), 1))`,
        [`${lockMachineOutput.cause}.$`]: "$.cause",
      },
      End: true,
    },
    [s.asIs]: {
      Type: "Pass",
      Parameters: {
        [`${lockMachineOutput.error}.$`]: "$.error",
        [`${lockMachineOutput.cause}.$`]: "$.cause",
      },
      End: true,
    },
  };
  return {
    Comment: `batchflow locks of workflow ${workflow}: takes and gives back its locks (docs/design/locks-and-notifications.md)`,
    QueryLanguage: "JSONPath",
    StartAt: s.op,
    States: states,
  };
}

/** The Cause of the `Batchflow.LockBusy` a lock raises once its tries have run out. */
export function lockBusyCause(lock: string, waitSeconds: number): string {
  return waitSeconds > 0
    ? `lock "${lock}" stayed held by another run for the ${formatDuration(waitSeconds)} this run waits`
    : `lock "${lock}" is held by another run`;
}
