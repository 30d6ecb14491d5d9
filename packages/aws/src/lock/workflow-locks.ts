import { assertNever, type ResolvedFlow, type ResolvedLock, type ResolvedWorkflow } from "@batchflow/core";

/** Every lock a workflow takes: its own and its jobs', in definition order. */
export function workflowLocks(workflow: ResolvedWorkflow): ResolvedLock[] {
  const locks: ResolvedLock[] = workflow.lock ? [workflow.lock] : [];
  const visit = (flow: ResolvedFlow): void => {
    for (const c of flow.catch) visit(c.handler);
    switch (flow.kind) {
      case "job":
        if (flow.lock) locks.push(flow.lock);
        break;
      case "sequence":
        flow.steps.forEach(visit);
        break;
      case "parallel":
        flow.branches.forEach(visit);
        break;
      case "map":
        visit(flow.body);
        break;
      default:
        assertNever(flow);
    }
  };
  visit(workflow.body);
  return locks;
}
