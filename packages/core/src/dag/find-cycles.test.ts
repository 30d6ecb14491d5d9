import { describe, expect, it } from "vitest";
import { DependencyGraph } from "./dependency-graph.js";
import { findCycles } from "./find-cycles.js";
import { topologicalOrder } from "./topological-order.js";

describe("findCycles", () => {
  it("finds none in an acyclic graph", () => {
    expect(findCycles(DependencyGraph.create([[], [0], [0, 1]]))).toEqual([]);
  });

  it("names a cycle from its earliest-defined node, in dependency order", () => {
    // 0 runs after 2, 1 after 0, 2 after 1: 0 → 1 → 2 → 0
    expect(findCycles(DependencyGraph.create([[2], [0], [1]]))).toEqual([[0, 1, 2]]);
  });

  it("finds a job that runs after itself", () => {
    expect(findCycles(DependencyGraph.create([[], [1]]))).toEqual([[1]]);
  });

  it("reports one cycle per knot, the shortest through its first node", () => {
    // knot {0,1,2,3}: 1 after 0, 2 after 1, 0 after 2, 3 after 0 and 0 after 3; knot {5,6}
    const graph = DependencyGraph.create([[2, 3], [0], [1], [0], [], [6], [5]]);
    expect(findCycles(graph)).toEqual([
      [0, 3],
      [5, 6],
    ]);
  });

  it("handles a long chain without deep recursion", () => {
    const size = 50_000;
    const after = Array.from({ length: size }, (_, v) => (v === 0 ? [size - 1] : [v - 1]));
    expect(findCycles(DependencyGraph.create(after))[0]).toHaveLength(size);
  });
});

describe("topologicalOrder", () => {
  it("puts every node after its dependencies, earliest-defined first among the ready ones", () => {
    expect(topologicalOrder(DependencyGraph.create([[3], [], [1], []]))).toEqual([1, 2, 3, 0]);
  });

  it("is undefined for a cyclic graph", () => {
    expect(topologicalOrder(DependencyGraph.create([[1], [0]]))).toBeUndefined();
  });
});

describe("DependencyGraph.create", () => {
  it("sorts and deduplicates, and refuses unknown nodes", () => {
    expect(DependencyGraph.create([[], [0, 0], [1, 0, 1]]).after).toEqual([[], [0], [0, 1]]);
    expect(() => DependencyGraph.create([[1]])).toThrow(/not a node/);
  });
});
