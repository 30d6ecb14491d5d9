import {
  DescribeTaskDefinitionCommand,
  ListTaskDefinitionsCommand,
  type TaskDefinition,
} from "@aws-sdk/client-ecs";
import { awsCall, awsFind } from "../aws/aws-call.js";
import type { AwsClients } from "../aws/clients.js";
import { type Tags, tagsFrom } from "../tags.js";
import { notFound } from "./not-found.js";

export interface LiveTaskDefinition {
  readonly family: string;
  readonly revision: number;
  readonly arn: string;
  readonly definition: TaskDefinition;
  readonly tags: Tags;
}

/** The latest ACTIVE revision of a family with its tags, or undefined when it has none. */
export async function readTaskDefinition(
  clients: AwsClients,
  family: string,
  workflow?: string,
): Promise<LiveTaskDefinition | undefined> {
  const ctx = { action: "ecs:DescribeTaskDefinition", resource: `task definition ${family}`, workflow };
  const describe = (taskDefinition: string) =>
    awsFind(ctx, notFound.taskDefinition, () =>
      clients.ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition, include: ["TAGS"] })),
    );
  let found = await describe(family);
  // AWS answers a bare family with its latest ACTIVE revision; moto answers with the latest of
  // any status, so look further when that one was deregistered.
  if (found?.taskDefinition?.status !== undefined && found.taskDefinition.status !== "ACTIVE") {
    const latest = (await activeRevisions(clients, family, workflow)).at(-1);
    found = latest === undefined ? undefined : await describe(latest);
  }
  const td = found?.taskDefinition;
  if (!td?.taskDefinitionArn || td.revision === undefined) return undefined;
  return {
    family,
    revision: td.revision,
    arn: td.taskDefinitionArn,
    definition: td,
    tags: tagsFrom(found?.tags),
  };
}

/** ARNs of a family's ACTIVE revisions, oldest first. */
export async function activeRevisions(
  clients: AwsClients,
  family: string,
  workflow?: string,
): Promise<string[]> {
  const ctx = { action: "ecs:ListTaskDefinitions", resource: `task definition ${family}`, workflow };
  const arns: string[] = [];
  let nextToken: string | undefined;
  do {
    const page = await awsCall(ctx, () =>
      clients.ecs.send(
        new ListTaskDefinitionsCommand({
          familyPrefix: family,
          status: "ACTIVE",
          ...(nextToken ? { nextToken } : {}),
        }),
      ),
    );
    arns.push(...(page.taskDefinitionArns ?? []));
    nextToken = page.nextToken;
  } while (nextToken);
  // familyPrefix is a prefix in some implementations: keep this family's revisions only.
  return arns
    .filter((arn) => familyOfArn(arn) === family)
    .sort((a, b) => revisionOfArn(a) - revisionOfArn(b));
}

export function familyOfArn(arn: string): string {
  const name = arn.slice(arn.lastIndexOf("/") + 1);
  return name.slice(0, name.lastIndexOf(":"));
}

export function revisionOfArn(arn: string): number {
  return Number(arn.slice(arn.lastIndexOf(":") + 1));
}
