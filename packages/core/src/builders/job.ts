import { JobNode } from "../ir/flow-node.js";
import type { JobOptions } from "../ir/job-options.js";
import { SourceSite } from "../source/source-site.js";
import { definitionError } from "./definition-error.js";
import { Flow } from "./flow.js";

/**
 * One container run. Options not given come from the workflow's `defaults`, then the project config.
 *
 * @example
 * job("hoge")
 * job("report", { command: ["node", "report.js"], timeout: "30m", env: { DATE: input("date") } })
 *
 * ASL: a Task state named after the job, `"Resource": "arn:aws:states:::ecs:runTask.sync"`,
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
  return new Flow<N>(JobNode.create(name, options, SourceSite.capture()));
}
