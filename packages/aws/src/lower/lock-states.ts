import type { ResolvedLock } from "@batchflow/core";
import { formatDuration } from "@batchflow/core";
import type { Catcher, PayloadTemplate, Retrier, State } from "../asl/asl-types.js";
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
import { reraiseStates } from "./reraise-states.js";
import type { AslStateNode, Continuation, StateGraph, StateNode } from "./state-graph.js";
import type { StateNames } from "./state-names.js";

/** What a run that could not get the lock in time does. */
export type BusyAction =
  /** `Batchflow.LockBusy` propagates like any failure. */
  | "fail"
  /** The job is passed over and the flow goes on. */
  | "skip-job"
  /** The execution ends with a Succeed state whose output says skipped. */
  | "skip-workflow"
  /** `Batchflow.LockSkipped`, for the workflow's outer catch to end the run as skipped. */
  | "skip-raise";

export interface LockedFlow {
  readonly lock: ResolvedLock;
  readonly workflow: string;
  /** State names start with this. */
  readonly prefix: string;
  /** The guarded flow, lowered on its own. */
  readonly guarded: StateGraph;
  /** Where the flow goes once the lock is released (or the job skipped). */
  readonly after: Continuation;
  readonly busy: BusyAction;
}

export interface LoweredLock {
  readonly start: string;
  readonly states: ReadonlyArray<StateNode>;
}

const errorPath = "$.batchflowLockError";

/**
 * A flow guarded by a lock (docs/design/locks-and-notifications.md): acquire in a one-branch
 * Parallel that polls until the lock is free or `wait` runs out, run the flow in another, release
 * on success and after any failure (then raise that failure again, a `States.` name as
 * `Batchflow.`, see reraise-states.ts).
 */
export function lowerLockedFlow(flow: LockedFlow, names: StateNames): LoweredLock {
  const { lock, prefix } = flow;
  const then = flow.after;
  const acquire = names.allocate(prefix, ["acquire"]);
  const held = names.allocate(prefix, ["held"]);
  const release = names.allocate(prefix, ["release"]);
  const releaseAfterError = names.allocate(prefix, ["release-after-error"]);
  const reraise = reraiseStates(prefix, errorPath, names);
  const rethrow = reraise[0]!.name;
  const owner = lockOwnerExpression(acquire);

  const after: StateNode[] = [];
  let continueAt: string;
  if ("next" in then) {
    continueAt = then.next;
  } else {
    continueAt = names.allocate(prefix, ["released"]);
    after.push({ type: "succeed", name: continueAt });
  }

  const busyEdges: Catcher[] = [];
  const busyStates: StateNode[] = [];
  if (flow.busy !== "fail") {
    const skipped = names.allocate(prefix, ["skipped"]);
    busyEdges.push({ ErrorEquals: [lockErrors.busy], ResultPath: null, Next: skipped });
    busyStates.push(...skipStates(flow, skipped, names));
  }

  const states: StateNode[] = [
    acquireState(acquire, acquireBranch(flow, owner, names), held, busyEdges),
    {
      type: "parallel",
      name: held,
      branches: [flow.guarded],
      after: { next: release },
      catch: [{ errors: ["States.ALL"], next: releaseAfterError, resultPath: errorPath }],
    },
    asl(release, {
      ...releaseTask(lock, owner),
      // No longer this run's: the item was changed or removed by hand. Nothing left to release.
      Catch: [{ ErrorEquals: [conditionalCheckFailed], ResultPath: null, Next: continueAt }],
      ...("next" in then ? { Next: then.next } : { End: true }),
    } as State),
    asl(releaseAfterError, {
      ...releaseTask(lock, owner),
      // Whatever happens here, the run fails with its own error, not the release's.
      Catch: [{ ErrorEquals: ["States.ALL"], ResultPath: null, Next: rethrow }],
      Next: rethrow,
    } as State),
    ...reraise,
    ...after,
    ...busyStates,
  ];
  return { start: acquire, states };
}

/**
 * The acquire loop (docs/design/locks-and-notifications.md): a conditional write takes the lock when
 * it is free or already this owner's. When it is not, the holder is read and Step Functions asked
 * whether the holder's execution still runs; one that has ended (however it ended) is taken over
 * with a write conditional on that same holder. A live holder means busy: without `wait`, give up
 * at once; with it, poll every `poll` seconds, `tries` times, so that a run waits at least `wait`.
 * No state reads a clock. The branch's data is its own: the acquire Parallel discards it.
 */
function acquireBranch(flow: LockedFlow, owner: string, names: StateNames): AcquireLoop {
  const { lock, prefix } = flow;
  const waits = lock.waitSeconds > 0;
  const take = names.allocate(prefix, ["take"]);
  const read = names.allocate(prefix, ["holder"]);
  const holderKnown = names.allocate(prefix, ["holder-known"]);
  const ask = names.allocate(prefix, ["holder-status"]);
  const holderRuns = names.allocate(prefix, ["holder-running"]);
  const takeOver = names.allocate(prefix, ["take-over"]);
  const tried = waits ? names.allocate(prefix, ["tried"]) : "";
  const poll = waits ? names.allocate(prefix, ["poll"]) : "";
  const again = waits ? names.allocate(prefix, ["next-try"]) : "";
  const busy = names.allocate(prefix, ["busy"]);
  const live = waits ? tried : busy;
  const key = { [lockAttributes.name]: { S: lock.name } };
  const holderValues = {
    ":owner": { "S.$": owner },
    ":execution": { "S.$": "$$.Execution.Id" },
    ":acquiredAt": { "S.$": "$$.State.EnteredTime" },
    ":workflow": { S: flow.workflow },
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
  const states: AslStateNode[] = [
    asl(take, {
      ...write(acquireExpression, {}),
      Catch: [{ ErrorEquals: [conditionalCheckFailed], ResultPath: null, Next: read }],
      End: true,
    } as State),
    asl(read, {
      Type: "Task",
      Resource: dynamodbGetItem,
      Parameters: { TableName: lock.table, Key: key, ...holderProjection },
      ResultPath: "$.read",
      TimeoutSeconds: 60,
      Retry: [transientRetry],
      Next: holderKnown,
    }),
    asl(holderKnown, {
      Type: "Choice",
      // Released between the write and the read: try again at once. (Written as IsPresent true:
      // aws-local-stepfunctions 3.0.0 never matches IsPresent false.)
      Choices: [{ Variable: `$.read.Item.${lockAttributes.execution}.S`, IsPresent: true, Next: ask }],
      Default: take,
    }),
    asl(ask, {
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
      Catch: [{ ErrorEquals: [...executionGoneErrors], ResultPath: null, Next: takeOver }],
      Next: holderRuns,
    }),
    asl(holderRuns, {
      Type: "Choice",
      Choices: [{ Variable: "$.holder.status", StringEquals: runningStatus, Next: live }],
      Default: takeOver,
    }),
    asl(takeOver, {
      ...write(takeOverExpression, { ":stale": { "S.$": `$.read.Item.${lockAttributes.owner}.S` } }),
      // Another taker came first.
      Catch: [{ ErrorEquals: [conditionalCheckFailed], ResultPath: null, Next: live }],
      End: true,
    } as State),
  ];
  if (waits) {
    states.push(
      asl(tried, {
        Type: "Choice",
        Choices: [{ Variable: "$.tries", NumericGreaterThanEquals: lockTries(lock), Next: busy }],
        Default: poll,
      }),
      asl(poll, { Type: "Wait", Seconds: lock.pollSeconds, Next: again }),
      asl(again, { Type: "Pass", Parameters: { "tries.$": "States.MathAdd($.tries, 1)" }, Next: take }),
    );
  }
  states.push(
    asl(busy, {
      Type: "Fail",
      Error: lockErrors.busy,
      Cause: waits
        ? `lock "${lock.name}" stayed held by another run for the ${formatDuration(lock.waitSeconds)} this run waits`
        : `lock "${lock.name}" is held by another run`,
    }),
  );
  return { startAt: take, states, tries: waits };
}

interface AcquireLoop {
  readonly startAt: string;
  readonly states: ReadonlyArray<AslStateNode>;
  /** Whether the loop counts tries in `$.tries`. */
  readonly tries: boolean;
}

/**
 * The acquire Parallel, written out whole: its branch is machinery only, and gets its own input
 * (`Parameters`: the count of tries), never the flow's data, whose keys could collide with the
 * loop's. Its result is discarded.
 */
function acquireState(name: string, loop: AcquireLoop, next: string, catchers: Catcher[]): AslStateNode {
  return asl(name, {
    Type: "Parallel",
    Branches: [
      { StartAt: loop.startAt, States: Object.fromEntries(loop.states.map((s) => [s.name, s.state])) },
    ],
    Parameters: loop.tries ? { tries: 0 } : {},
    ResultPath: null,
    ...(catchers.length > 0 ? { Catch: catchers } : {}),
    Next: next,
  });
}

/** How many polls make a wait: enough that the pauses add up to at least `wait`. */
export function lockTries(lock: Pick<ResolvedLock, "waitSeconds" | "pollSeconds">): number {
  return Math.ceil(lock.waitSeconds / lock.pollSeconds);
}

function skipStates(flow: LockedFlow, name: string, names: StateNames): StateNode[] {
  const { lock } = flow;
  const then = flow.after;
  const reason = `lock "${lock.name}" was busy`;
  switch (flow.busy) {
    case "skip-job":
      return [
        asl(name, {
          Type: "Pass",
          Comment: `skipped: ${reason}`,
          ResultPath: null,
          ...("next" in then ? { Next: then.next } : { End: true }),
        } as State),
      ];
    case "skip-workflow": {
      const done = names.allocate(flow.prefix, ["skipped-run"]);
      return [
        asl(name, { Type: "Pass", Result: { skipped: true, lock: lock.name, reason }, Next: done }),
        { type: "succeed", name: done },
      ];
    }
    case "skip-raise":
      return [asl(name, { Type: "Fail", Error: lockErrors.skipped, Cause: reason })];
    default:
      return [];
  }
}

const transientRetry: Retrier = {
  ErrorEquals: [...dynamodbTransientErrors],
  IntervalSeconds: 1,
  MaxAttempts: 3,
  BackoffRate: 2,
};

function releaseTask(
  lock: ResolvedLock,
  owner: string,
): {
  Type: "Task";
  Resource: string;
  Parameters: PayloadTemplate;
  ResultPath: null;
  TimeoutSeconds: number;
  Retry: Retrier[];
} {
  return {
    Type: "Task",
    Resource: dynamodbUpdateItem,
    Parameters: {
      TableName: lock.table,
      Key: { [lockAttributes.name]: { S: lock.name } },
      ...releaseExpression,
      ExpressionAttributeValues: { ":owner": { "S.$": owner } },
    },
    ResultPath: null,
    TimeoutSeconds: 60,
    Retry: [transientRetry],
  };
}

function asl(name: string, state: State): AslStateNode {
  return { type: "asl", name, state };
}
