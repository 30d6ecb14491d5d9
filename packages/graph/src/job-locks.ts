import { assertNever, type ResolvedFlow, type ResolvedLock } from "@batchflow/core";

/** Each locked job's lock, from the resolved flow (where job locks have their defaults applied). */
export function jobLocks(
  flow: ResolvedFlow,
  out = new Map<string, ResolvedLock>(),
): Map<string, ResolvedLock> {
  switch (flow.kind) {
    case "job":
      if (flow.lock !== undefined) out.set(flow.job.name, flow.lock);
      break;
    case "sequence":
      for (const step of flow.steps) jobLocks(step, out);
      break;
    case "parallel":
      for (const branch of flow.branches) jobLocks(branch, out);
      break;
    case "map":
      jobLocks(flow.body, out);
      break;
    default:
      assertNever(flow);
  }
  for (const c of flow.catch) jobLocks(c.handler, out);
  return out;
}
