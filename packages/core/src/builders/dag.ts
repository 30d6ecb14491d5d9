import { DagNode, type JobNode } from "../ir/flow-node.js";
import { SourceSite } from "../source/source-site.js";
import { definitionError } from "./definition-error.js";
import { Flow, toFlowNode } from "./flow.js";
import type { JobsOf } from "./groups.js";

/**
 * The flow made of `jobs`, each started as soon as every job in its `after:` list has succeeded.
 * List the jobs in any order. Use it wherever a flow goes: a workflow body, a branch of
 * `parallel()`, after `.then()`; `.retry()`, `.catch()` and `.timeout()` act on it as on any group.
 *
 * @example
 * const a = job("a");
 * const b = job("b");
 * const c = job("c", { after: [a] });
 * const d = job("d", { after: [a, b] });
 * dag(a, b, c, d)
 *
 * ASL: sequences and nested `Parallel` states with exactly the dependencies' parallelism when
 * the graph is series-parallel. This "N" is not, so one ordering is added (c also waits for b):
 * "parallel-a-b" (Branches a | b) → "parallel-c-d" (Branches c | d). A graph with a cycle is
 * BF1214; see docs/design/dag-lowering.md for how the form is chosen.
 */
export function dag<const F extends ReadonlyArray<Flow>>(...jobs: F): Flow<JobsOf<F[number]>> {
  const site = SourceSite.capture();
  const members = jobs.map((flow, i): JobNode => {
    const node = toFlowNode(flow, `dag() argument ${i + 1}`);
    if (node.kind !== "job") {
      throw definitionError(
        "BF1010",
        `dag() argument ${i + 1} is a ${node.kind}, not a job; a dag() is made of jobs`,
        'pass each job on its own and say what it waits for: dag(a, job("b", { after: [a] }))',
      );
    }
    return node;
  });
  return new Flow(DagNode.create(members, site));
}
