/*
 * The notify machine: one small state machine per workflow with notifications (`<workflow>-notify`),
 * started by an EventBridge rule of the same name whenever an execution of the workflow ends. It
 * asks Step Functions how the run ended and sends the message; the workflow's own definition holds
 * no notification state and ends exactly as its flow does
 * (docs/design/locks-and-notifications.md#notifications).
 */

import { assertNever, type NotifyEvent, type ResolvedNotify } from "@batchflow/core";
import type { State, StateMachine } from "../asl/asl-types.js";
import { emitNotify } from "../emit/notify-emitter.js";
import { notifyGraph } from "../lower/notify-states.js";
import { type StateRole, stateRoles } from "../lower/state-roles.js";
import { stateMachineArn } from "../naming.js";

/** The notify machine's name; its rule and the role the rule starts it with have the same. */
export function notifyMachineName(workflow: string): string {
  return `${workflow}-notify`;
}

/** What `compile()` returns of a workflow's notify machine. */
export interface NotifyMachine {
  readonly definition: StateMachine;
  /** What each of its states is for, by state name. */
  readonly stateRoles: Readonly<Record<string, StateRole>>;
  /** The execution statuses its rule starts it for (`SUCCEEDED`, `FAILED`, `TIMED_OUT`, `ABORTED`). */
  readonly statuses: ReadonlyArray<string>;
}

export function notifyMachine(workflow: string, notify: ResolvedNotify): NotifyMachine {
  const graph = notifyGraph(workflow, notify);
  const states: Record<string, State> = {};
  for (const node of graph.states) {
    switch (node.type) {
      case "notify":
        states[node.name] = emitNotify(node);
        break;
      case "succeed":
        states[node.name] = { Type: "Succeed" };
        break;
      default:
        throw new Error(`internal error: a ${node.type} state in the notify machine`);
    }
  }
  return {
    definition: {
      Comment: `batchflow notifications of workflow ${workflow}: the message for how a run ended (docs/design/locks-and-notifications.md)`,
      QueryLanguage: "JSONPath",
      StartAt: graph.startAt,
      States: states,
    },
    stateRoles: stateRoles(graph),
    statuses: statusesFor(notify.on),
  };
}

/** The "Step Functions Execution Status Change" statuses that can lead to a message for `on`. */
function statusesFor(on: ReadonlyArray<NotifyEvent>): string[] {
  const statuses = new Set<string>();
  for (const event of on) {
    switch (event) {
      case "success":
        statuses.add("SUCCEEDED");
        break;
      case "failure":
        statuses.add("FAILED").add("ABORTED");
        break;
      // A job's or a group's timeout fails the execution; the execution's own timeout times it out.
      case "timeout":
        statuses.add("FAILED").add("TIMED_OUT");
        break;
      default:
        assertNever(event);
    }
  }
  return [...statuses].sort();
}

/** The target id of the notify machine on its rule. */
export const notifyTargetId = "notify-machine";

/** EventBridge PutRule + PutTargets inputs of the rule that starts the notify machine. */
export interface NotifyRule {
  readonly rule: {
    readonly Name: string;
    readonly EventPattern: string;
    readonly State: "ENABLED";
    readonly Description: string;
  };
  readonly targets: {
    readonly Rule: string;
    readonly Targets: ReadonlyArray<{ readonly Id: string; readonly Arn: string; readonly RoleArn: string }>;
  };
}

/**
 * The rule: the workflow's executions ending as `on` asks; the event itself is the notify machine's
 * input. `roleArn` is the role EventBridge starts it with (`<workflow>-notify`).
 */
export function notifyRule(workflow: string, on: ReadonlyArray<NotifyEvent>, roleArn: string): NotifyRule {
  const name = notifyMachineName(workflow);
  const pattern = {
    source: ["aws.states"],
    "detail-type": ["Step Functions Execution Status Change"],
    detail: { stateMachineArn: [stateMachineArn(workflow)], status: statusesFor(on) },
  };
  return {
    rule: {
      Name: name,
      EventPattern: JSON.stringify(pattern),
      State: "ENABLED",
      Description: `batchflow: notifications of workflow ${workflow}`,
    },
    targets: { Rule: name, Targets: [{ Id: notifyTargetId, Arn: stateMachineArn(name), RoleArn: roleArn }] },
  };
}
