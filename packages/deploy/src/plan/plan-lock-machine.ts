import type { DesiredStateMachine, DesiredWorkflow } from "../desired/desired-state.js";
import type { LiveStateMachine } from "../live/state-machines.js";
import { madeForWorkflow } from "../tags.js";
import type { PlanItem } from "./plan-items.js";
import { change, machineAbout, stateMachineChange } from "./plan-resources.js";

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
  return {
    kind: "lock-machine",
    desired,
    bundleHash: w.bundleHash,
    live,
    change: stateMachineChange(
      project,
      w.name,
      desired,
      live,
      `lock machine of ${w.name}: ${machineAbout(desired)}`,
    ),
  };
}

/**
 * The lock machine left by a workflow that no longer has locks: deleted by a plain deploy, once
 * the state machine no longer calls it, when it is this project's and was made for this workflow
 * (its `batchflow:workflow` tag). A state machine of that name made by anyone else is not ours
 * and is left alone.
 */
export function planDroppedLockMachine(
  project: string,
  workflow: string,
  live: LiveStateMachine | undefined,
): (PlanItem & { kind: "delete" }) | undefined {
  if (!live || !madeForWorkflow(live.tags, project, workflow)) return undefined;
  return {
    kind: "delete",
    machine: "lock",
    change: change("state-machine", live.name, workflow, "delete", "the workflow no longer has locks", {
      arn: live.arn,
    }),
  };
}
