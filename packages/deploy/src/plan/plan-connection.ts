import { compare } from "../compare/resources.js";
import type { DesiredConnection } from "../desired/desired-state.js";
import { type DeployProblem, deployErrorCode } from "../errors.js";
import type { LiveConnection } from "../live/connections.js";
import type { PlanItem } from "./plan-items.js";
import { change } from "./plan-resources.js";

/*
 * A workflow's notification connection. Connections cannot be tagged, so ownership follows the
 * name: `<workflow>-notify` belongs to the workflow, and is this project's when the workflow's
 * state machine is. Before the state machine exists (a first deploy that stopped after creating
 * the connection), the connection must carry the description batchflow gives it; a connection
 * of that name with another description is someone else's and a conflict.
 */

/**
 * What can be compared: the API key's value is stored in a Secrets Manager secret and never
 * returned by DescribeConnection, so only its header name is. The value is a fixed, non-secret
 * string that Slack ignores; deploy re-sends it with every update.
 */
export function comparableConnection(desired: DesiredConnection) {
  return {
    Description: desired.input.Description,
    AuthorizationType: desired.input.AuthorizationType,
    AuthParameters: {
      ApiKeyAuthParameters: { ApiKeyName: desired.input.AuthParameters.ApiKeyAuthParameters.ApiKeyName },
    },
  };
}

export function planConnection(
  desired: DesiredConnection,
  live: LiveConnection | undefined,
  machine: PlanItem & { kind: "state-machine" },
): { item: PlanItem & { kind: "connection" }; problem?: DeployProblem | undefined } {
  const base = { kind: "connection" as const, desired, live };
  const about = `EventBridge connection of the Slack notifications (${desired.input.AuthorizationType}, header ${desired.input.AuthParameters.ApiKeyAuthParameters.ApiKeyName})`;
  const conflict = (reason: string) => ({
    item: {
      ...base,
      change: change("connection", desired.name, desired.workflow, "conflict", reason, { arn: live?.arn }),
    },
  });
  if (!live) {
    return {
      item: { ...base, change: change("connection", desired.name, desired.workflow, "create", about) },
    };
  }
  if (machine.change.action === "conflict") {
    return conflict(
      `connection ${desired.name} is named after workflow ${desired.workflow}, whose state machine this project does not own`,
    );
  }
  if (!machine.live && live.comparable.Description !== desired.input.Description) {
    return conflict(
      `connection ${desired.name} exists and was not created by batchflow for workflow ${desired.workflow} (its description is ${JSON.stringify(live.comparable.Description ?? "")})`,
    );
  }
  if (live.state === "DELETING") {
    return {
      item: {
        ...base,
        change: change("connection", desired.name, desired.workflow, "unchanged", live.state),
      },
      problem: {
        code: deployErrorCode.connectionNotUsable,
        message: `the EventBridge connection ${desired.name} is being deleted (DELETING)`,
        hint: "wait until EventBridge has deleted it (a minute at most), then deploy again: deploy creates it anew",
        workflow: desired.workflow,
      },
    };
  }
  const diff = compare("connection", comparableConnection(desired), live.comparable);
  // A connection whose secret was deleted or rejected is DEAUTHORIZED; updating it with its
  // API key authorizes it again.
  const reauthorize = live.state === "DEAUTHORIZED";
  const action = diff || reauthorize ? "update" : "unchanged";
  const summary =
    action === "unchanged"
      ? `${live.state}, ${about}`
      : reauthorize
        ? `${live.state}: deploy sends its API key again to authorize it`
        : about;
  return {
    item: {
      ...base,
      change: change("connection", desired.name, desired.workflow, action, summary, { diff, arn: live.arn }),
    },
  };
}
