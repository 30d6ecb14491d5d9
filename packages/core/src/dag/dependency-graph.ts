/**
 * A dependency graph over the nodes `0 … size-1`, numbered in definition order: `after[v]` lists
 * the nodes `v` runs after. Plain numbers, so the decomposition knows nothing about jobs or ASL.
 */
export interface DependencyGraph {
  readonly size: number;
  /** Sorted, without duplicates. */
  readonly after: ReadonlyArray<ReadonlyArray<number>>;
}

export const DependencyGraph = {
  /** A graph from each node's predecessors; duplicates are dropped, out-of-range nodes refused. */
  create(after: ReadonlyArray<ReadonlyArray<number>>): DependencyGraph {
    const size = after.length;
    const lists = after.map((preds, v) => {
      for (const p of preds) {
        if (!Number.isInteger(p) || p < 0 || p >= size) {
          throw new RangeError(`node ${v} runs after ${p}, which is not a node of this ${size}-node graph`);
        }
      }
      return Object.freeze([...new Set(preds)].sort((a, b) => a - b));
    });
    return Object.freeze({ size, after: Object.freeze(lists) });
  },

  /** `before[v]`: the nodes that run after `v`, ascending. */
  successors(graph: DependencyGraph): number[][] {
    const before: number[][] = Array.from({ length: graph.size }, () => []);
    graph.after.forEach((preds, v) => {
      for (const p of preds) before[p]!.push(v);
    });
    return before;
  },
};
