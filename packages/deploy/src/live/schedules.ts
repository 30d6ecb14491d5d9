import {
  GetScheduleCommand,
  type GetScheduleCommandOutput,
  GetScheduleGroupCommand,
  ListTagsForResourceCommand,
} from "@aws-sdk/client-scheduler";
import { awsFind } from "../aws/aws-call.js";
import type { AwsClients } from "../aws/clients.js";
import { type Tags, tagsFromUpper } from "../tags.js";
import { notFound } from "./not-found.js";

export interface LiveScheduleGroup {
  readonly name: string;
  readonly arn: string;
  readonly state: string;
  readonly tags: Tags;
}

export async function readScheduleGroup(
  clients: AwsClients,
  name: string,
  arn: string,
): Promise<LiveScheduleGroup | undefined> {
  const resource = `schedule group ${name}`;
  const [group, tags] = await Promise.all([
    awsFind({ action: "scheduler:GetScheduleGroup", resource }, notFound.resource, () =>
      clients.scheduler.send(new GetScheduleGroupCommand({ Name: name })),
    ),
    awsFind({ action: "scheduler:ListTagsForResource", resource }, notFound.resource, () =>
      clients.scheduler.send(new ListTagsForResourceCommand({ ResourceArn: arn })),
    ),
  ]);
  if (!group) return undefined;
  return { name, arn: group.Arn ?? arn, state: group.State ?? "ACTIVE", tags: tagsFromUpper(tags?.Tags) };
}

/** An EventBridge Scheduler schedule; undefined when it (or its group) does not exist. */
export async function readSchedule(
  clients: AwsClients,
  group: string,
  name: string,
  workflow?: string,
): Promise<GetScheduleCommandOutput | undefined> {
  return awsFind(
    { action: "scheduler:GetSchedule", resource: `schedule ${group}/${name}`, workflow },
    notFound.resource,
    () => clients.scheduler.send(new GetScheduleCommand({ GroupName: group, Name: name })),
  );
}
