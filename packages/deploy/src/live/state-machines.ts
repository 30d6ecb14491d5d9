import {
  DescribeStateMachineCommand,
  type DescribeStateMachineCommandOutput,
  ListExecutionsCommand,
  ListTagsForResourceCommand,
} from "@aws-sdk/client-sfn";
import { awsFind } from "../aws/aws-call.js";
import type { AwsClients } from "../aws/clients.js";
import { type Tags, tagsFrom } from "../tags.js";
import { notFound } from "./not-found.js";

export interface LiveStateMachine {
  readonly arn: string;
  readonly name: string;
  /** The definition as parsed JSON (undefined when it is not JSON). */
  readonly definition: unknown;
  readonly roleArn: string;
  readonly type: string;
  readonly status: string;
  readonly tags: Tags;
}

/** A state machine and its tags, read at once; undefined when there is none. */
export async function readStateMachine(
  clients: AwsClients,
  arn: string,
  workflow?: string,
): Promise<LiveStateMachine | undefined> {
  const [sm, tags] = await Promise.all([describe(clients, arn, workflow), listTags(clients, arn, workflow)]);
  if (!sm) return undefined;
  return toLive(sm, tagsFrom(tags?.tags));
}

/**
 * A state machine that is usually not there (the lock machine of a workflow without locks, left
 * from when it had some): its tags are read only once it is found, one call instead of two.
 */
export async function findStateMachine(
  clients: AwsClients,
  arn: string,
  workflow?: string,
): Promise<LiveStateMachine | undefined> {
  const sm = await describe(clients, arn, workflow);
  if (!sm) return undefined;
  const tags = await listTags(clients, arn, workflow);
  return tags ? toLive(sm, tagsFrom(tags.tags)) : undefined;
}

/** The ARN of one execution of the state machine that is running, if there is one. */
export async function runningExecution(
  clients: AwsClients,
  arn: string,
  workflow: string,
): Promise<string | undefined> {
  const page = await awsFind(
    { action: "states:ListExecutions", resource: resourceOf(arn), workflow },
    notFound.stateMachine,
    () =>
      clients.sfn.send(
        new ListExecutionsCommand({ stateMachineArn: arn, statusFilter: "RUNNING", maxResults: 1 }),
      ),
  );
  return page?.executions?.[0]?.executionArn;
}

const resourceOf = (arn: string) => `state machine ${arn.slice(arn.lastIndexOf(":") + 1)}`;

function describe(clients: AwsClients, arn: string, workflow: string | undefined) {
  return awsFind(
    { action: "states:DescribeStateMachine", resource: resourceOf(arn), workflow },
    notFound.stateMachine,
    () => clients.sfn.send(new DescribeStateMachineCommand({ stateMachineArn: arn })),
  );
}

function listTags(clients: AwsClients, arn: string, workflow: string | undefined) {
  return awsFind(
    { action: "states:ListTagsForResource", resource: resourceOf(arn), workflow },
    notFound.stateMachine,
    () => clients.sfn.send(new ListTagsForResourceCommand({ resourceArn: arn })),
  );
}

function toLive(sm: DescribeStateMachineCommandOutput, tags: Tags): LiveStateMachine {
  let definition: unknown;
  try {
    definition = JSON.parse(sm.definition ?? "");
  } catch {
    definition = sm.definition;
  }
  return {
    arn: sm.stateMachineArn ?? "",
    name: sm.name ?? "",
    definition,
    roleArn: sm.roleArn ?? "",
    type: sm.type ?? "STANDARD",
    status: sm.status ?? "ACTIVE",
    tags,
  };
}
