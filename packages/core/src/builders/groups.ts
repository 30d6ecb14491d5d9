import { ParallelNode, SequenceNode } from "../ir/flow-node.js";
import { SourceSite } from "../source/source-site.js";
import { Flow, toFlowNode } from "./flow.js";

/** The job names of a flow type: `JobsOf<Flow<"a" | "b">>` is `"a" | "b"`. */
export type JobsOf<F> = F extends Flow<infer J> ? J : never;

/**
 * Runs flows one after another: `sequence(a, b, c)` is `a.then(b).then(c)`.
 *
 * ASL: the states of each flow, linked by `Next`.
 */
export function sequence<const F extends ReadonlyArray<Flow>>(...steps: F): Flow<JobsOf<F[number]>> {
  const site = SourceSite.capture();
  return new Flow(
    SequenceNode.create(
      steps.map((s, i) => toFlowNode(s, `sequence() argument ${i + 1}`)),
      site,
    ),
  );
}

/**
 * Runs flows at the same time; the group succeeds when all succeed and fails when one fails
 * (the others are stopped).
 *
 * @example
 * parallel(job("fuga"), job("foo"))
 *
 * ASL: a `Parallel` state with one branch per flow and `"ResultPath": null`, so the next state
 * gets the same input.
 */
export function parallel<const F extends ReadonlyArray<Flow>>(...branches: F): Flow<JobsOf<F[number]>> {
  const site = SourceSite.capture();
  return new Flow(
    ParallelNode.create(
      branches.map((b, i) => toFlowNode(b, `parallel() argument ${i + 1}`)),
      site,
    ),
  );
}
