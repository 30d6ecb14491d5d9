import { assertNever } from "../ir/flow-node.js";
import type { ResolvedFlow, ResolvedJobStep } from "./resolved-workflow.js";

/**
 * Every job step of a resolved flow, into groups and maps, each node's catch handlers before the
 * node itself: the order the locks of a workflow are listed in.
 */
export function resolvedJobSteps(flow: ResolvedFlow, out: ResolvedJobStep[] = []): ResolvedJobStep[] {
  for (const c of flow.catch) resolvedJobSteps(c.handler, out);
  switch (flow.kind) {
    case "job":
      out.push(flow);
      break;
    case "sequence":
      for (const step of flow.steps) resolvedJobSteps(step, out);
      break;
    case "parallel":
      for (const branch of flow.branches) resolvedJobSteps(branch, out);
      break;
    case "map":
      resolvedJobSteps(flow.body, out);
      break;
    default:
      assertNever(flow);
  }
  return out;
}
