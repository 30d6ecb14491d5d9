import { ListTaskDefinitionFamiliesCommand } from "@aws-sdk/client-ecs";
import {
  ListRulesCommand,
  ListTagsForResourceCommand as ListRuleTagsCommand,
} from "@aws-sdk/client-eventbridge";
import { GetRoleCommand, ListRolesCommand } from "@aws-sdk/client-iam";
import { ListSchedulesCommand } from "@aws-sdk/client-scheduler";
import {
  ListTagsForResourceCommand as ListMachineTagsCommand,
  ListStateMachinesCommand,
} from "@aws-sdk/client-sfn";
import {
  defaultRoleNames,
  lockMachineName,
  notifyConnectionName,
  notifyMachineName,
  roleNameOf,
} from "@batchflow/aws";
import { awsCall, awsFind } from "../aws/aws-call.js";
import type { AwsClients } from "../aws/clients.js";
import type { BundleService, BundleTask, BundleWorkflow } from "../bundle/bundle.js";
import { readConnection } from "../live/connections.js";
import { notFound } from "../live/not-found.js";
import type { LiveScheduleGroup } from "../live/schedules.js";
import { listServices } from "../live/services.js";
import { readTaskDefinition } from "../live/task-definitions.js";
import type { AwsEnvironment } from "../resolve/environment.js";
import { applyRoleOverrides, type RoleOverrides } from "../resolve/role-overrides.js";
import { ownership, type Tags, tagKeys, tagsFrom, tagsFromUpper } from "../tags.js";
import { mapLimit } from "../util/map-limit.js";
import type { PlanItem } from "./plan-items.js";
import type { PlannedChange } from "./plan-types.js";

export interface PruneContext {
  readonly project: string;
  readonly env: AwsEnvironment;
  /** Every workflow of the project: what they define is kept. */
  readonly bundle: ReadonlyArray<BundleWorkflow>;
  /** Every service of the project: they are kept, with their task definition family and roles. */
  readonly services: ReadonlyArray<BundleService>;
  /** Every scheduled task of the project: kept with its rules, schedules, family and roles. */
  readonly tasks?: ReadonlyArray<BundleTask> | undefined;
  readonly scheduleGroup: string;
  readonly group: LiveScheduleGroup | undefined;
  readonly roles: RoleOverrides | undefined;
  /** Names already planned for deletion (a workflow's replaced trigger). */
  readonly deleting: ReadonlySet<string>;
  readonly limit: number;
  /** Workflows being deployed, whose state machine this project owns, that send no notification. */
  readonly withoutNotify: ReadonlyArray<string>;
  /** The workflows being deployed (those selected, or all of the bundle). */
  readonly deploying: ReadonlyArray<string>;
}

/**
 * What `--prune` deletes: resources tagged `batchflow:project` = this project that no workflow
 * of the bundle defines any more. Resources of other projects and untagged ones are never
 * candidates. Listing is per service (there is no tag filter in these APIs): state machines,
 * rules, the project's schedule group, task definition families and the roles batchflow names.
 * Connections cannot be tagged: the notification connection of a workflow whose state machine
 * is pruned goes with it, as does that of a deployed workflow that no longer notifies. A
 * workflow's lock machine (`<workflow>-locks`) is pruned with its state machine; that of a
 * workflow of the bundle is kept even when it has no locks any more: deploying that workflow
 * deletes it, once its state machine no longer calls it. The same goes for a workflow's notify
 * machine and the rule that starts it (`<workflow>-notify`): pruned with the workflow, kept for
 * every workflow of the bundle (deploying one that no longer notifies deletes them), and so is
 * the rule's role for every workflow of the bundle that is not being deployed. Services are
 * listed per cluster (ECS has no account-wide listing): one of this project that the bundle does
 * not define on that cluster is deleted, before its task definition family and execution role.
 */
export async function planPrune(clients: AwsClients, ctx: PruneContext): Promise<PlanItem[]> {
  const bundle = ctx.bundle.map((w) => applyRoleOverrides(w, ctx.roles ?? {}));
  const machines = new Set(
    bundle.flatMap((w) => [w.manifest.stateMachine.name, lockMachineName(w.name), notifyMachineName(w.name)]),
  );
  const rules = new Set(
    bundle.flatMap((w) => [
      ...w.schedules.flatMap((s) => (s.type === "rule" ? [s.rule.Name] : [])),
      notifyMachineName(w.name),
    ]),
  );
  const schedules = new Set(
    bundle.flatMap((w) => w.schedules.flatMap((s) => (s.type === "scheduler" ? [s.schedule.Name] : []))),
  );
  const families = new Set([
    ...bundle.flatMap((w) => Object.keys(w.taskDefinitions)),
    ...ctx.services.map((s) => s.manifest.taskDefinition.family),
  ]);
  const services = new Set(ctx.services.map((s) => serviceKey(s.service.cluster, s.name)));
  const deploying = new Set(ctx.deploying);
  const roles = new Set(
    bundle.flatMap((w) => [
      ...w.manifest.roles.map((r) => roleNameOf(r.arn)),
      // A workflow that no longer notifies and is not deployed now keeps its notify rule, so its role.
      ...(deploying.has(w.name) ? [] : [defaultRoleNames(w.name).notify]),
    ]),
  );
  for (const s of ctx.services) for (const r of s.manifest.roles) roles.add(roleNameOf(r.arn));
  // A scheduled task keeps what it defines.
  for (const t of ctx.tasks ?? []) {
    for (const entry of t.manifest.schedules) (entry.type === "rule" ? rules : schedules).add(entry.name);
    families.add(t.manifest.taskDefinition.family);
    for (const r of t.manifest.roles) roles.add(roleNameOf(r.arn));
  }
  const keep = (type: string, name: string, defined: ReadonlySet<string>) =>
    !defined.has(name) && !ctx.deleting.has(`${type}/${name}`);

  const [m, r, s, t, i, e] = await Promise.all([
    pruneStateMachines(clients, ctx, (n) => keep("state-machine", n, machines)),
    pruneRules(clients, ctx, (n) => keep("rule", n, rules)),
    pruneSchedules(clients, ctx, (n) => keep("schedule", n, schedules)),
    pruneTaskDefinitions(clients, ctx, (n) => keep("task-definition", n, families)),
    pruneRoles(clients, ctx, (n) => keep("role", n, roles)),
    pruneServices(clients, ctx, (cluster, n) => keep("service", serviceKey(cluster, n), services)),
  ]);
  const connections = await pruneConnections(clients, ctx, [
    ...m
      .filter((d) => !d.machine)
      .map((d) => ({ workflow: d.change.workflow ?? d.change.name, why: "its workflow is pruned" })),
    ...ctx.withoutNotify.map((workflow) => ({ workflow, why: "its workflow no longer sends notifications" })),
  ]);
  // Deleted in reverse dependency order: triggers first, then connections (before the state
  // machine, which is what makes them this project's: a prune that stops in between still
  // finds them when run again), roles last.
  return [...s, ...r, ...connections, ...e, ...m, ...t, ...i];
}

/** A service as prune tells them apart: by cluster name (an ARN's last part) and service name. */
function serviceKey(cluster: string, name: string): string {
  return `${cluster.slice(cluster.lastIndexOf("/") + 1)}/${name}`;
}

async function pruneServices(
  clients: AwsClients,
  ctx: PruneContext,
  candidate: (cluster: string, name: string) => boolean,
): Promise<PlanItem[]> {
  const live = await listServices(clients, ctx.limit);
  return live
    .filter((s) => s.status === "ACTIVE" && candidate(s.cluster, s.name))
    .filter((s) => ownership(s.tags, ctx.project).owned)
    .map((s) => deletion("service", s.name, s.tags, s.arn, { cluster: s.cluster }));
}

async function pruneConnections(
  clients: AwsClients,
  ctx: PruneContext,
  workflows: ReadonlyArray<{ workflow: string; why: string }>,
): Promise<PlanItem[]> {
  const candidates = workflows.map((w) => ({ ...w, name: notifyConnectionName(w.workflow) }));
  const live = await mapLimit(candidates, ctx.limit, (c) => readConnection(clients, c.name, c.workflow));
  return candidates.flatMap((c, i): PlanItem[] => {
    const found = live[i];
    if (!found) return [];
    const item = deletion("connection", c.name, { [tagKeys.workflow]: c.workflow }, found.arn);
    return [{ ...item, change: { ...item.change, summary: c.why } }];
  });
}

function deletion(
  type: PlannedChange["type"],
  name: string,
  tags: Tags,
  arn: string | undefined,
  extra: Partial<Extract<PlanItem, { kind: "delete" }>> = {},
): PlanItem & { kind: "delete" } {
  const workflow = tags[tagKeys.workflow];
  return {
    kind: "delete",
    change: {
      type,
      name,
      ...(workflow === undefined ? {} : { workflow }),
      action: "delete",
      summary: "owned by this project and no longer defined",
      ...(arn === undefined ? {} : { arn }),
    },
    ...extra,
  };
}

async function pruneStateMachines(
  clients: AwsClients,
  ctx: PruneContext,
  candidate: (name: string) => boolean,
) {
  const all: { name: string; arn: string }[] = [];
  let token: string | undefined;
  do {
    const page = await awsCall({ action: "states:ListStateMachines", resource: "state machines" }, () =>
      clients.sfn.send(new ListStateMachinesCommand({ ...(token ? { nextToken: token } : {}) })),
    );
    for (const sm of page.stateMachines ?? [])
      if (sm.name && sm.stateMachineArn) all.push({ name: sm.name, arn: sm.stateMachineArn });
    token = page.nextToken;
  } while (token);
  const candidates = all.filter((sm) => candidate(sm.name));
  const tags = await mapLimit(candidates, ctx.limit, (sm) =>
    awsFind(
      { action: "states:ListTagsForResource", resource: `state machine ${sm.name}` },
      notFound.stateMachine,
      () => clients.sfn.send(new ListMachineTagsCommand({ resourceArn: sm.arn })),
    ),
  );
  return candidates.flatMap((sm, i) => {
    const t = tagsFrom(tags[i]?.tags);
    const machine = workflowMachine(sm.name, t[tagKeys.workflow]);
    return ownership(t, ctx.project).owned
      ? [deletion("state-machine", sm.name, t, sm.arn, machine ? { machine } : {})]
      : [];
  });
}

/**
 * Named after the workflow it was made for: that workflow's lock or notify machine, deleted after
 * its state machine; undefined for any other state machine.
 */
function workflowMachine(name: string, workflow: string | undefined): "lock" | "notify" | undefined {
  if (workflow === undefined) return undefined;
  if (name === lockMachineName(workflow)) return "lock";
  return name === notifyMachineName(workflow) ? "notify" : undefined;
}

async function pruneRules(clients: AwsClients, ctx: PruneContext, candidate: (name: string) => boolean) {
  const all: { name: string; arn: string }[] = [];
  let token: string | undefined;
  do {
    const page = await awsCall(
      { action: "events:ListRules", resource: "rules of the default event bus" },
      () => clients.events.send(new ListRulesCommand({ ...(token ? { NextToken: token } : {}) })),
    );
    for (const r of page.Rules ?? []) if (r.Name && r.Arn) all.push({ name: r.Name, arn: r.Arn });
    token = page.NextToken;
  } while (token);
  const candidates = all.filter((r) => candidate(r.name));
  const tags = await mapLimit(candidates, ctx.limit, (r) =>
    awsFind({ action: "events:ListTagsForResource", resource: `rule ${r.name}` }, notFound.resource, () =>
      clients.events.send(new ListRuleTagsCommand({ ResourceARN: r.arn })),
    ),
  );
  return candidates.flatMap((r, i) => {
    const t = tagsFromUpper(tags[i]?.Tags);
    return ownership(t, ctx.project).owned ? [deletion("rule", r.name, t, r.arn)] : [];
  });
}

async function pruneSchedules(clients: AwsClients, ctx: PruneContext, candidate: (name: string) => boolean) {
  if (!ctx.group || !ownership(ctx.group.tags, ctx.project).owned) return [];
  const names: string[] = [];
  let token: string | undefined;
  do {
    const page = await awsCall(
      { action: "scheduler:ListSchedules", resource: `schedule group ${ctx.scheduleGroup}` },
      () =>
        clients.scheduler.send(
          new ListSchedulesCommand({ GroupName: ctx.scheduleGroup, ...(token ? { NextToken: token } : {}) }),
        ),
    );
    for (const s of page.Schedules ?? []) if (s.Name && s.GroupName === ctx.scheduleGroup) names.push(s.Name);
    token = page.NextToken;
  } while (token);
  // A schedule cannot be tagged: being in this project's group is what makes it ours, and its
  // name says its workflow (`<workflow>` or `<workflow>.<n>`).
  return names.filter(candidate).map((name) =>
    deletion("schedule", name, { [tagKeys.workflow]: name.replace(/\.\d+$/, "") }, undefined, {
      group: ctx.scheduleGroup,
    }),
  );
}

async function pruneTaskDefinitions(
  clients: AwsClients,
  ctx: PruneContext,
  candidate: (name: string) => boolean,
) {
  const families: string[] = [];
  let token: string | undefined;
  do {
    const page = await awsCall(
      { action: "ecs:ListTaskDefinitionFamilies", resource: "task definition families" },
      () =>
        clients.ecs.send(
          new ListTaskDefinitionFamiliesCommand({ status: "ACTIVE", ...(token ? { nextToken: token } : {}) }),
        ),
    );
    families.push(...(page.families ?? []));
    token = page.nextToken;
  } while (token);
  const candidates = [...new Set(families)].filter(candidate);
  const live = await mapLimit(candidates, ctx.limit, (f) => readTaskDefinition(clients, f));
  return candidates.flatMap((f, i) => {
    const td = live[i];
    return td && ownership(td.tags, ctx.project).owned
      ? [deletion("task-definition", f, td.tags, undefined)]
      : [];
  });
}

/** Roles batchflow names end in -sfn, -execution, -schedule or -notify; only those are read. */
async function pruneRoles(clients: AwsClients, ctx: PruneContext, candidate: (name: string) => boolean) {
  const names: string[] = [];
  let marker: string | undefined;
  do {
    const page = await awsCall({ action: "iam:ListRoles", resource: "roles" }, () =>
      clients.iam.send(new ListRolesCommand({ ...(marker ? { Marker: marker } : {}) })),
    );
    for (const r of page.Roles ?? []) if (r.RoleName && r.Path === "/") names.push(r.RoleName);
    marker = page.IsTruncated ? page.Marker : undefined;
  } while (marker);
  const candidates = names.filter((n) => /-(sfn|execution|schedule|notify)$/.test(n) && candidate(n));
  const roles = await mapLimit(candidates, ctx.limit, (name) =>
    awsFind({ action: "iam:GetRole", resource: `role ${name}` }, notFound.iam, () =>
      clients.iam.send(new GetRoleCommand({ RoleName: name })),
    ),
  );
  return candidates.flatMap((name, i) => {
    const t = tagsFromUpper(roles[i]?.Role?.Tags);
    return ownership(t, ctx.project).owned ? [deletion("role", name, t, roles[i]?.Role?.Arn)] : [];
  });
}
