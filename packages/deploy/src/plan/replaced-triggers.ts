import { ListRulesCommand, ListTagsForResourceCommand } from "@aws-sdk/client-eventbridge";
import { ListSchedulesCommand } from "@aws-sdk/client-scheduler";
import { scheduleIndexOf } from "@batchflow/aws";
import { awsCall, awsFind } from "../aws/aws-call.js";
import type { AwsClients } from "../aws/clients.js";
import { notFound } from "../live/not-found.js";
import { ownership, tagsFromUpper } from "../tags.js";
import { mapLimit } from "../util/map-limit.js";
import type { PlanItem } from "./plan-items.js";

/*
 * A workflow's rules and Scheduler schedules are named after it: `<workflow>` for the first of its
 * schedules, `<workflow>.2`, `<workflow>.3`, ... for the others. One that the workflow no longer
 * defines (it moved from a rule to a Scheduler schedule or back, lost a schedule of its list, or
 * lost its schedule) would keep starting it. Those are part of the workflow, not of pruning:
 * deploy deletes them (when this project owns them) even without --prune. One listing per
 * workflow and service finds them all, however many there were.
 */

/** This project's rules named after `workflow` as its schedules are, that it no longer defines. */
export async function findReplacedRules(
  clients: AwsClients,
  project: string,
  workflow: string,
  defined: ReadonlySet<string>,
  limit: number,
): Promise<PlanItem[]> {
  const ctx = { action: "events:ListRules", resource: `rules named ${workflow}*`, workflow };
  const found: { name: string; arn: string }[] = [];
  let token: string | undefined;
  do {
    const page = await awsCall(ctx, () =>
      clients.events.send(
        new ListRulesCommand({ NamePrefix: workflow, ...(token ? { NextToken: token } : {}) }),
      ),
    );
    for (const r of page.Rules ?? []) {
      if (r.Name && r.Arn && isLeftover(workflow, r.Name, defined)) found.push({ name: r.Name, arn: r.Arn });
    }
    token = page.NextToken;
  } while (token);
  const tags = await mapLimit(found, limit, (r) =>
    awsFind(
      { action: "events:ListTagsForResource", resource: `rule ${r.name}`, workflow },
      notFound.resource,
      () => clients.events.send(new ListTagsForResourceCommand({ ResourceARN: r.arn })),
    ),
  );
  return found.flatMap((r, i): PlanItem[] => {
    const owned = tags[i] !== undefined && ownership(tagsFromUpper(tags[i]?.Tags), project).owned;
    if (!owned) return [];
    return [
      {
        kind: "delete",
        change: {
          type: "rule",
          name: r.name,
          workflow,
          action: "delete",
          summary: why(workflow, r.name, "an EventBridge rule"),
          arn: r.arn,
        },
      },
    ];
  });
}

/** Schedules in this project's group named after `workflow` as its schedules are, that it no longer defines. */
export async function findReplacedSchedules(
  clients: AwsClients,
  group: string,
  workflow: string,
  defined: ReadonlySet<string>,
): Promise<PlanItem[]> {
  const ctx = {
    action: "scheduler:ListSchedules",
    resource: `schedules named ${workflow}* in ${group}`,
    workflow,
  };
  const found: { name: string; arn?: string | undefined }[] = [];
  let token: string | undefined;
  do {
    const page = await awsCall(ctx, () =>
      clients.scheduler.send(
        new ListSchedulesCommand({
          GroupName: group,
          NamePrefix: workflow,
          ...(token ? { NextToken: token } : {}),
        }),
      ),
    );
    for (const s of page.Schedules ?? []) {
      if (s.Name && s.GroupName === group && isLeftover(workflow, s.Name, defined))
        found.push({ name: s.Name, arn: s.Arn });
    }
    token = page.NextToken;
  } while (token);
  // A schedule cannot be tagged: being in this project's group is what makes it ours.
  return found.map((s) => ({
    kind: "delete",
    change: {
      type: "schedule",
      name: s.name,
      workflow,
      action: "delete",
      summary: why(workflow, s.name, "an EventBridge Scheduler schedule"),
      ...(s.arn === undefined ? {} : { arn: s.arn }),
    },
    group,
  }));
}

function isLeftover(workflow: string, name: string, defined: ReadonlySet<string>): boolean {
  return scheduleIndexOf(workflow, name) !== undefined && !defined.has(name);
}

function why(workflow: string, name: string, what: string): string {
  const index = scheduleIndexOf(workflow, name) ?? 0;
  return index === 0
    ? `the workflow no longer starts from ${what}`
    : `the workflow no longer starts from ${what} as its schedule ${index + 1}`;
}
