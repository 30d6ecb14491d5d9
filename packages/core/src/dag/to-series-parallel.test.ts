import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { brokenEdges, criticalPath, graph, randomDagCases, show } from "./dag-test-support.js";
import { DependencyGraph } from "./dependency-graph.js";
import { SeriesParallel } from "./series-parallel.js";
import { toSeriesParallel } from "./to-series-parallel.js";

const shape = (size: number, after: Record<string, string> = {}) =>
  show(toSeriesParallel(graph(size, after)));

describe("toSeriesParallel: series-parallel graphs come out exactly", () => {
  it("keeps a single job, a chain and unrelated jobs", () => {
    expect(shape(1)).toBe("a");
    expect(shape(3, { b: "a", c: "b" })).toBe("S(a,b,c)");
    expect(shape(3)).toBe("P(a,b,c)");
  });

  it("turns a diamond into a fork and a join", () => {
    expect(shape(4, { b: "a", c: "a", d: "bc" })).toBe("S(a,P(b,c),d)");
  });

  it("keeps wide fan-out and fan-in", () => {
    const after = Object.fromEntries([..."bcdefghi"].map((l) => [l, "a"]));
    expect(shape(10, { ...after, j: "bcdefghi" })).toBe("S(a,P(b,c,d,e,f,g,h,i),j)");
    expect(shape(5, { e: "abcd" })).toBe("S(P(a,b,c,d),e)");
  });

  it("runs disconnected components as parallel branches, in definition order", () => {
    expect(shape(6, { c: "a", d: "c", f: "e" })).toBe("P(S(a,c,d),b,S(e,f))");
  });

  it("nests series and parallels", () => {
    // a → (b → (c | d) → e | f) → g
    expect(shape(7, { b: "a", c: "b", d: "b", e: "cd", f: "a", g: "ef" })).toBe("S(a,P(S(b,P(c,d),e),f),g)");
  });

  it("ignores dependencies already implied by others", () => {
    expect(shape(3, { b: "a", c: "ab" })).toBe("S(a,b,c)");
    expect(shape(4, { b: "a", c: "a", d: "abc" })).toBe("S(a,P(b,c),d)");
  });

  it("does not depend on the order of the after lists", () => {
    const g1 = DependencyGraph.create([[], [], [0, 1], [2, 1, 0]]);
    const g2 = DependencyGraph.create([[], [], [1, 0], [0, 2, 1, 1]]);
    expect(toSeriesParallel(g1)).toEqual(toSeriesParallel(g2));
  });
});

describe("toSeriesParallel: graphs that are not series-parallel", () => {
  it("adds one ordering to the N (a→c, a→d, b→d)", () => {
    const n = graph(4, { c: "a", d: "ab" });
    const tree = toSeriesParallel(n);
    expect(show(tree)).toBe("S(P(a,b),P(c,d))");
    expect(brokenEdges(n, tree)).toEqual([]);
  });

  it("cuts two chains joined by one cross dependency once, in the middle", () => {
    // a→b→c→d→e→f and g→h→i→j→k→l, plus c → j
    const tree = shape(12, {
      b: "a",
      c: "b",
      d: "c",
      e: "d",
      f: "e",
      h: "g",
      i: "h",
      j: "ic",
      k: "j",
      l: "k",
    });
    expect(tree).toBe("S(P(S(a,b,c),S(g,h,i)),P(S(d,e,f),S(j,k,l)))");
  });

  it("splits the N where the weights say the time is", () => {
    // b and c long, a and d short: a barrier after a and b would cost a whole long job.
    const n = graph(4, { c: "a", d: "ab" });
    const durations = [1, 10, 10, 1];
    const weighted = toSeriesParallel(n, { weights: durations });
    expect(brokenEdges(n, weighted)).toEqual([]);
    expect(SeriesParallel.makespan(toSeriesParallel(n), durations)).toBe(20);
    expect(SeriesParallel.makespan(weighted, durations)).toBe(12);
    expect(criticalPath(n, durations)).toBe(11);
  });

  it("refuses a cyclic or empty graph", () => {
    expect(() => toSeriesParallel(DependencyGraph.create([[1], [0]]))).toThrow(/acyclic/);
    expect(() => toSeriesParallel(DependencyGraph.create([]))).toThrow(/at least one node/);
  });

  // How fast is a figure of `pnpm bench` (bench/dag.mjs), not an assertion here.
  it("decomposes 1,000 random jobs", () => {
    const random = seeded(7);
    const after = Array.from({ length: 1000 }, (_, v) =>
      Array.from({ length: Math.floor(random() * 4) }, () =>
        Math.max(0, v - 1 - Math.floor(random() * 20)),
      ).filter((p) => p < v),
    );
    const tree = toSeriesParallel(DependencyGraph.create(after));
    expect(SeriesParallel.nodes(tree).sort((a, b) => a - b)).toEqual(after.map((_, v) => v));
  });
});

// ---------------------------------------------------------------------------------------------------
// Properties

/** A random series-parallel expression over `size` nodes: the generator's own form of the graph. */
function spTreeArb(size: number): fc.Arbitrary<SeriesParallel> {
  return fc.infiniteStream(fc.integer({ min: 0, max: 1_000_000 })).map((stream) => {
    const numbers = stream[Symbol.iterator]();
    const pick = (n: number) => numbers.next().value! % n;
    let next = 0;
    const build = (count: number, asParallel: boolean): SeriesParallel => {
      if (count === 1) return SeriesParallel.node(next++);
      const sizes = Array.from({ length: Math.min(count, 2 + pick(3)) }, () => 1);
      for (let i = sizes.length; i < count; i++) sizes[pick(sizes.length)]!++;
      const parts = sizes.map((s) => build(s, !asParallel));
      return asParallel ? SeriesParallel.parallel(parts) : SeriesParallel.series(parts);
    };
    return build(size, pick(2) === 0);
  });
}

/** The graph a series-parallel expression stands for: each series part runs after the sinks of the one before. */
function graphOf(
  tree: SeriesParallel,
  size: number,
  extra: ReadonlyArray<[number, number]>,
): DependencyGraph {
  const after: number[][] = Array.from({ length: size }, () => []);
  const ends = (t: SeriesParallel): { sources: number[]; sinks: number[] } => {
    if (t.kind === "node") return { sources: [t.node], sinks: [t.node] };
    const parts = t.parts.map(ends);
    if (t.kind === "parallel") {
      return { sources: parts.flatMap((p) => p.sources), sinks: parts.flatMap((p) => p.sinks) };
    }
    parts.forEach((p, i) => {
      if (i > 0) for (const v of p.sources) after[v]!.push(...parts[i - 1]!.sinks);
    });
    return { sources: parts[0]!.sources, sinks: parts.at(-1)!.sinks };
  };
  ends(tree);
  // Extra edges from an ancestor's ancestor are already implied: the order stays the same.
  for (const [v, choice] of extra) {
    const p = after[v % size]![0];
    const pp = p === undefined ? undefined : after[p]![choice % Math.max(after[p]!.length, 1)];
    if (pp !== undefined) after[v % size]!.push(pp);
  }
  return DependencyGraph.create(after);
}

/** Renumbers nodes, so that definition order is not the generator's. */
function renumber(tree: SeriesParallel, to: ReadonlyArray<number>): SeriesParallel {
  if (tree.kind === "node") return SeriesParallel.node(to[tree.node]!);
  const parts = tree.parts.map((p) => renumber(p, to));
  return tree.kind === "series" ? SeriesParallel.series(parts) : SeriesParallel.parallel(parts);
}

const spCaseArb = fc
  .integer({ min: 1, max: 40 })
  .chain((size) =>
    fc.record({
      size: fc.constant(size),
      tree: spTreeArb(size),
      numbering: fc.shuffledSubarray(
        Array.from({ length: size }, (_, i) => i),
        { minLength: size, maxLength: size },
      ),
      extra: fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 5 }),
      durations: fc.array(fc.array(fc.integer({ min: 1, max: 1000 }), { minLength: size, maxLength: size }), {
        minLength: 1,
        maxLength: 4,
      }),
    }),
  )
  .map(({ size, tree, numbering, extra, durations }) => {
    const expected = renumber(tree, numbering);
    return { size, expected, graph: graphOf(expected, size, extra), durations };
  });

/** Any acyclic graph, renumbered at random, with durations. */
const dagCaseArb = randomDagCases(1, fc.integer({ min: 1, max: 1000 })).map(({ size, graph, values }) => ({
  size,
  graph,
  durations: values,
}));

describe("toSeriesParallel: properties", () => {
  it("gives a series-parallel graph its own form back, so any durations run in the critical path", () => {
    fc.assert(
      fc.property(spCaseArb, ({ expected, graph: g, durations }) => {
        const tree = toSeriesParallel(g);
        expect(tree).toEqual(expected);
        for (const d of durations) expect(SeriesParallel.makespan(tree, d)).toBe(criticalPath(g, d));
      }),
      { seed: 20_260_501, numRuns: 300 },
    );
  });

  it("runs every node of any acyclic graph once, never before what it runs after, the same way every time", () => {
    fc.assert(
      fc.property(dagCaseArb, ({ size, graph: g, durations }) => {
        const tree = toSeriesParallel(g);
        expect(SeriesParallel.nodes(tree).sort((a, b) => a - b)).toEqual(
          Array.from({ length: size }, (_, v) => v),
        );
        expect(brokenEdges(g, tree)).toEqual([]);
        expect(SeriesParallel.makespan(tree, durations)).toBeGreaterThanOrEqual(criticalPath(g, durations));
        expect(toSeriesParallel(g)).toEqual(tree);
        checkCanonical(tree);
      }),
      { seed: 20_260_502, numRuns: 300 },
    );
  });
});

/** Series parts are never series, parallel parts never parallel, and every group has two parts or more. */
function checkCanonical(tree: SeriesParallel): void {
  if (tree.kind === "node") return;
  expect(tree.parts.length).toBeGreaterThanOrEqual(2);
  for (const part of tree.parts) {
    expect(part.kind).not.toBe(tree.kind);
    checkCanonical(part);
  }
}

function seeded(state: number): () => number {
  let a = state >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
