import { type ResolvedLock, type ResolvedWorkflow, resolvedJobSteps } from "@batchflow/core";

/** Every lock a workflow takes: its own and its jobs', in definition order. */
export function workflowLocks(workflow: ResolvedWorkflow): ResolvedLock[] {
  const locks: ResolvedLock[] = workflow.lock ? [workflow.lock] : [];
  for (const step of resolvedJobSteps(workflow.body)) if (step.lock) locks.push(step.lock);
  return locks;
}
