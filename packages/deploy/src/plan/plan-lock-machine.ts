import type { DesiredStateMachine, DesiredWorkflow } from "../desired/desired-state.js";
import type { LiveStateMachine } from "../live/state-machines.js";
import type { PlanItem } from "./plan-items.js";
import { planDroppedMachine, planMachine } from "./plan-machine.js";

/*
 * A workflow's lock machine, `<workflow>-locks`: the small state machine its lock states call
 * (`startExecution.sync:2`) to take and give back a lock. Shown as a state machine of its own,
 * compared like one (definition, role, type), created and updated before the workflow's state
 * machine, which calls it.
 */

/** The lock machine of a workflow with locks: create, update, unchanged or conflict. */
export function planLockMachine(
  project: string,
  w: DesiredWorkflow,
  desired: DesiredStateMachine,
  live: LiveStateMachine | undefined,
): PlanItem & { kind: "lock-machine" } {
  return planMachine("lock-machine", project, w, desired, desired, live);
}

/**
 * The lock machine left by a workflow that no longer has locks: deleted by a plain deploy, once
 * the state machine no longer calls it, when it is this project's and was made for this workflow.
 */
export function planDroppedLockMachine(
  project: string,
  workflow: string,
  live: LiveStateMachine | undefined,
): (PlanItem & { kind: "delete" }) | undefined {
  return planDroppedMachine("lock", project, workflow, live, "the workflow no longer has locks");
}
