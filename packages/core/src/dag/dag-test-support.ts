// For the dag tests only (not exported from the package): fast-check is a dev dependency.
import fc from "fast-check";
import { DependencyGraph } from "./dependency-graph.js";
import type { SeriesParallel } from "./series-parallel.js";

/**
 * Any acyclic graph of `minSize` to 40 nodes, with one number per node from `value`: node v runs
 * after some of the nodes numbered before it, then every node is renumbered at random.
 */
export function randomDagCases(
  minSize: number,
  value: fc.Arbitrary<number>,
): fc.Arbitrary<{ size: number; graph: DependencyGraph; values: number[] }> {
  return fc
    .integer({ min: minSize, max: 40 })
    .chain((size) =>
      fc.record({
        size: fc.constant(size),
        after: fc.array(fc.array(fc.nat(), { maxLength: 4 }), { minLength: size, maxLength: size }),
        numbering: fc.shuffledSubarray(
          Array.from({ length: size }, (_, i) => i),
          { minLength: size, maxLength: size },
        ),
        values: fc.array(value, { minLength: size, maxLength: size }),
      }),
    )
    .map(({ size, after, numbering, values }) => {
      const lists: number[][] = Array.from({ length: size }, () => []);
      after.forEach((preds, v) => {
        for (const p of preds) if (v > 0) lists[numbering[v]!]!.push(numbering[p % v]!);
      });
      return { size, graph: DependencyGraph.create(lists), values };
    });
}

const letters = "abcdefghijklmnopqrstuvwxyz";

/** A graph from `{ c: "a", d: "ab" }`: c runs after a, d after a and b; nodes a… up to `size`. */
export function graph(size: number, after: Record<string, string> = {}): DependencyGraph {
  return DependencyGraph.create(
    Array.from({ length: size }, (_, v) => [...(after[letters[v]!] ?? "")].map((l) => letters.indexOf(l))),
  );
}

/** `S(a,P(b,c),d)`: series and parallel parts, nodes as letters. */
export function show(tree: SeriesParallel): string {
  if (tree.kind === "node") return letters[tree.node] ?? `#${tree.node}`;
  return `${tree.kind === "series" ? "S" : "P"}(${tree.parts.map(show).join(",")})`;
}

/** The longest path through the graph, node durations summed. */
export function criticalPath(g: DependencyGraph, durations: ArrayLike<number>): number {
  const finish: number[] = [];
  const visit = (v: number): number => {
    finish[v] ??= Math.max(0, ...g.after[v]!.map(visit)) + durations[v]!;
    return finish[v]!;
  };
  return Math.max(...Array.from({ length: g.size }, (_, v) => visit(v)));
}

/** Each edge p → v whose p does not end before v starts in the expression. */
export function brokenEdges(g: DependencyGraph, tree: SeriesParallel): string[] {
  const start = new Map<number, number>();
  const end = new Map<number, number>();
  const walk = (t: SeriesParallel, at: number): number => {
    switch (t.kind) {
      case "node":
        start.set(t.node, at);
        end.set(t.node, at + 1);
        return at + 1;
      case "series":
        return t.parts.reduce((time, part) => walk(part, time), at);
      case "parallel":
        return Math.max(...t.parts.map((part) => walk(part, at)));
    }
  };
  walk(tree, 0);
  return g.after.flatMap((preds, v) =>
    preds.filter((p) => end.get(p)! > start.get(v)!).map((p) => `${p}→${v}`),
  );
}
