import { notifyMachineName } from "@batchflow/aws";
import type { DesiredStateMachine, DesiredWorkflow } from "../desired/desired-state.js";
import type { FoundRule } from "../live/rules.js";
import type { LiveStateMachine } from "../live/state-machines.js";
import { fillConnectionArn } from "../resolve/connection-arn.js";
import { madeForWorkflow } from "../tags.js";
import type { PlanItem } from "./plan-items.js";
import { planDroppedMachine, planMachine } from "./plan-machine.js";
import { change } from "./plan-resources.js";

/*
 * A workflow's notify machine, `<workflow>-notify`: the small state machine that sends its
 * notifications, started by the EventBridge rule of the same name when an execution of the
 * workflow ends. The machine is shown and compared as a state machine of its own, with the
 * notification connection's ARN filled in as apply will write it; the rule is planned as any rule
 * (planRule: its event pattern and its target).
 */

/** The notify machine of a workflow with notifications: create, update, unchanged or conflict. */
export function planNotifyMachine(
  project: string,
  w: DesiredWorkflow,
  desired: DesiredStateMachine,
  live: LiveStateMachine | undefined,
  connectionArn: string | undefined,
): PlanItem & { kind: "notify-machine" } {
  const written = { ...desired, definition: fillConnectionArn(desired.definition, connectionArn) };
  return planMachine("notify-machine", project, w, desired, written, live);
}

/**
 * The notify rule and machine left by a workflow that no longer sends notifications: deleted by a
 * plain deploy (the rule with its targets first, then the machine it started), each only when it
 * is this project's and was made for this workflow (its `batchflow:workflow` tag). One of that
 * name made by anyone else is not ours and is left alone.
 */
export function planDroppedNotify(
  project: string,
  workflow: string,
  machine: LiveStateMachine | undefined,
  rule: FoundRule | undefined,
): Array<PlanItem & { kind: "delete" }> {
  const why = "the workflow no longer sends notifications";
  return [
    ...(rule && madeForWorkflow(rule.tags, project, workflow)
      ? [
          {
            kind: "delete" as const,
            change: change("rule", notifyMachineName(workflow), workflow, "delete", why, { arn: rule.arn }),
          },
        ]
      : []),
    ...[planDroppedMachine("notify", project, workflow, machine, why)].filter((item) => item !== undefined),
  ];
}
