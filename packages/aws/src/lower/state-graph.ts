import { assertNever, type ResolvedJob } from "@batchflow/core";
import type { LockNode } from "./lock-nodes.js";
import type { MapStateNode } from "./map-states.js";
import type { NotifyNode } from "./notify-nodes.js";
import type { ReraiseStateNode } from "./reraise-states.js";
import type { SpotNode } from "./spot-nodes.js";

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
  /** The run of a Spot job on Spot (its capacity-provider strategy and the user's retries only), inside its `spot-run`. */
  readonly onSpot?: true;
  readonly after: Continuation;
  readonly catch: ReadonlyArray<CatchEdge>;
}

/**
 * Branches at once; its output is its input. `group` when it is no `parallel()` of the user's but
 * carries a group's catch or time budget around one branch of work.
 */
export interface ParallelStateNode {
  readonly type: "parallel";
  readonly name: string;
  readonly group: boolean;
  readonly branches: ReadonlyArray<StateGraph>;
  readonly after: Continuation;
  readonly catch: ReadonlyArray<CatchEdge>;
}

/** A group's time budget: the timer branch waits it out, then `expired` fails the group. */
export interface GroupBudgetNode {
  readonly type: "group-budget";
  readonly name: string;
  readonly group: string;
  readonly seconds: number;
  readonly expired: string;
}

/**
 * How a group with a budget ends one of its branches: `done` when the work finished first (caught at
 * once by the group), `expired` when the budget ran out.
 */
export interface GroupEndNode {
  readonly type: "group-end";
  readonly name: string;
  readonly group: string;
  readonly outcome: "done" | "expired";
  readonly seconds: number;
}

/** The end of a branch (or of the execution) that succeeded. */
export interface SucceedStateNode {
  readonly type: "succeed";
  readonly name: string;
}

/** The ASL-shaped IR: one node per ASL state, with no ECS or JSON detail yet. */
export type StateNode =
  | JobStateNode
  | ParallelStateNode
  | GroupBudgetNode
  | GroupEndNode
  | SucceedStateNode
  | LockNode
  | ReraiseStateNode
  | NotifyNode
  | SpotNode
  | MapStateNode;

export interface StateGraph {
  readonly startAt: string;
  /** In the order a reader follows them. */
  readonly states: ReadonlyArray<StateNode>;
}

export function succeedNode(name: string): SucceedStateNode {
  return Object.freeze({ type: "succeed", name });
}

export function groupBudgetNode(fields: Omit<GroupBudgetNode, "type">): GroupBudgetNode {
  return Object.freeze({ type: "group-budget", ...fields });
}

export function groupEndNode(fields: Omit<GroupEndNode, "type">): GroupEndNode {
  return Object.freeze({ type: "group-end", ...fields });
}

/** The branches a state runs: a Parallel's, a held lock's (its acquire and the guarded flow). */
export function nestedGraphs(node: StateNode): ReadonlyArray<StateGraph> {
  switch (node.type) {
    case "parallel":
      return node.branches;
    case "lock-held":
    case "spot-run":
      return [node.branch];
    case "map":
      return [node.body];
    case "spot-fallback":
    case "spot-check":
    case "spot-interrupted":
    case "spot-failed":
    case "job":
    case "group-budget":
    case "group-end":
    case "succeed":
    case "lock-acquire":
    case "lock-check":
    case "lock-busy":
    case "lock-release":
    case "lock-skip":
    case "reraise":
    case "reraise-check":
    case "reraise-rename":
    case "finally-check":
    case "notify":
      return [];
    default:
      return assertNever(node);
  }
}

/** The jobs of a graph, in definition order, nested branches included. */
export function graphJobs(graph: StateGraph): string[] {
  const jobs: string[] = [];
  const visit = (g: StateGraph): void => {
    for (const node of g.states) {
      if (node.type === "job") jobs.push(node.name);
      for (const nested of nestedGraphs(node)) visit(nested);
    }
  };
  visit(graph);
  return jobs;
}

/** Errors batchflow's own states raise for a group's time budget. */
export const groupErrors = {
  /** The group finished inside its budget; caught at once, never seen by users. */
  done: "Batchflow.GroupDone",
  /** The group ran out of its budget; matched by `States.Timeout` catchers on the group. */
  timeout: "Batchflow.GroupTimeout",
} as const;
