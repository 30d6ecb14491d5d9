import { assertNever, type ResolvedLock } from "@batchflow/core";
import {
  type LockLoopNames,
  type LockSkipNode,
  lockAcquireNode,
  lockHeldNode,
  lockReleaseNode,
  lockSkipNode,
} from "./lock-nodes.js";
import { reraiseStates } from "./reraise-states.js";
import { type Continuation, type StateGraph, type StateNode, succeedNode } from "./state-graph.js";
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
  /** The jobs it runs, in definition order. */
  readonly jobs: ReadonlyArray<string>;
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
 * A flow guarded by a lock (docs/design/locks-and-notifications.md): acquire (a loop that polls until
 * the lock is free or `wait` runs out), run the flow while holding it, release on success and after
 * any failure (then raise that failure again, a `States.` name as `Batchflow.`, see
 * reraise-states.ts).
 */
export function lowerLockedFlow(flow: LockedFlow, names: StateNames): LoweredLock {
  const { lock, prefix } = flow;
  const then = flow.after;
  const acquire = names.allocate(prefix, ["acquire"]);
  const held = names.allocate(prefix, ["held"]);
  const release = names.allocate(prefix, ["release"]);
  const releaseAfterError = names.allocate(prefix, ["release-after-error"]);
  const reraise = reraiseStates(prefix, errorPath, names);

  const after: StateNode[] = [];
  let continueAt: string;
  if ("next" in then) {
    continueAt = then.next;
  } else {
    continueAt = names.allocate(prefix, ["released"]);
    after.push(succeedNode(continueAt));
  }
  const skipped = flow.busy === "fail" ? undefined : names.allocate(prefix, ["skipped"]);
  const skips = skipped === undefined ? [] : skipStates(flow, skipped, names);
  // Allocated after the others: the order numbers names cut to the length limit, and committed
  // bundles keep the names they have.
  const loop = loopNames(lock, prefix, names);
  const states: StateNode[] = [
    lockAcquireNode({
      name: acquire,
      lock,
      workflow: flow.workflow,
      loop,
      jobs: flow.jobs,
      after: { next: held },
      busy: skipped,
    }),
    lockHeldNode({
      name: held,
      lock: lock.name,
      guarded: flow.guarded,
      release,
      releaseAfterError,
      errorPath,
    }),
    lockReleaseNode({
      name: release,
      lock,
      acquire,
      outcome: { kind: "success", after: then, gone: continueAt },
    }),
    lockReleaseNode({
      name: releaseAfterError,
      lock,
      acquire,
      outcome: { kind: "failure", rethrow: reraise[0]!.name },
    }),
    ...reraise,
    ...after,
    ...skips,
  ];
  return { start: acquire, states };
}

/** Names for the acquire loop's states (the Choice, Wait and Pass that count tries only when it waits). */
function loopNames(lock: ResolvedLock, prefix: string, names: StateNames): LockLoopNames {
  const part = (p: string) => names.allocate(prefix, [p]);
  const take = part("take");
  const holder = part("holder");
  const holderKnown = part("holder-known");
  const holderStatus = part("holder-status");
  const holderRunning = part("holder-running");
  const takeOver = part("take-over");
  const poll =
    lock.waitSeconds > 0
      ? { tried: part("tried"), wait: part("poll"), nextTry: part("next-try") }
      : undefined;
  const busy = part("busy");
  return {
    take,
    holder,
    holderKnown,
    holderStatus,
    holderRunning,
    takeOver,
    ...(poll ? { poll } : {}),
    busy,
  };
}

/** How many polls make a wait: enough that the pauses add up to at least `wait`. */
export function lockTries(lock: Pick<ResolvedLock, "waitSeconds" | "pollSeconds">): number {
  return Math.ceil(lock.waitSeconds / lock.pollSeconds);
}

function skipStates(flow: LockedFlow, name: string, names: StateNames): StateNode[] {
  const lock = flow.lock.name;
  const skip = (action: LockSkipNode["action"]) => lockSkipNode({ name, lock, action });
  switch (flow.busy) {
    case "skip-job":
      return [skip({ kind: "skip-job", after: flow.after })];
    case "skip-workflow": {
      const done = names.allocate(flow.prefix, ["skipped-run"]);
      return [skip({ kind: "skip-workflow", after: done }), succeedNode(done)];
    }
    case "skip-raise":
      return [skip({ kind: "skip-raise" })];
    case "fail":
      return [];
    default:
      return assertNever(flow.busy);
  }
}
