import type { ResolvedLock } from "@batchflow/core";
import type { Continuation, StateGraph } from "./state-graph.js";

/**
 * Runs the guarded flow in a one-branch Parallel whose Catch sees any failure. The branch starts
 * with the lock's acquire call, its check and its busy state (the acquire answer lives only in the
 * branch's data, never in the flow's); the guarded flow follows. `skipped` is where a workflow lock
 * busy with `onBusy: "skip"` (and no notifications) ends the run as skipped.
 */
export interface LockHeldNode {
  readonly type: "lock-held";
  readonly name: string;
  readonly lock: string;
  readonly branch: StateGraph;
  /** The release after success. */
  readonly release: string;
  /**
   * The release after any failure, which gets the error at `errorPath`; none when nothing can
   * catch a failure here (it ends the run, and the run's end frees the lock).
   */
  readonly releaseAfterError?: string | undefined;
  readonly errorPath: string;
  readonly skipped?: string | undefined;
}

/**
 * Calls the workflow's lock machine to take the lock: polls `tries` times, `pollSeconds` apart,
 * while another run holds it. Its answer goes to `check`.
 */
export interface LockAcquireNode {
  readonly type: "lock-acquire";
  readonly name: string;
  readonly lock: ResolvedLock;
  readonly workflow: string;
  /** The jobs the lock guards, in definition order. */
  readonly jobs: ReadonlyArray<string>;
  readonly held: string;
  readonly check: string;
  /** Where a busy lock goes. */
  readonly busy: string;
  readonly onBusy: "skip" | "fail";
}

/** Whether the lock machine said held: the guarded flow starts at `guarded`, else `busy`. */
export interface LockCheckNode {
  readonly type: "lock-check";
  readonly name: string;
  readonly lock: string;
  readonly acquire: string;
  readonly guarded: string;
  readonly busy: string;
}

/**
 * Where a lock that stayed busy goes, in the held branch: `fail` raises `Batchflow.LockBusy` (a
 * failure like any other), `skip-job` ends the branch (the job is passed over and the flow goes on
 * once the held state is done), `skip-workflow` raises `Batchflow.LockSkipped`, which ends the run
 * as skipped (the held state's catch, or the notifications' wrapper).
 */
export interface LockBusyNode {
  readonly type: "lock-busy";
  readonly name: string;
  readonly lock: ResolvedLock;
  readonly acquire: string;
  readonly action: "fail" | "skip-job" | "skip-workflow";
}

/**
 * Calls the lock machine to clear the lock item while this owner holds it. After success the flow
 * goes on at `after`; after a failure the lock machine answers the error to raise again (a
 * `States.` name as `Batchflow.`), and the flow goes to `raise`.
 */
export interface LockReleaseNode {
  readonly type: "lock-release";
  readonly name: string;
  readonly lock: ResolvedLock;
  readonly workflow: string;
  /** The acquire state: part of the owner the item holds. */
  readonly acquire: string;
  readonly errorPath: string;
  readonly outcome:
    | { readonly kind: "success"; readonly after: Continuation }
    | { readonly kind: "failure"; readonly raise: string };
}

/** The end of a run whose workflow lock was busy with `onBusy: "skip"`: its output says why. */
export interface LockSkipNode {
  readonly type: "lock-skip";
  readonly name: string;
  readonly lock: string;
}

export type LockNode =
  | LockHeldNode
  | LockAcquireNode
  | LockCheckNode
  | LockBusyNode
  | LockReleaseNode
  | LockSkipNode;

export function lockHeldNode(fields: Omit<LockHeldNode, "type">): LockHeldNode {
  return Object.freeze({ type: "lock-held", ...fields });
}

export function lockAcquireNode(fields: Omit<LockAcquireNode, "type">): LockAcquireNode {
  return Object.freeze({ type: "lock-acquire", ...fields });
}

export function lockCheckNode(fields: Omit<LockCheckNode, "type">): LockCheckNode {
  return Object.freeze({ type: "lock-check", ...fields });
}

export function lockBusyNode(fields: Omit<LockBusyNode, "type">): LockBusyNode {
  return Object.freeze({ type: "lock-busy", ...fields });
}

export function lockReleaseNode(fields: Omit<LockReleaseNode, "type">): LockReleaseNode {
  return Object.freeze({ type: "lock-release", ...fields });
}

export function lockSkipNode(fields: Omit<LockSkipNode, "type">): LockSkipNode {
  return Object.freeze({ type: "lock-skip", ...fields });
}
