import { type ResolvedFlow, type ResolvedLock, resolvedJobSteps } from "@batchflow/core";

/** Each locked job's lock, from the resolved flow (where job locks have their defaults applied). */
export function jobLocks(flow: ResolvedFlow): Map<string, ResolvedLock> {
  const locks = new Map<string, ResolvedLock>();
  for (const step of resolvedJobSteps(flow)) if (step.lock !== undefined) locks.set(step.job.name, step.lock);
  return locks;
}
