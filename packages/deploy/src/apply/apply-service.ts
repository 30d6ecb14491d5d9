import {
  CreateServiceCommand,
  type CreateServiceCommandInput,
  DeleteServiceCommand,
  TagResourceCommand,
  UpdateServiceCommand,
} from "@aws-sdk/client-ecs";
import { awsCall, awsDelete } from "../aws/aws-call.js";
import type { AwsClients } from "../aws/clients.js";
import { desiredPlacement, livePlacement } from "../compare/capacity-strategy.js";
import { DeployError, deployErrorCode } from "../errors.js";
import { notFound } from "../live/not-found.js";
import type { AwsEnvironment } from "../resolve/environment.js";
import { lowerTagList, ownershipTags } from "../tags.js";
import type { Item } from "./apply-steps.js";

/**
 * Creates a service (with the ownership tags, which ECS also puts on its tasks) or updates it:
 * the bundle tag first, then UpdateService with the task definition revision deploy registered
 * or found, the desired count, network and deployment settings, and a Spot service's strategy.
 * A new strategy takes effect only with a new deployment (ECS does not start one for it), so
 * deploy forces one when the strategy changed, and only then.
 */
export async function applyService(
  clients: AwsClients,
  project: string,
  item: Item<"service">,
  revisions: ReadonlyMap<string, string>,
  env: AwsEnvironment,
): Promise<string> {
  const { desired, live } = item;
  const { input } = desired;
  const family = desired.taskDefinition.family;
  const revision = revisions.get(family);
  if (revision === undefined) throw new Error(`no revision of ${family} for service ${desired.name}`);
  // The revision's ARN, as ECS answers it: what plan compares the next deploy against.
  const taskDefinition = `arn:${env.partition}:ecs:${env.region}:${env.accountId}:task-definition/${family}:${revision}`;
  const ctx = (action: string) => ({
    action,
    resource: `service ${desired.name} of cluster ${input.cluster}`,
    workflow: desired.name,
    write: true,
  });
  // The SDK's input types are mutable; the bundle's are read-only JSON.
  const sent = JSON.parse(JSON.stringify({ ...input, taskDefinition })) as CreateServiceCommandInput;
  const tags = lowerTagList(ownershipTags(project, desired.name, item.bundleHash));
  if (item.change.action === "create") {
    if (live && live.status !== "ACTIVE") {
      throw new DeployError({
        code: deployErrorCode.serviceDraining,
        message: `service ${desired.name} of cluster ${input.cluster} is ${live.status}: ECS is still deleting it`,
        hint: "ECS deletes a service once its tasks have stopped; deploy again in a few minutes",
        workflow: desired.name,
      });
    }
    await awsCall(ctx("ecs:CreateService"), () =>
      clients.ecs.send(new CreateServiceCommand({ ...sent, tags })),
    );
    return `created, ${input.desiredCount} task${input.desiredCount === 1 ? "" : "s"} of ${family}:${revision}`;
  }
  await awsCall(ctx("ecs:TagResource"), () =>
    clients.ecs.send(new TagResourceCommand({ resourceArn: live?.arn, tags })),
  );
  const strategy = sent.capacityProviderStrategy;
  const newStrategy =
    strategy !== undefined &&
    live !== undefined &&
    JSON.stringify(livePlacement(live.service)) !== JSON.stringify(desiredPlacement(input));
  await awsCall(ctx("ecs:UpdateService"), () =>
    clients.ecs.send(
      new UpdateServiceCommand({
        cluster: sent.cluster,
        service: desired.name,
        taskDefinition,
        desiredCount: sent.desiredCount,
        platformVersion: sent.platformVersion,
        networkConfiguration: sent.networkConfiguration,
        deploymentConfiguration: sent.deploymentConfiguration ?? {
          minimumHealthyPercent: 100,
          maximumPercent: 200,
        },
        propagateTags: sent.propagateTags,
        ...(strategy === undefined ? {} : { capacityProviderStrategy: strategy }),
        ...(newStrategy ? { forceNewDeployment: true } : {}),
      }),
    ),
  );
  return `updated, ${input.desiredCount} task${input.desiredCount === 1 ? "" : "s"} of ${family}:${revision}`;
}

/**
 * Deletes a service with `force` (ECS stops its tasks itself, whatever desiredCount was); a
 * service or cluster already gone, or a service already being deleted, counts as done.
 */
export async function deleteService(clients: AwsClients, item: Item<"delete">): Promise<string> {
  const { change } = item;
  await awsDelete(
    { action: "ecs:DeleteService", resource: `service ${change.name}`, workflow: change.workflow },
    notFound.service,
    () =>
      clients.ecs.send(
        new DeleteServiceCommand({ cluster: item.cluster, service: change.name, force: true }),
      ),
  );
  return "deleted (its tasks are stopped by ECS)";
}
