import type { ResolvedMapItems, ToleratedFailure } from "@batchflow/core";
import type { CatchEdge, Continuation, StateGraph } from "./state-graph.js";

/**
 * A `map()`: `body` once per item, each iteration's input being the item and the execution input
 * (read from `inputPath`). Inline, or `distributed` as child executions.
 */
export interface MapStateNode {
  readonly type: "map";
  readonly name: string;
  readonly items: ResolvedMapItems;
  readonly inputPath: string;
  readonly body: StateGraph;
  readonly concurrency?: number | undefined;
  readonly distributed: boolean;
  readonly toleratedFailure?: ToleratedFailure | undefined;
  readonly after: Continuation;
  readonly catch: ReadonlyArray<CatchEdge>;
}

export function mapStateNode(fields: Omit<MapStateNode, "type">): MapStateNode {
  return Object.freeze({ type: "map", ...fields });
}
