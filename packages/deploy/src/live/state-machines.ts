import {
  DescribeStateMachineCommand,
  type DescribeStateMachineCommandOutput,
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
  const resource = `state machine ${arn.slice(arn.lastIndexOf(":") + 1)}`;
  const [sm, tags] = await Promise.all([
    awsFind({ action: "states:DescribeStateMachine", resource, workflow }, notFound.stateMachine, () =>
      clients.sfn.send(new DescribeStateMachineCommand({ stateMachineArn: arn })),
    ),
    awsFind({ action: "states:ListTagsForResource", resource, workflow }, notFound.stateMachine, () =>
      clients.sfn.send(new ListTagsForResourceCommand({ resourceArn: arn })),
    ),
  ]);
  if (!sm) return undefined;
  return toLive(sm, tagsFrom(tags?.tags));
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
