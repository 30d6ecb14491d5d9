// For the dag property tests only (not exported from the package): fast-check is a dev dependency.
import fc from "fast-check";
import { DependencyGraph } from "./dependency-graph.js";

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
