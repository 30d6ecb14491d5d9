import { type ResolvedLock, type ResolvedWorkflow, resolvedJobSteps } from "@batchflow/core";

// A compile asks for them several times (names, policies, the lock table): one walk of the jobs.
const found = new WeakMap<ResolvedWorkflow, ReadonlyArray<ResolvedLock>>();

/** Every lock a workflow takes: its own and its jobs', in definition order. */
export function workflowLocks(workflow: ResolvedWorkflow): ReadonlyArray<ResolvedLock> {
  let locks = found.get(workflow);
  if (locks === undefined) {
    const list: ResolvedLock[] = workflow.lock ? [workflow.lock] : [];
    for (const step of resolvedJobSteps(workflow.body)) if (step.lock) list.push(step.lock);
    locks = list;
    found.set(workflow, locks);
  }
  return locks;
}
