import {
  DescribeRuleCommand,
  type DescribeRuleCommandOutput,
  ListTagsForResourceCommand,
  ListTargetsByRuleCommand,
  type Target,
} from "@aws-sdk/client-eventbridge";
import { awsFind } from "../aws/aws-call.js";
import type { AwsClients } from "../aws/clients.js";
import { type Tags, tagsFromUpper } from "../tags.js";
import { notFound } from "./not-found.js";

export interface LiveRule {
  readonly rule: DescribeRuleCommandOutput;
  readonly targets: ReadonlyArray<Target>;
  readonly tags: Tags;
}

/** A rule of the default event bus with its targets and tags; undefined when there is none. */
export async function readRule(
  clients: AwsClients,
  name: string,
  arn: string,
  workflow?: string,
): Promise<LiveRule | undefined> {
  const resource = `rule ${name}`;
  const [rule, targets, tags] = await Promise.all([
    awsFind({ action: "events:DescribeRule", resource, workflow }, notFound.resource, () =>
      clients.events.send(new DescribeRuleCommand({ Name: name })),
    ),
    awsFind({ action: "events:ListTargetsByRule", resource, workflow }, notFound.resource, () =>
      listTargets(clients, name),
    ),
    awsFind({ action: "events:ListTagsForResource", resource, workflow }, notFound.resource, () =>
      clients.events.send(new ListTagsForResourceCommand({ ResourceARN: arn })),
    ),
  ]);
  if (!rule) return undefined;
  return { rule, targets: targets ?? [], tags: tagsFromUpper(tags?.Tags) };
}

async function listTargets(clients: AwsClients, rule: string): Promise<Target[]> {
  const targets: Target[] = [];
  let token: string | undefined;
  do {
    // Raw errors: the caller tells "no such rule" from real failures.
    const page = await clients.events.send(
      new ListTargetsByRuleCommand({ Rule: rule, ...(token ? { NextToken: token } : {}) }),
    );
    targets.push(...(page.Targets ?? []));
    token = page.NextToken;
  } while (token);
  return targets;
}

/** A rule found by name, with its tags. */
export interface FoundRule {
  readonly arn: string;
  readonly tags: Tags;
}

/**
 * A rule that is usually not there (the notify rule of a workflow without notifications, left from
 * when it had some) and its tags: the tags are read only once it is found, one call instead of two.
 */
export async function findRule(
  clients: AwsClients,
  name: string,
  arn: string,
  workflow?: string,
): Promise<FoundRule | undefined> {
  const resource = `rule ${name}`;
  const rule = await awsFind({ action: "events:DescribeRule", resource, workflow }, notFound.resource, () =>
    clients.events.send(new DescribeRuleCommand({ Name: name })),
  );
  if (!rule) return undefined;
  const found = rule.Arn ?? arn;
  const tags = await awsFind(
    { action: "events:ListTagsForResource", resource, workflow },
    notFound.resource,
    () => clients.events.send(new ListTagsForResourceCommand({ ResourceARN: found })),
  );
  return tags ? { arn: found, tags: tagsFromUpper(tags.Tags) } : undefined;
}
