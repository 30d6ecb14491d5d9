import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { brokenEdges, criticalPath, randomDagCases, show } from "./dag-test-support.js";
import { DependencyGraph } from "./dependency-graph.js";
import { durationSamples } from "./duration-samples.js";
import { improveTree } from "./improve-tree.js";
import { SeriesParallel } from "./series-parallel.js";
import { toSeriesParallel } from "./to-series-parallel.js";

function contextOf(g: DependencyGraph, samples = durationSamples(Array(g.size).fill(1), 64), passes = 4) {
  return { after: g.after, successors: DependencyGraph.successors(g), samples, passes };
}

/** The mean over the samples of the tree's run time relative to the graph's critical path. */
function meanRatio(g: DependencyGraph, tree: SeriesParallel, samples: ReadonlyArray<Float64Array>): number {
  let sum = 0;
  for (const sample of samples) sum += SeriesParallel.makespan(tree, [...sample]) / criticalPath(g, sample);
  return sum / samples.length;
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
