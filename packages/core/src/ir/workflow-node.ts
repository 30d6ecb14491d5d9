import type { SourceSite } from "../source/source-site.js";
import type { FlowNode } from "./flow-node.js";
import type { WorkflowOptions } from "./workflow-options.js";

/** A named, deployable job graph: one state machine, its task definitions and schedule. */
export interface WorkflowNode {
  readonly kind: "workflow";
  readonly name: string;
  readonly options: WorkflowOptions;
  readonly body: FlowNode;
  readonly site?: SourceSite | undefined;
}

export const WorkflowNode = {
  create(name: string, options: WorkflowOptions, body: FlowNode, site?: SourceSite): WorkflowNode {
    return Object.freeze({ kind: "workflow", name, options: Object.freeze({ ...options }), body, site });
  },
};
