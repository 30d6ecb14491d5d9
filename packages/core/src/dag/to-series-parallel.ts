import { type CutContext, chooseCuts } from "./choose-cut.js";
import { DependencyGraph } from "./dependency-graph.js";
import { durationSamples } from "./duration-samples.js";
import { Reachability } from "./reachability.js";
import { SeriesParallel } from "./series-parallel.js";
import { topologicalOrder } from "./topological-order.js";

export interface SeriesParallelOptions {
  /**
   * Each node's expected duration, relative to the others (default: all equal). Only used to
   * choose where a graph that is not series-parallel loses parallelism.
   */
  readonly weights?: ReadonlyArray<number>;
  /** How many guessed duration sets score each cut. Default 64. */
  readonly samples?: number;
}

/**
 * A series-parallel expression that runs every node of an acyclic graph exactly once and never
 * before the nodes it runs after. A series-parallel graph is reproduced exactly: no ordering is
 * added, so for any durations it runs in its critical path. Any other graph gets the orderings it
 * needs added where they are guessed to cost least. See docs/design/dag-lowering.md.
 *
 * On a part of the graph, recursively: pieces with no dependency between them run in parallel;
 * else a part that falls into stages, each after all of the one before, runs them in series;
 * else the part is prime (it contains an "N" such as a→c, a→d, b→d) and `chooseCuts` splits it.
 *
 * @example
 * toSeriesParallel(DependencyGraph.create([[], [], [0], [0, 1]]))
 * // the N a→c, a→d, b→d: series(parallel(a, b), parallel(c, d)); c now also waits for b
 */
export function toSeriesParallel(
  graph: DependencyGraph,
  options: SeriesParallelOptions = {},
): SeriesParallel {
  if (graph.size === 0) throw new Error("toSeriesParallel() needs at least one node");
  const order = topologicalOrder(graph);
  if (order === undefined) throw new Error("toSeriesParallel() needs an acyclic graph; see findCycles()");
  const weights = Array.from({ length: graph.size }, (_, v) => {
    const w = options.weights?.[v] ?? 1;
    return Number.isFinite(w) && w > 0 ? w : 1;
  });
  return new Decomposer(graph, order, weights, options.samples ?? 64).decompose(order);
}

class Decomposer {
  readonly #reach: Reachability;
  /** Predecessors and successors: what "unrelated pieces" looks at. */
  readonly #neighbours: ReadonlyArray<ReadonlyArray<number>>;
  readonly #cut: CutContext;
  /** Scratch marks: which nodes belong to the part being looked at. */
  readonly #mark: Int32Array;
  #epoch = 0;

  constructor(graph: DependencyGraph, order: ReadonlyArray<number>, weights: number[], samples: number) {
    this.#reach = new Reachability(graph, order);
    const successors = DependencyGraph.successors(graph);
    this.#neighbours = graph.after.map((preds, v) => [...preds, ...successors[v]!]);
    let guesses: Float64Array[] | undefined;
    this.#cut = {
      after: graph.after,
      successors,
      // Series-parallel graphs never need them.
      samples: () => {
        guesses ??= durationSamples(weights, Math.max(1, Math.round(samples)));
        return guesses;
      },
      weights,
      local: new Int32Array(graph.size).fill(-1),
    };
    this.#mark = new Int32Array(graph.size);
  }

  /**
   * `nodes`: a convex part of the graph (whatever lies between two of its nodes is in it), in
   * topological order. Every part handled here is convex: pieces, stages and both sides of a cut
   * of a convex part are. So two of its nodes are ordered exactly when a path inside it links them.
   */
  decompose(nodes: ReadonlyArray<number>): SeriesParallel {
    if (nodes.length === 1) return SeriesParallel.node(nodes[0]!);
    const pieces = this.#unrelatedPieces(nodes);
    if (pieces.length > 1) return SeriesParallel.parallel(pieces.map((p) => this.decompose(p)));
    const stages = this.#stages(nodes);
    if (stages.length > 1) return SeriesParallel.series(stages.map((s) => this.decompose(s)));
    const [cut] = chooseCuts(nodes, this.#cut);
    return SeriesParallel.series([this.decompose(cut!.before), this.decompose(cut!.after)]);
  }

  /** The part's connected pieces, ignoring direction (union-find); each keeps the topological order. */
  #unrelatedPieces(nodes: ReadonlyArray<number>): number[][] {
    const epoch = ++this.#epoch;
    for (const v of nodes) this.#mark[v] = epoch;
    const parent = new Map<number, number>(nodes.map((v) => [v, v]));
    const root = (v: number): number => {
      let r = v;
      while (parent.get(r) !== r) r = parent.get(r)!;
      for (let x = v; x !== r; ) {
        const next = parent.get(x)!;
        parent.set(x, r);
        x = next;
      }
      return r;
    };
    for (const v of nodes) {
      for (const w of this.#neighbours[v]!) {
        if (this.#mark[w] !== epoch) continue;
        const a = root(v);
        const b = root(w);
        if (a !== b) parent.set(Math.max(a, b), Math.min(a, b));
      }
    }
    const pieces = new Map<number, number[]>();
    for (const v of nodes) {
      const r = root(v);
      const piece = pieces.get(r);
      if (piece) piece.push(v);
      else pieces.set(r, [v]);
    }
    return [...pieces.values()];
  }

  /**
   * The part as stages, each entirely after the one before: the prefixes of the topological
   * order all of whose nodes come before every node after them. One stage when there is no such
   * prefix.
   */
  #stages(nodes: ReadonlyArray<number>): number[][] {
    const k = nodes.length;
    // gap[j]: the first position before j whose node does not come before node j (j if none).
    const gap = new Int32Array(k);
    for (let j = 0; j < k; j++) {
      let p = 0;
      while (p < j && this.#reach.precedes(nodes[p]!, nodes[j]!)) p++;
      gap[j] = p;
    }
    // A prefix of length i is a stage boundary when no node from i on has a gap before i.
    const boundary = new Uint8Array(k + 1);
    boundary[k] = 1;
    let lowest = k;
    for (let i = k - 1; i >= 1; i--) {
      lowest = Math.min(lowest, gap[i]!);
      if (lowest >= i) boundary[i] = 1;
    }
    const stages: number[][] = [];
    let start = 0;
    for (let i = 1; i <= k; i++) {
      if (boundary[i]) {
        stages.push(nodes.slice(start, i));
        start = i;
      }
    }
    return stages;
  }
}
