import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DependencyGraph } from "./dependency-graph.js";
import { durationSamples } from "./duration-samples.js";
import { improveTree } from "./improve-tree.js";
import { randomDagCases } from "./random-dag-cases.js";
import { SeriesParallel } from "./series-parallel.js";
import { toSeriesParallel } from "./to-series-parallel.js";

const letters = "abcdefghijklmnopqrstuvwxyz";

/** `S(a,P(b,c),d)`: series and parallel parts, nodes as letters. */
function show(tree: SeriesParallel): string {
  if (tree.kind === "node") return letters[tree.node] ?? `#${tree.node}`;
  return `${tree.kind === "series" ? "S" : "P"}(${tree.parts.map(show).join(",")})`;
}

function contextOf(g: DependencyGraph, samples = durationSamples(Array(g.size).fill(1), 64), passes = 4) {
  return { after: g.after, successors: DependencyGraph.successors(g), samples, passes };
}

/** The mean over the samples of the tree's run time relative to the graph's critical path. */
function meanRatio(g: DependencyGraph, tree: SeriesParallel, samples: ReadonlyArray<Float64Array>): number {
  let sum = 0;
  for (const sample of samples) {
    const finish: number[] = [];
    const visit = (v: number): number => {
      finish[v] ??= Math.max(0, ...g.after[v]!.map(visit)) + sample[v]!;
      return finish[v]!;
    };
    const span = Math.max(...Array.from({ length: g.size }, (_, v) => visit(v)));
    sum += SeriesParallel.makespan(tree, [...sample]) / span;
  }
  return sum / samples.length;
}

/** Each edge p → v whose p does not end before v starts in the expression. */
function brokenEdges(g: DependencyGraph, tree: SeriesParallel): string[] {
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

/** Series parts are never series, parallel parts never parallel, and every group has two parts or more. */
function checkCanonical(tree: SeriesParallel): void {
  if (tree.kind === "node") return;
  expect(tree.parts.length).toBeGreaterThanOrEqual(2);
  for (const part of tree.parts) {
    expect(part.kind).not.toBe(tree.kind);
    checkCanonical(part);
  }
}

const { node, series, parallel } = SeriesParallel;

describe("improveTree", () => {
  it("moves a job that waits for nothing it needs beside what it waited for", () => {
    // a → b, and c unrelated, but run after both.
    const g = DependencyGraph.create([[], [0], []]);
    const tree = series([node(0), node(1), node(2)]);
    expect(show(improveTree(tree, contextOf(g)))).toBe("P(S(a,b),c)");
  });

  it("makes a job wait for just the branches it depends on", () => {
    // d after a only, but run after all of a, b and c.
    const g = DependencyGraph.create([[], [], [], [0]]);
    const tree = series([parallel([node(0), node(1), node(2)]), node(3)]);
    expect(show(improveTree(tree, contextOf(g)))).toBe("P(S(a,d),b,c)");
  });

  it("leaves a tree that always runs in the critical path as it is", () => {
    // a → (b | c) → d: the diamond's own form.
    const g = DependencyGraph.create([[], [0], [0], [1, 2]]);
    const tree = series([node(0), parallel([node(1), node(2)]), node(3)]);
    expect(improveTree(tree, contextOf(g))).toEqual(tree);
  });

  it("does nothing with no passes or a single job", () => {
    const g = DependencyGraph.create([[], [0], []]);
    const tree = series([node(0), node(1), node(2)]);
    expect(improveTree(tree, contextOf(g, undefined, 0))).toEqual(tree);
    expect(improveTree(node(0), contextOf(DependencyGraph.create([[]])))).toEqual(node(0));
  });
});

/** Any acyclic graph, renumbered at random, with weights. */
const dagCaseArb = randomDagCases(2, fc.integer({ min: 1, max: 10 })).map(({ size, graph, values }) => ({
  size,
  graph,
  weights: values,
}));

describe("improveTree: properties", () => {
  it("keeps every job once and after what it runs after, never runs slower on the samples, and is deterministic", () => {
    fc.assert(
      fc.property(dagCaseArb, ({ size, graph: g, weights }) => {
        const samples = durationSamples(weights, 16);
        const start = toSeriesParallel(g, { weights, samples: 16, passes: 0 });
        const tree = improveTree(start, contextOf(g, samples));
        expect(SeriesParallel.nodes(tree).sort((a, b) => a - b)).toEqual(
          Array.from({ length: size }, (_, v) => v),
        );
        expect(brokenEdges(g, tree)).toEqual([]);
        checkCanonical(tree);
        expect(meanRatio(g, tree, samples)).toBeLessThanOrEqual(meanRatio(g, start, samples) + 1e-9);
        expect(improveTree(start, contextOf(g, samples))).toEqual(tree);
      }),
      { seed: 20_260_504, numRuns: 300 },
    );
  });
});
