import type { ResolvedLock } from "@batchflow/core";
import {
  lockAcquireNode,
  lockBusyNode,
  lockCheckNode,
  lockHeldNode,
  lockReleaseNode,
  lockSkipNode,
} from "./lock-nodes.js";
import { reraiseNode } from "./reraise-states.js";
import type { Continuation, StateGraph, StateNode } from "./state-graph.js";
import type { StateNames } from "./state-names.js";

/** What a run that could not get the lock in time does. */
export type BusyAction =
  /** `Batchflow.LockBusy` propagates like any failure. */
  | "fail"
  /** The job is passed over and the flow goes on. */
  | "skip-job"
  /** The execution ends with a Pass state whose output says skipped. */
  | "skip-workflow";

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
  /**
   * Whether to give the lock back after a failure (then raise it again): only when something
   * further out can catch the failure and the run go on. A failure nothing catches ends the run,
   * and a lock whose run has ended is free (the recovery rule), without a release.
   */
  readonly releaseAfterError: boolean;
}

export interface LoweredLock {
  readonly start: string;
  readonly states: ReadonlyArray<StateNode>;
}

const errorPath = "$.batchflowLockError";

/**
 * A flow guarded by a lock (docs/design/locks-and-notifications.md): a one-branch Parallel whose
 * branch calls the workflow's lock machine to take the lock (it polls until the lock is free or its
 * tries run out), then runs the flow while holding it; the lock machine releases it after success,
 * and after a failure that something further out can catch, answering the failure to raise again
 * (a `States.` name as `Batchflow.`). A failure nothing catches ends the run, which frees the lock.
 */
export function lowerLockedFlow(flow: LockedFlow, names: StateNames): LoweredLock {
  const { lock, prefix } = flow;
  const held = names.allocate(prefix, ["held"]);
  const acquire = names.allocate(prefix, ["acquire"]);
  const check = names.allocate(prefix, ["check"]);
  const busy = names.allocate(prefix, [flow.busy === "skip-job" ? "skipped" : "busy"]);
  const release = names.allocate(prefix, ["release"]);
  const afterError = flow.releaseAfterError
    ? { release: names.allocate(prefix, ["release-after-error"]), raise: names.allocate(prefix, ["raise"]) }
    : undefined;
  const skipped = flow.busy === "skip-workflow" ? names.allocate(prefix, ["skipped"]) : undefined;
  const branch: StateGraph = {
    startAt: acquire,
    states: [
      lockAcquireNode({
        name: acquire,
        lock,
        workflow: flow.workflow,
        jobs: flow.jobs,
        held,
        check,
        busy,
        onBusy: flow.busy === "fail" ? "fail" : "skip",
      }),
      lockCheckNode({ name: check, lock: lock.name, acquire, guarded: flow.guarded.startAt, busy }),
      lockBusyNode({
        name: busy,
        lock,
        acquire,
        action: flow.busy,
      }),
      ...flow.guarded.states,
    ],
  };
  const releaseOf = (name: string, outcome: Parameters<typeof lockReleaseNode>[0]["outcome"]) =>
    lockReleaseNode({ name, lock, workflow: flow.workflow, acquire, errorPath, outcome });
  const states: StateNode[] = [
    lockHeldNode({
      name: held,
      lock: lock.name,
      branch,
      release,
      releaseAfterError: afterError?.release,
      errorPath,
      skipped,
    }),
    releaseOf(release, { kind: "success", after: flow.after }),
    ...(afterError === undefined
      ? []
      : [
          releaseOf(afterError.release, { kind: "failure", raise: afterError.raise }),
          // The lock machine's answer (`Output`) is the error to raise again.
          reraiseNode({ name: afterError.raise, errorPath: `${errorPath}.Output` }),
        ]),
    ...(skipped === undefined ? [] : [lockSkipNode({ name: skipped, lock: lock.name })]),
  ];
  return { start: held, states };
}

/** How many polls make a wait: enough that the pauses add up to at least `wait`. */
export function lockTries(lock: Pick<ResolvedLock, "waitSeconds" | "pollSeconds">): number {
  return Math.ceil(lock.waitSeconds / lock.pollSeconds);
}
