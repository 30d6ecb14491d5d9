import type { ResolvedSchedule, ResolvedWorkflow } from "@batchflow/core";

/** The schedules that start a workflow: one today; a list, so that several can be explained alike. */
export function schedulesOf(workflow: ResolvedWorkflow): ReadonlyArray<ResolvedSchedule> {
  return workflow.schedule === undefined ? [] : [workflow.schedule];
}
