import type { ResolvedLock } from "@batchflow/core";
import { formatDuration } from "@batchflow/core";
import type { PayloadTemplate, Retrier, State } from "../asl/asl-types.js";
import {
  acquireExpression,
  conditionalCheckFailed,
  dynamodbTransientErrors,
  dynamodbUpdateItem,
  lockAttributes,
  lockErrors,
  lockOwnerExpression,
  releaseExpression,
} from "../lock/lock-protocol.js";
import { clockStates } from "./clock-states.js";
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
  /** The state whose name is part of the owner this lock is written with. */
  readonly acquireState: string;
}

const scratch = "$.batchflowLock";
const errorPath = "$.batchflowLockError";

/**
 * A flow guarded by a lock (docs/design/locks-and-notifications.md): acquire in a one-branch
 * Parallel that polls until the lock is free or `wait` runs out, run the flow in another, release
 * on success and after any failure (then raise that failure again, unchanged).
 */
export function lowerLockedFlow(flow: LockedFlow, names: StateNames): LoweredLock {
  const { lock, prefix } = flow;
  const then = flow.after;
  const acquire = names.allocate(prefix, ["acquire"]);
  const held = names.allocate(prefix, ["held"]);
  const release = names.allocate(prefix, ["release"]);
  const releaseAfterError = names.allocate(prefix, ["release-after-error"]);
  const rethrow = names.allocate(prefix, ["rethrow"]);
  const owner = lockOwnerExpression(acquire);

  const after: StateNode[] = [];
  let continueAt: string;
  if ("next" in then) {
    continueAt = then.next;
  } else {
    continueAt = names.allocate(prefix, ["released"]);
    after.push({ type: "succeed", name: continueAt });
  }

  const busyEdges = [];
  const busyStates: StateNode[] = [];
  if (flow.busy !== "fail") {
    const skipped = names.allocate(prefix, ["skipped"]);
    busyEdges.push({ errors: [lockErrors.busy], next: skipped, resultPath: null });
    busyStates.push(...skipStates(flow, skipped, names));
  }

  const states: StateNode[] = [
    {
      type: "parallel",
      name: acquire,
      branches: [acquireBranch(flow, owner, names)],
      after: { next: held },
      catch: busyEdges,
    },
    {
      type: "parallel",
      name: held,
      branches: [flow.guarded],
      after: { next: release },
      catch: [{ errors: ["States.ALL"], next: releaseAfterError, resultPath: errorPath }],
    },
    asl(release, {
      ...releaseTask(lock, owner),
      // Released by the lease already, and maybe taken by someone else: nothing left to do.
      Catch: [{ ErrorEquals: [conditionalCheckFailed], ResultPath: null, Next: continueAt }],
      ...("next" in then ? { Next: then.next } : { End: true }),
    } as State),
    asl(releaseAfterError, {
      ...releaseTask(lock, owner),
      // Whatever happens here, the run fails with its own error, not the release's.
      Catch: [{ ErrorEquals: ["States.ALL"], ResultPath: null, Next: rethrow }],
      Next: rethrow,
    } as State),
    asl(rethrow, { Type: "Fail", ErrorPath: `${errorPath}.Error`, CausePath: `${errorPath}.Cause` }),
    ...after,
    ...busyStates,
  ];
  return { start: acquire, states, acquireState: acquire };
}

/**
 * The acquire loop: read the clock, try the conditional write, poll until the deadline. Clock
 * readings are whole seconds, so giving up waits for a reading past the deadline: a run waits at
 * least `wait`, at most `wait` plus a second and a poll. With no wait, a busy lock fails at once.
 */
function acquireBranch(flow: LockedFlow, owner: string, names: StateNames): StateGraph {
  const { lock, prefix } = flow;
  const clockPath = `${scratch}.clock`;
  const waits = lock.waitSeconds > 0;
  const first = names.allocate(prefix, ["first-try"]);
  const deadline = names.allocate(prefix, ["deadline"]);
  const take = names.allocate(prefix, ["take"]);
  const check = names.allocate(prefix, ["check"]);
  const poll = names.allocate(prefix, ["poll"]);
  const busy = names.allocate(prefix, ["busy"]);
  const clock = clockStates(
    { source: "$$.State.EnteredTime", resultPath: clockPath, sign: 1, prefix, next: waits ? first : take },
    names,
  );
  const takeState = asl(take, {
    Type: "Task",
    Resource: dynamodbUpdateItem,
    Parameters: {
      TableName: lock.table,
      Key: { [lockAttributes.name]: { S: lock.name } },
      ...acquireExpression,
      ExpressionAttributeValues: {
        ":owner": { "S.$": owner },
        ":now": { "N.$": `States.Format('{}', ${clockPath}.now)` },
        ":expires": { "N.$": `States.Format('{}', States.MathAdd(${clockPath}.now, ${lock.leaseSeconds}))` },
        ":acquiredAt": { "S.$": `${clockPath}.iso` },
        ":workflow": { S: flow.workflow },
      },
    },
    ResultPath: null,
    TimeoutSeconds: 60,
    Retry: [transientRetry],
    Catch: [{ ErrorEquals: [conditionalCheckFailed], ResultPath: null, Next: waits ? check : busy }],
    End: true,
  });
  const busyState = asl(busy, {
    Type: "Fail",
    Error: lockErrors.busy,
    Cause: waits
      ? `lock "${lock.name}" stayed held by another run for the ${formatDuration(lock.waitSeconds)} this run waits`
      : `lock "${lock.name}" is held by another run`,
  });
  const states: StateNode[] = waits
    ? [
        ...clock,
        asl(first, {
          Type: "Choice",
          Choices: [{ Variable: `${scratch}.deadline`, IsPresent: true, Next: take }],
          Default: deadline,
        }),
        asl(deadline, {
          Type: "Pass",
          Parameters: { "at.$": `States.MathAdd(${clockPath}.now, ${lock.waitSeconds})` },
          ResultPath: `${scratch}.deadline`,
          Next: take,
        }),
        takeState,
        asl(check, {
          Type: "Choice",
          Choices: [
            { Variable: `${clockPath}.now`, NumericGreaterThanPath: `${scratch}.deadline.at`, Next: busy },
          ],
          Default: poll,
        }),
        asl(poll, { Type: "Wait", Seconds: lock.pollSeconds, Next: clock[0]!.name }),
        busyState,
      ]
    : [...clock, takeState, busyState];
  return { startAt: clock[0]!.name, states };
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

/** A release of a lock this execution may hold, for the workflow's final clean-up. */
export function releaseState(
  name: string,
  lock: ResolvedLock,
  acquireState: string,
  next: string,
): AslStateNode {
  return asl(name, {
    ...releaseTask(lock, lockOwnerExpression(acquireState)),
    Catch: [{ ErrorEquals: ["States.ALL"], ResultPath: null, Next: next }],
    Next: next,
  } as State);
}

function asl(name: string, state: State): AslStateNode {
  return { type: "asl", name, state };
}
