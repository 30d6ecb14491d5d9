import type { ResolvedLock } from "@batchflow/core";
import type { Continuation, StateGraph } from "./state-graph.js";

/**
 * The states of a lock's acquire loop (docs/design/locks-and-notifications.md), by what each does.
 * `poll` is there when the lock waits (`wait` above 0): the loop then counts its tries.
 */
export interface LockLoopNames {
  /** The conditional write that takes a free lock (or one this owner holds already). */
  readonly take: string;
  /** The consistent read of the holder. */
  readonly holder: string;
  /** Whether the read found a holder (released in between: take again). */
  readonly holderKnown: string;
  /** DescribeExecution of the holder's execution. */
  readonly holderStatus: string;
  /** Whether that execution is RUNNING. */
  readonly holderRunning: string;
  /** The write conditional on the stale holder. */
  readonly takeOver: string;
  readonly poll?: {
    /** Whether the tries are used up. */
    readonly tried: string;
    /** The Wait between tries. */
    readonly wait: string;
    /** Counts a try. */
    readonly nextTry: string;
  };
  /** The `Batchflow.LockBusy` Fail state. */
  readonly busy: string;
}

/**
 * Takes the lock: a one-branch Parallel running the acquire loop on its own data. Continues at
 * `after` (the held state) holding it; when the lock stays busy, at `busy`, or fails with
 * `Batchflow.LockBusy` when `busy` is undefined.
 */
export interface LockAcquireNode {
  readonly type: "lock-acquire";
  readonly name: string;
  readonly lock: ResolvedLock;
  /** Written to the lock item for people reading the table. */
  readonly workflow: string;
  readonly loop: LockLoopNames;
  /** The jobs the lock guards, in definition order. */
  readonly jobs: ReadonlyArray<string>;
  readonly after: { readonly next: string };
  readonly busy?: string | undefined;
}

/** Runs the guarded flow in a one-branch Parallel whose Catch sees any failure. */
export interface LockHeldNode {
  readonly type: "lock-held";
  readonly name: string;
  readonly lock: string;
  readonly guarded: StateGraph;
  /** The release after success. */
  readonly release: string;
  /** The release after any failure, which gets the error at `errorPath`. */
  readonly releaseAfterError: string;
  readonly errorPath: string;
}

/**
 * Clears the lock item while this owner holds it. After success the flow goes on at `after` (an
 * item no longer this owner's is nothing to release: `gone`); after a failure, whatever the release
 * does, the flow goes on to `rethrow`, which raises the failure again.
 */
export interface LockReleaseNode {
  readonly type: "lock-release";
  readonly name: string;
  readonly lock: ResolvedLock;
  /** The acquire state: part of the owner the item holds. */
  readonly acquire: string;
  readonly outcome:
    | { readonly kind: "success"; readonly after: Continuation; readonly gone: string }
    | { readonly kind: "failure"; readonly rethrow: string };
}

/**
 * What a busy lock leads to when it does not fail the flow: a job passed over (`skip-job`, then
 * `after`), the execution ended as skipped (`skip-workflow`: the output says why, then `after`, a
 * Succeed state), or `Batchflow.LockSkipped` for the workflow's outer catch (`skip-raise`).
 */
export interface LockSkipNode {
  readonly type: "lock-skip";
  readonly name: string;
  readonly lock: string;
  readonly action:
    | { readonly kind: "skip-job"; readonly after: Continuation }
    | { readonly kind: "skip-workflow"; readonly after: string }
    | { readonly kind: "skip-raise" };
}

export type LockNode = LockAcquireNode | LockHeldNode | LockReleaseNode | LockSkipNode;

export function lockAcquireNode(fields: Omit<LockAcquireNode, "type">): LockAcquireNode {
  return Object.freeze({ type: "lock-acquire", ...fields });
}

export function lockHeldNode(fields: Omit<LockHeldNode, "type">): LockHeldNode {
  return Object.freeze({ type: "lock-held", ...fields });
}

export function lockReleaseNode(fields: Omit<LockReleaseNode, "type">): LockReleaseNode {
  return Object.freeze({ type: "lock-release", ...fields });
}

export function lockSkipNode(fields: Omit<LockSkipNode, "type">): LockSkipNode {
  return Object.freeze({ type: "lock-skip", ...fields });
}
