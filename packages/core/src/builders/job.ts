import { type DependencyRef, JobNode } from "../ir/flow-node.js";
import type { JobOptions } from "../ir/job-options.js";
import { SourceSite } from "../source/source-site.js";
import { assertOptions } from "../validate/assert-options.js";
import { jobOptionsShape } from "../validate/shapes/job-options-shape.js";
import { definitionError } from "./definition-error.js";
import { Flow, isFlow, toFlowNode } from "./flow.js";

/**
 * One container run. Options not given come from the workflow's `defaults`, then the project config.
 *
 * @example
 * job("hoge")
 * job("report", { command: ["node", "report.js"], timeout: "30m", env: { DATE: input("date") } })
 * job("load", { after: [extract, transform] }) // in a dag(...): starts when both have succeeded
 *
 * ASL: a Task state named after the job, `"Resource": "arn:${AWS::Partition}:states:::ecs:runTask.sync"`,
 * with the command and environment as container overrides and `"TimeoutSeconds"` always set.
 */
export function job<const N extends string>(name: N, options: JobOptions = {}): Flow<N> {
  if (typeof name !== "string") {
    throw definitionError(
      "BF1004",
      `job() takes a name string first, not ${typeof name}`,
      'write job("name", { ... })',
    );
  }
  if (typeof options !== "object" || options === null) {
    throw definitionError(
      "BF1004",
      `job("${name}") takes an options object second`,
      'write job("name", { command: [...] })',
    );
  }
  assertOptions(options, jobOptionsShape, `job("${name}") options`);
  return new Flow<N>(JobNode.create(name, options, SourceSite.capture(), dependencies(name, options.after)));
}

/** The jobs named in `after:`; anything but a list of jobs is refused at the call. */
function dependencies(name: string, after: unknown): DependencyRef[] {
  if (after === undefined) return [];
  if (!Array.isArray(after)) {
    const what = isFlow(after) ? "a single flow" : after === null ? "null" : typeof after;
    throw definitionError(
      "BF1010",
      `job("${name}") takes after: as a list of jobs, not ${what}`,
      `write job("${name}", { after: [extract, load] }) with the flows job("extract") and job("load") returned`,
    );
  }
  return after.map((ref: unknown, i) => {
    const node = toFlowNode(ref, `job("${name}") after[${i}]`);
    if (node.kind !== "job") {
      throw definitionError(
        "BF1010",
        `job("${name}") after[${i}] is a ${node.kind}, not a job`,
        'list the jobs themselves, e.g. after: [a, b] with a = job("a"); a dependency is one job',
      );
    }
    return { name: node.name, site: node.site };
  });
}
