import type { ResolvedJob } from "@batchflow/core";
import type { State } from "../asl/asl-types.js";

/** Where control goes after a state: a named state, or the end of its branch. */
export type Continuation = { readonly next: string } | { readonly end: true };

export interface CatchEdge {
  readonly errors: ReadonlyArray<string>;
  readonly next: string;
  /** `"$.error"` hands the error to a handler; `null` keeps the input as it was. */
  readonly resultPath: string | null;
}

/** One ECS job run. */
export interface JobStateNode {
  readonly type: "job";
  readonly name: string;
  readonly job: ResolvedJob;
  readonly after: Continuation;
  readonly catch: ReadonlyArray<CatchEdge>;
}

/** Branches at once; its output is its input. */
export interface ParallelStateNode {
  readonly type: "parallel";
  readonly name: string;
  readonly branches: ReadonlyArray<StateGraph>;
  readonly after: Continuation;
  readonly catch: ReadonlyArray<CatchEdge>;
}

export interface WaitStateNode {
  readonly type: "wait";
  readonly name: string;
  readonly seconds: number;
  readonly after: Continuation;
}

export interface FailStateNode {
  readonly type: "fail";
  readonly name: string;
  readonly error: string;
  readonly cause: string;
}

export interface SucceedStateNode {
  readonly type: "succeed";
  readonly name: string;
}

/**
 * A state batchflow's own machinery (locks, notifications) emits fully formed: its transitions are
 * already in `state`.
 */
export interface AslStateNode {
  readonly type: "asl";
  readonly name: string;
  readonly state: State;
}

/** The ASL-shaped IR: one node per ASL state, with no ECS or JSON detail yet. */
export type StateNode =
  | JobStateNode
  | ParallelStateNode
  | WaitStateNode
  | FailStateNode
  | SucceedStateNode
  | AslStateNode;

export interface StateGraph {
  readonly startAt: string;
  /** In the order a reader follows them. */
  readonly states: ReadonlyArray<StateNode>;
}

/** Errors batchflow's own states raise for a group's time budget. */
export const groupErrors = {
  /** The group finished inside its budget; caught at once, never seen by users. */
  done: "Batchflow.GroupDone",
  /** The group ran out of its budget; matched by `States.Timeout` catchers on the group. */
  timeout: "Batchflow.GroupTimeout",
} as const;
