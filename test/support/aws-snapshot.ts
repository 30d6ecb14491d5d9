// The emulator's whole state as the deploy tests compare it, read through the SDK: every task
// definition revision (ACTIVE and INACTIVE) with its contents and tags, every state machine with
// its definition and tags, every rule with its targets and tags, every schedule group and
// schedule, every role with its policies and tags, every DynamoDB table (key, billing, tags) and
// every EventBridge connection. Volatile fields (dates, generated ids) are left out.
import type { AwsClients } from "@batchflow/deploy";
import { dynamodb, ecs, eventbridge, iam, scheduler, sfn } from "@batchflow/deploy/aws-sdk";

export interface AccountSnapshot {
  readonly taskDefinitions: Record<string, unknown>;
  readonly stateMachines: Record<string, unknown>;
  readonly rules: Record<string, unknown>;
  readonly scheduleGroups: Record<string, unknown>;
  readonly schedules: Record<string, unknown>;
  readonly roles: Record<string, unknown>;
  readonly tables: Record<string, unknown>;
  readonly connections: Record<string, unknown>;
  /** ECS services by `cluster/name`, INACTIVE (deleted) ones included. */
  readonly services: Record<string, unknown>;
}

export async function snapshotAccount(clients: AwsClients): Promise<AccountSnapshot> {
  const [taskDefinitions, stateMachines, rules, groups, roles, tables, connections, services] =
    await Promise.all([
      snapshotTaskDefinitions(clients),
      snapshotStateMachines(clients),
      snapshotRules(clients),
      snapshotSchedules(clients),
      snapshotRoles(clients),
      snapshotTables(clients),
      snapshotConnections(clients),
      snapshotServices(clients),
    ]);
  const snapshot = {
    taskDefinitions,
    stateMachines,
    rules,
    ...groups,
    roles,
    tables,
    connections: connections.byName,
    services,
  };
  // A connection's ARN ends in an id EventBridge picks at random: two runs that each created it
  // differ only there. Each live connection's exact ARN is replaced by a stable token, so an ARN
  // of a connection that no longer exists (a stale reference) still shows as a difference.
  let text = JSON.stringify(snapshot);
  for (const [name, arn] of connections.arns) text = text.replaceAll(arn, `(arn of live connection ${name})`);
  return JSON.parse(text) as AccountSnapshot;
}

async function snapshotServices(clients: AwsClients): Promise<Record<string, unknown>> {
  const clusters = (await clients.ecs.send(new ecs.ListClustersCommand({}))).clusterArns ?? [];
  const out: Record<string, unknown> = {};
  for (const cluster of clusters) {
    const arns = (await clients.ecs.send(new ecs.ListServicesCommand({ cluster }))).serviceArns ?? [];
    if (arns.length === 0) continue;
    const found = await clients.ecs.send(
      new ecs.DescribeServicesCommand({ cluster, services: arns, include: ["TAGS"] }),
    );
    for (const s of found.services ?? []) {
      out[`${cluster.slice(cluster.lastIndexOf("/") + 1)}/${s.serviceName}`] = {
        status: s.status,
        taskDefinition: s.taskDefinition,
        desiredCount: s.desiredCount,
        launchType: s.launchType,
        platformVersion: s.platformVersion,
        networkConfiguration: s.networkConfiguration,
        deploymentConfiguration: s.deploymentConfiguration,
        propagateTags: s.propagateTags,
        tags: sortedTags(s.tags ?? []),
      };
    }
  }
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => a.localeCompare(b)));
}

/** `{ key: await read(key) }` for every key, read at once, keys sorted. */
async function byKey<T>(
  keys: ReadonlyArray<string>,
  read: (key: string) => Promise<T>,
): Promise<Record<string, T>> {
  const sorted = [...keys].sort();
  const values = await Promise.all(sorted.map(read));
  return Object.fromEntries(sorted.map((k, i) => [k, values[i]!]));
}

async function snapshotTaskDefinitions(clients: AwsClients): Promise<Record<string, unknown>> {
  const families = (await clients.ecs.send(new ecs.ListTaskDefinitionFamiliesCommand({}))).families ?? [];
  return byKey(families, async (family) => {
    const pages = await Promise.all(
      (["ACTIVE", "INACTIVE"] as const).map((status) =>
        clients.ecs.send(new ecs.ListTaskDefinitionsCommand({ familyPrefix: family, status })),
      ),
    );
    const arns = pages.flatMap((p) => p.taskDefinitionArns ?? []);
    const revisions = await Promise.all(
      arns.map(async (arn) => {
        const d = await clients.ecs.send(
          new ecs.DescribeTaskDefinitionCommand({ taskDefinition: arn, include: ["TAGS"] }),
        );
        const {
          registeredAt: _r,
          deregisteredAt: _d,
          registeredBy: _b,
          ...definition
        } = d.taskDefinition ?? {};
        return { revision: d.taskDefinition?.revision, definition, tags: sortedTags(d.tags ?? []) };
      }),
    );
    return revisions.sort((a, b) => (a.revision ?? 0) - (b.revision ?? 0));
  });
}

async function snapshotStateMachines(clients: AwsClients): Promise<Record<string, unknown>> {
  const list = (await clients.sfn.send(new sfn.ListStateMachinesCommand({}))).stateMachines ?? [];
  const arns = new Map(list.map((sm) => [sm.name ?? "", sm.stateMachineArn]));
  return byKey([...arns.keys()], async (name) => {
    const stateMachineArn = arns.get(name);
    const [d, tags] = await Promise.all([
      clients.sfn.send(new sfn.DescribeStateMachineCommand({ stateMachineArn })),
      clients.sfn.send(new sfn.ListTagsForResourceCommand({ resourceArn: stateMachineArn })),
    ]);
    return {
      arn: d.stateMachineArn,
      definition: JSON.parse(d.definition ?? "null"),
      roleArn: d.roleArn,
      type: d.type,
      status: d.status,
      tags: sortedTags(tags.tags ?? []),
    };
  });
}

async function snapshotRules(clients: AwsClients): Promise<Record<string, unknown>> {
  const list = (await clients.events.send(new eventbridge.ListRulesCommand({}))).Rules ?? [];
  const arns = new Map(list.map((r) => [r.Name ?? "", r.Arn]));
  return byKey([...arns.keys()], async (name) => {
    const [d, targets, tags] = await Promise.all([
      clients.events.send(new eventbridge.DescribeRuleCommand({ Name: name })),
      clients.events.send(new eventbridge.ListTargetsByRuleCommand({ Rule: name })),
      clients.events.send(new eventbridge.ListTagsForResourceCommand({ ResourceARN: arns.get(name) })),
    ]);
    const { $metadata: _m, ...fields } = d;
    return {
      ...fields,
      targets: [...(targets.Targets ?? [])].sort((a, b) => (a.Id ?? "").localeCompare(b.Id ?? "")),
      tags: sortedTags(tags.Tags ?? []),
    };
  });
}

async function snapshotSchedules(
  clients: AwsClients,
): Promise<{ scheduleGroups: Record<string, unknown>; schedules: Record<string, unknown> }> {
  const [groups, list] = await Promise.all([
    clients.scheduler.send(new scheduler.ListScheduleGroupsCommand({})),
    clients.scheduler.send(new scheduler.ListSchedulesCommand({})),
  ]);
  const groupArns = new Map((groups.ScheduleGroups ?? []).map((g) => [g.Name ?? "", g.Arn]));
  const scheduleGroups = await byKey([...groupArns.keys()], async (name) => {
    const tags = await clients.scheduler.send(
      new scheduler.ListTagsForResourceCommand({ ResourceArn: groupArns.get(name) }),
    );
    return { arn: groupArns.get(name), tags: sortedTags(tags.Tags ?? []) };
  });
  const schedules = await byKey(
    (list.Schedules ?? []).map((s) => `${s.GroupName}/${s.Name}`),
    async (key) => {
      const [group, name] = key.split("/");
      const d = await clients.scheduler.send(
        new scheduler.GetScheduleCommand({ GroupName: group, Name: name }),
      );
      const { $metadata: _m, CreationDate: _c, LastModificationDate: _l, ...fields } = d;
      return fields;
    },
  );
  return { scheduleGroups, schedules };
}

async function snapshotRoles(clients: AwsClients): Promise<Record<string, unknown>> {
  const list = (await clients.iam.send(new iam.ListRolesCommand({}))).Roles ?? [];
  return byKey(
    list.map((r) => r.RoleName ?? ""),
    async (name) => {
      const [role, names] = await Promise.all([
        clients.iam.send(new iam.GetRoleCommand({ RoleName: name })),
        clients.iam.send(new iam.ListRolePoliciesCommand({ RoleName: name })),
      ]);
      const policies = await byKey(names.PolicyNames ?? [], async (policy) => {
        const p = await clients.iam.send(
          new iam.GetRolePolicyCommand({ RoleName: name, PolicyName: policy }),
        );
        return JSON.parse(decodeURIComponent(p.PolicyDocument ?? "null")) as unknown;
      });
      return {
        arn: role.Role?.Arn,
        trust: JSON.parse(decodeURIComponent(role.Role?.AssumeRolePolicyDocument ?? "null")),
        policies,
        tags: sortedTags((role.Role?.Tags ?? []).map((t) => ({ key: t.Key, value: t.Value }))),
      };
    },
  );
}

async function snapshotTables(clients: AwsClients): Promise<Record<string, unknown>> {
  const names = (await clients.dynamodb.send(new dynamodb.ListTablesCommand({}))).TableNames ?? [];
  return byKey(names, async (name) => {
    const { Table: t } = await clients.dynamodb.send(new dynamodb.DescribeTableCommand({ TableName: name }));
    const tags = await clients.dynamodb.send(
      new dynamodb.ListTagsOfResourceCommand({ ResourceArn: t?.TableArn }),
    );
    return {
      arn: t?.TableArn,
      status: t?.TableStatus,
      keySchema: t?.KeySchema,
      attributes: t?.AttributeDefinitions,
      billing: t?.BillingModeSummary?.BillingMode,
      tags: sortedTags(tags.Tags ?? []),
    };
  });
}

async function snapshotConnections(
  clients: AwsClients,
): Promise<{ byName: Record<string, unknown>; arns: Map<string, string> }> {
  const list = (await clients.events.send(new eventbridge.ListConnectionsCommand({}))).Connections ?? [];
  const arns = new Map(list.map((c) => [c.Name ?? "", c.ConnectionArn ?? ""]));
  const byName = await byKey([...arns.keys()], async (name) => {
    const c = await clients.events.send(new eventbridge.DescribeConnectionCommand({ Name: name }));
    return {
      arn: c.ConnectionArn,
      description: c.Description,
      state: c.ConnectionState,
      authorizationType: c.AuthorizationType,
      authParameters: c.AuthParameters,
    };
  });
  return { byName, arns };
}

function sortedTags(
  tags: ReadonlyArray<{
    key?: string | undefined;
    value?: string | undefined;
    Key?: string | undefined;
    Value?: string | undefined;
  }>,
): Record<string, string> {
  const entries = tags.map((t) => [t.key ?? t.Key ?? "", t.value ?? t.Value ?? ""] as const);
  return Object.fromEntries([...entries].sort(([a], [b]) => a.localeCompare(b)));
}
