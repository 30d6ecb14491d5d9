import type { DesiredStateMachine, DesiredWorkflow } from "../desired/desired-state.js";
import type { LiveStateMachine } from "../live/state-machines.js";
import { madeForWorkflow } from "../tags.js";
import type { PlanItem } from "./plan-items.js";
import { change, machineAbout, stateMachineChange } from "./plan-resources.js";

/*
 * A workflow's machines beside its state machine (`<workflow>-locks`, `<workflow>-notify`): each is
 * planned as a state machine of its own, and deleted by a plain deploy when the workflow stops
 * using it.
 */

type MachineKind = "lock" | "notify";

/**
 * The lock or notify machine of a workflow that has one: create, update, unchanged or conflict.
 * `written` is the definition as apply writes it (the notify machine's connection ARN filled in).
 */
export function planMachine<K extends `${MachineKind}-machine`>(
  kind: K,
  project: string,
  w: DesiredWorkflow,
  desired: DesiredStateMachine,
  written: DesiredStateMachine,
  live: LiveStateMachine | undefined,
): PlanItem & { kind: K } {
  const label = kind === "lock-machine" ? "lock machine" : "notify machine";
  return {
    kind,
    desired,
    bundleHash: w.bundleHash,
    live,
    change: stateMachineChange(
      project,
      w.name,
      written,
      live,
      `${label} of ${w.name}: ${machineAbout(desired)}`,
    ),
  } as PlanItem & { kind: K };
}

/**
 * The delete of a machine the workflow no longer uses, when it is this project's and was made for
 * this workflow (its `batchflow:workflow` tag); one of that name made by anyone else is not ours
 * and is left alone.
 */
export function planDroppedMachine(
  machine: MachineKind,
  project: string,
  workflow: string,
  live: LiveStateMachine | undefined,
  why: string,
): (PlanItem & { kind: "delete" }) | undefined {
  if (!live || !madeForWorkflow(live.tags, project, workflow)) return undefined;
  return {
    kind: "delete",
    machine,
    change: change("state-machine", live.name, workflow, "delete", why, { arn: live.arn }),
  };
}
