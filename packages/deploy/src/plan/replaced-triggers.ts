import { DescribeRuleCommand, ListTagsForResourceCommand } from "@aws-sdk/client-eventbridge";
import { awsFind } from "../aws/aws-call.js";
import type { AwsClients } from "../aws/clients.js";
import { notFound } from "../live/not-found.js";
import { readSchedule } from "../live/schedules.js";
import type { AwsEnvironment } from "../resolve/environment.js";
import { ownership, tagsFromUpper } from "../tags.js";
import type { PlanItem } from "./plan-items.js";

/*
 * A workflow that moves from a UTC rule to a Scheduler schedule (it gained a time zone), or back,
 * or loses its schedule, leaves its old trigger behind, which would keep starting it. That
 * trigger is part of the workflow, not of pruning: deploy deletes it (when this project owns
 * it) even without --prune.
 */

/** This project's rule named after a workflow that no longer uses a rule. */
export async function findReplacedRule(
  clients: AwsClients,
  project: string,
  env: AwsEnvironment,
  workflow: string,
): Promise<PlanItem | undefined> {
  const ctx = { action: "events:DescribeRule", resource: `rule ${workflow}`, workflow };
  const rule = await awsFind(ctx, notFound.resource, () =>
    clients.events.send(new DescribeRuleCommand({ Name: workflow })),
  );
  if (!rule) return undefined;
  const arn = rule.Arn ?? `arn:${env.partition}:events:${env.region}:${env.accountId}:rule/${workflow}`;
  const tags = await awsFind({ ...ctx, action: "events:ListTagsForResource" }, notFound.resource, () =>
    clients.events.send(new ListTagsForResourceCommand({ ResourceARN: arn })),
  );
  if (!ownership(tagsFromUpper(tags?.Tags), project).owned) return undefined;
  return {
    kind: "delete",
    change: {
      type: "rule",
      name: workflow,
      workflow,
      action: "delete",
      summary: "the workflow no longer starts from an EventBridge rule",
      arn,
    },
  };
}

/** A schedule in this project's group named after a workflow that no longer uses Scheduler. */
export async function findReplacedSchedule(
  clients: AwsClients,
  group: string,
  workflow: string,
): Promise<PlanItem | undefined> {
  const schedule = await readSchedule(clients, group, workflow, workflow);
  if (!schedule) return undefined;
  return {
    kind: "delete",
    change: {
      type: "schedule",
      name: workflow,
      workflow,
      action: "delete",
      summary: "the workflow no longer starts from an EventBridge Scheduler schedule",
      ...(schedule.Arn === undefined ? {} : { arn: schedule.Arn }),
    },
    group,
  };
}
