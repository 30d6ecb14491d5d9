import { DependencyGraph } from "../dag/dependency-graph.js";
import { findCycles } from "../dag/find-cycles.js";
import type { SeriesParallel } from "../dag/series-parallel.js";
import { toSeriesParallel } from "../dag/to-series-parallel.js";
import type { DiagnosticSink } from "../diagnostics/diagnostic-sink.js";
import type { DagNode } from "../ir/flow-node.js";

/**
 * The dependency graph among a dag's own jobs: node `i` is `node.jobs[i]`, an edge for each `after:`
 * entry naming another member. Entries naming jobs outside the dag are `checkDependencies`' business.
 */
export function dagGraph(node: DagNode): DependencyGraph {
  const index = new Map<string, number>();
  node.jobs.forEach((member, i) => {
    if (!index.has(member.name)) index.set(member.name, i);
  });
  return DependencyGraph.create(
    node.jobs.map((member) => member.after.flatMap((ref) => index.get(ref.name) ?? [])),
  );
}

/** Reports every cycle among a dag's jobs (BF1214); true when there is none. */
export function checkCycles(node: DagNode, graph: DependencyGraph, sink: DiagnosticSink): boolean {
  const cycles = findCycles(graph);
  for (const cycle of cycles) {
    const names = cycle.map((i) => node.jobs[i]!.name);
    const first = node.jobs[cycle[0]!]!;
    sink.report({
      code: "BF1214",
      message:
        cycle.length === 1
          ? `job "${first.name}" runs after itself: ${first.name} → ${first.name}`
          : `the dependencies form a cycle: ${[...names, names[0]].join(" → ")}`,
      hint:
        cycle.length === 1
          ? `remove "${first.name}" from its own after: list`
          : "a job cannot wait for itself, even through others; remove one of these after: entries",
      job: first.name,
      site: first.site,
    });
  }
  return cycles.length === 0;
}

/**
 * The series-parallel form the dag runs as, its jobs' timeouts (in seconds) standing for their
 * expected durations: the only compile-time hint at which jobs are long.
 */
export function dagOrder(graph: DependencyGraph, timeoutSeconds: ReadonlyArray<number>): SeriesParallel {
  return toSeriesParallel(graph, { weights: timeoutSeconds });
}
