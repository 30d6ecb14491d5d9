import { assertNever } from "../ir/flow-node.js";

/** One node of the graph. */
export interface SpNode {
  readonly kind: "node";
  readonly node: number;
}

/** Parts run one after another. */
export interface SpSeries {
  readonly kind: "series";
  readonly parts: ReadonlyArray<SeriesParallel>;
}

/** Parts run at once; the whole ends when every part has. */
export interface SpParallel {
  readonly kind: "parallel";
  readonly parts: ReadonlyArray<SeriesParallel>;
}

/**
 * A series-parallel expression over a graph's nodes: what ASL can run (a sequence of states, a
 * Parallel state of branches). Series parts are never series and parallel parts never parallel.
 */
export type SeriesParallel = SpNode | SpSeries | SpParallel;

export const SeriesParallel = {
  node(node: number): SpNode {
    return Object.freeze({ kind: "node", node });
  },
  /** Parts in order; nested series are flattened and a single part stands for itself. */
  series(parts: ReadonlyArray<SeriesParallel>): SeriesParallel {
    const flat = parts.flatMap((p) => (p.kind === "series" ? p.parts : [p]));
    if (flat.length === 1) return flat[0]!;
    return Object.freeze({ kind: "series", parts: Object.freeze(flat) });
  },
  /** Parts ordered by their first node, so the output follows definition order; nested parallels are flattened. */
  parallel(parts: ReadonlyArray<SeriesParallel>): SeriesParallel {
    const flat = parts.flatMap((p) => (p.kind === "parallel" ? p.parts : [p]));
    if (flat.length === 1) return flat[0]!;
    const sorted = [...flat].sort((a, b) => firstNode(a) - firstNode(b));
    return Object.freeze({ kind: "parallel", parts: Object.freeze(sorted) });
  },
  /** Every node of the expression, in the order a reader meets them. */
  nodes(tree: SeriesParallel): number[] {
    return tree.kind === "node" ? [tree.node] : tree.parts.flatMap(SeriesParallel.nodes);
  },
  /** How long the expression runs when node `v` takes `durations[v]`: series add up, parallels take the longest. */
  makespan(tree: SeriesParallel, durations: ReadonlyArray<number>): number {
    switch (tree.kind) {
      case "node":
        return durations[tree.node] ?? 0;
      case "series":
        return tree.parts.reduce((sum, p) => sum + SeriesParallel.makespan(p, durations), 0);
      case "parallel":
        return Math.max(...tree.parts.map((p) => SeriesParallel.makespan(p, durations)));
      default:
        return assertNever(tree);
    }
  },
};

/** The smallest node of a part: parallel branches are listed by it. */
function firstNode(tree: SeriesParallel): number {
  return tree.kind === "node" ? tree.node : Math.min(...tree.parts.map(firstNode));
}
