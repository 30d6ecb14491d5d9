import { DeregisterTaskDefinitionCommand } from "@aws-sdk/client-ecs";
import {
  DeleteConnectionCommand,
  DeleteRuleCommand,
  ListTargetsByRuleCommand,
  RemoveTargetsCommand,
} from "@aws-sdk/client-eventbridge";
import { DeleteRoleCommand, DeleteRolePolicyCommand, ListRolePoliciesCommand } from "@aws-sdk/client-iam";
import { DeleteScheduleCommand } from "@aws-sdk/client-scheduler";
import { DeleteStateMachineCommand } from "@aws-sdk/client-sfn";
import { awsCall, awsDelete } from "../aws/aws-call.js";
import type { AwsClients } from "../aws/clients.js";
import { notFound } from "../live/not-found.js";
import { activeRevisions } from "../live/task-definitions.js";
import { mapLimit } from "../util/map-limit.js";
import { deleteService } from "./apply-service.js";
import type { Item } from "./apply-steps.js";

/**
 * Deletes what a plan marked `delete` (with prune, or a workflow's replaced trigger), "already
 * gone" counting as done so an interrupted prune can be run again: a rule's targets before the
 * rule, every ACTIVE revision of a family, a role's inline policies before the role.
 */
export async function applyDelete(clients: AwsClients, item: Item<"delete">, limit: number): Promise<string> {
  const { change } = item;
  const ctx = (action: string) => ({
    action,
    resource: `${change.type} ${change.name}`,
    workflow: change.workflow,
  });
  switch (change.type) {
    case "schedule":
      await awsDelete(ctx("scheduler:DeleteSchedule"), notFound.resource, () =>
        clients.scheduler.send(new DeleteScheduleCommand({ Name: change.name, GroupName: item.group })),
      );
      return "deleted";
    case "rule": {
      const targets = await awsCall(ctx("events:ListTargetsByRule"), async () => {
        try {
          return (
            (await clients.events.send(new ListTargetsByRuleCommand({ Rule: change.name }))).Targets ?? []
          );
        } catch (error) {
          if (notFound.resource(error)) return [];
          throw error;
        }
      });
      const ids = targets.map((t) => t.Id).filter((id): id is string => id !== undefined);
      if (ids.length > 0) {
        await awsDelete(ctx("events:RemoveTargets"), notFound.resource, () =>
          clients.events.send(new RemoveTargetsCommand({ Rule: change.name, Ids: ids })),
        );
      }
      await awsDelete(ctx("events:DeleteRule"), notFound.resource, () =>
        clients.events.send(new DeleteRuleCommand({ Name: change.name })),
      );
      return ids.length > 0 ? `deleted with ${ids.length} target${ids.length === 1 ? "" : "s"}` : "deleted";
    }
    case "connection":
      await awsDelete(ctx("events:DeleteConnection"), notFound.resource, () =>
        clients.events.send(new DeleteConnectionCommand({ Name: change.name })),
      );
      return "deleted";
    case "service":
      return deleteService(clients, item);
    case "state-machine":
      await awsDelete(ctx("states:DeleteStateMachine"), notFound.stateMachine, () =>
        clients.sfn.send(new DeleteStateMachineCommand({ stateMachineArn: change.arn })),
      );
      return "deleted";
    case "task-definition": {
      const arns = await activeRevisions(clients, change.name, change.workflow);
      await mapLimit(arns, limit, (arn) =>
        awsDelete(ctx("ecs:DeregisterTaskDefinition"), notFound.taskDefinition, () =>
          clients.ecs.send(new DeregisterTaskDefinitionCommand({ taskDefinition: arn })),
        ),
      );
      return `deregistered ${arns.length} revision${arns.length === 1 ? "" : "s"}`;
    }
    case "role": {
      const policies = await awsCall(ctx("iam:ListRolePolicies"), async () => {
        try {
          return (
            (await clients.iam.send(new ListRolePoliciesCommand({ RoleName: change.name }))).PolicyNames ?? []
          );
        } catch (error) {
          if (notFound.iam(error)) return [];
          throw error;
        }
      });
      for (const name of policies) {
        await awsDelete(ctx("iam:DeleteRolePolicy"), notFound.iam, () =>
          clients.iam.send(new DeleteRolePolicyCommand({ RoleName: change.name, PolicyName: name })),
        );
      }
      await awsDelete(ctx("iam:DeleteRole"), notFound.iam, () =>
        clients.iam.send(new DeleteRoleCommand({ RoleName: change.name })),
      );
      return "deleted";
    }
    default:
      return "nothing to do";
  }
}
