import { type Branded, brand, isBranded } from "../ir/brand.js";
import { SequenceNode } from "../ir/flow-node.js";
import { WorkflowNode } from "../ir/workflow-node.js";
import type { WorkflowOptions } from "../ir/workflow-options.js";
import { SourceSite } from "../source/source-site.js";
import { assertOptions } from "../validate/assert-options.js";
import { workflowOptionsShape } from "../validate/shapes/workflow-options-shape.js";
import { definitionError } from "./definition-error.js";
import { type Flow, toFlowNode } from "./flow.js";

const nodeKey = Symbol.for("batchflow.workflow-node");
declare const jobNames: unique symbol;

/** A deployable workflow. `J` is the union of its job names. */
export interface Workflow<J extends string = string> extends Branded<"workflow"> {
  readonly name: string;
  readonly [nodeKey]: WorkflowNode;
  readonly [jobNames]?: J;
  toNode(): WorkflowNode;
}

/**
 * A named job graph with its schedule, cluster, network and job defaults: one state machine.
 * Export it from a file under `workflows/` and `batchflow compile` finds it.
 *
 * @example
 * export const hourly = workflow("ads-hourly", {
 *   schedule: cron("35 * * * *"), // or several: [cron("0 9 1-7 * *"), cron("0 9 * * 1")]
 *   cluster: "batch",
 *   network: { subnets: ["subnet-hoge"], securityGroups: ["sg-hoge"] },
 *   defaults: { task: batch, command: (name) => ["make", "run", name], timeout: "30m" },
 * }, job("hoge").then(parallel(job("fuga"), job("foo"))));
 */
export function workflow<J extends string>(
  name: string,
  options: WorkflowOptions,
  body: Flow<J> | ReadonlyArray<Flow<J>>,
): Workflow<J> {
  const site = SourceSite.capture();
  if (typeof name !== "string") {
    throw definitionError(
      "BF1005",
      `workflow() takes a name string first, not ${typeof name}`,
      'write workflow("name", { ... }, job("first"))',
    );
  }
  if (typeof options !== "object" || options === null) {
    throw definitionError(
      "BF1005",
      `workflow("${name}") takes an options object second`,
      'write workflow("name", { cluster: "batch", ... }, job("first"))',
    );
  }
  assertOptions(options, workflowOptionsShape, `workflow("${name}") options`);
  if (Array.isArray(options.schedule) && options.schedule.length === 0) {
    throw definitionError(
      "BF1113",
      `workflow("${name}") options: schedule is an empty list`,
      'give it one schedule or more, e.g. schedule: [cron("0 9 * * *")], or leave schedule out for a workflow that is started by hand',
    );
  }
  const bodyNode = Array.isArray(body)
    ? SequenceNode.create(
        body.map((b, i) => toFlowNode(b, `workflow("${name}") body[${i}]`)),
        site,
      )
    : toFlowNode(body, `workflow("${name}")`);
  const node = WorkflowNode.create(name, options, bodyNode, site);
  return Object.freeze({ [brand]: "workflow" as const, name, [nodeKey]: node, toNode: () => node });
}

/** True for any batchflow workflow, whichever copy of the package made it. */
export function isWorkflow(value: unknown): value is Workflow {
  return isBranded(value, "workflow") && typeof (value as Partial<Workflow>).toNode === "function";
}
