import type { ResolvedSchedule, ResolvedWorkflow } from "@batchflow/core";

/** The schedules that start a workflow, in the order given: each is its own rule or Scheduler schedule. */
export function schedulesOf(workflow: ResolvedWorkflow): ReadonlyArray<ResolvedSchedule> {
  return workflow.schedules;
}
