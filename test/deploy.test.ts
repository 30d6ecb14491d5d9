// `@batchflow/deploy` against a real AWS API emulator (moto_server on loopback): fresh deploys read
// back through the SDK, idempotent redeploys, plan predictions checked against what deploy did,
// prune and ownership, and the errors users see.

import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { CompiledWorkflow } from "@batchflow/aws";
import { cron } from "@batchflow/batchflow";
import {
  type AwsCall,
  type AwsClients,
  type BundleWorkflow,
  DeployError,
  type DeployResult,
  deploy,
  deployerPolicy,
  isReadCall,
  type NotifyRuleInput,
  type Plan,
  plan,
  tagKeys,
} from "@batchflow/deploy";
import { dynamodb, ecs, eventbridge, iam, scheduler, sfn } from "@batchflow/deploy/aws-sdk";
import { describe, expect, it } from "vitest";
import { snapshotAccount } from "./support/aws-snapshot.js";
import { repoRoot } from "./support/cli-project.js";
import {
  arn,
  bundleOf,
  hourlyCompiled,
  nightlyCompiled,
  prepareAccount,
  project,
  reportCompiled,
  seedCompiled,
  seedVariant,
} from "./support/deploy-fixtures.js";
import { motoClients, testAccount, testRegion, useMoto } from "./support/moto.js";

const moto = useMoto();

function clients(hooks?: Parameters<typeof motoClients>[1]): AwsClients {
  return motoClients(moto(), hooks);
}

/**
 * The ASL AWS should hold: placeholders resolved (the notification connection's to its live
 * ARN), each family pinned to its revision.
 */
function expectedAsl(compiled: CompiledWorkflow, revisions: Record<string, number>): unknown {
  let text = filledIn(JSON.stringify(compiled.stateMachine));
  for (const [family, revision] of Object.entries(revisions)) {
    text = text.replaceAll(`"TaskDefinition":"${family}"`, `"TaskDefinition":"${family}:${revision}"`);
  }
  return JSON.parse(text);
}

const changed = (p: Plan) =>
  p.changes
    .filter((c) => c.action !== "unchanged")
    .map((c) => `${c.action} ${c.type} ${c.name}`)
    .sort();
const done = (r: DeployResult) => r.applied.map((c) => `${c.action} ${c.type} ${c.name}`).sort();
const writes = (calls: ReadonlyArray<AwsCall>) =>
  calls.filter((c) => !isReadCall(c)).map((c) => `${c.service}:${c.operation}`);

/** Plans, deploys that plan, and checks deploy did exactly what the plan said. */
/** A compiled file's text as AWS should hold it: placeholders filled in (the connection's with `connectionArn`). */
function filledIn(text: string, connectionArn?: string): string {
  let filled = text
    .replaceAll("${AWS::Partition}", "aws")
    .replaceAll("${AWS::Region}", testRegion)
    .replaceAll("${AWS::AccountId}", testAccount);
  if (connectionArn) filled = filled.replaceAll("${Batchflow::NotifyConnectionArn}", connectionArn);
  expect(filled).not.toContain("${");
  return filled;
}

/** The contents of the compiled file `path`, parsed, placeholders filled in. */
function compiledFile(compiled: CompiledWorkflow, path: string, connectionArn?: string): unknown {
  const file = compiled.files.find((f) => f.path === path);
  expect(file, path).toBeDefined();
  return JSON.parse(filledIn(file!.contents, connectionArn));
}

async function planAndDeploy(
  c: AwsClients,
  bundle: BundleWorkflow[],
  options: { createRoles?: boolean; prune?: boolean } = {},
): Promise<{ planned: Plan; result: DeployResult }> {
  const planned = await plan({ clients: c, project, bundle, ...options });
  const result = await deploy({ clients: c, project, bundle, ...options, plan: planned });
  expect(done(result)).toEqual(changed(planned));
  return { planned, result };
}

async function describeTaskDefinition(c: AwsClients, family: string) {
  return c.ecs.send(new ecs.DescribeTaskDefinitionCommand({ taskDefinition: family, include: ["TAGS"] }));
}

async function revisions(c: AwsClients, family: string): Promise<number[]> {
  const page = await c.ecs.send(
    new ecs.ListTaskDefinitionsCommand({ familyPrefix: family, status: "ACTIVE" }),
  );
  return (page.taskDefinitionArns ?? []).map((a) => Number(a.slice(a.lastIndexOf(":") + 1))).sort();
}

/** The live ARN of a workflow's notification connection (EventBridge picks its last part). */
async function connectionArn(c: AwsClients, workflow: string): Promise<string> {
  const connection = await c.events.send(
    new eventbridge.DescribeConnectionCommand({ Name: `${workflow}-notify` }),
  );
  expect(connection.ConnectionArn).toMatch(
    new RegExp(`^arn:aws:events:${testRegion}:${testAccount}:connection/${workflow}-notify/[0-9a-f-]{36}$`),
  );
  return connection.ConnectionArn!;
}

async function machineDefinition(c: AwsClients, name: string): Promise<unknown> {
  const sm = await c.sfn.send(
    new sfn.DescribeStateMachineCommand({ stateMachineArn: arn.stateMachine(name) }),
  );
  return JSON.parse(sm.definition ?? "null");
}

/** The call that creates the state machine `name` (the other workflow's goes through). */
const createsMachine = (call: AwsCall, name: string) =>
  call.operation === "CreateStateMachine" && (call.input as { name?: string }).name === name;

async function deployError(promise: Promise<unknown>): Promise<DeployError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DeployError);
  return error as DeployError;
}

const ownedBy = (workflow: string) => ({
  [tagKeys.project]: project,
  [tagKeys.workflow]: workflow,
  [tagKeys.bundle]: expect.stringMatching(/^sha256:[0-9a-f]{64}$/),
});

describe("fresh deploy", () => {
  it("the seed variant used below compiles to exactly examples/seed-migration's ads-hourly", () => {
    expect(seedVariant().files).toEqual(hourlyCompiled().files);
    // Its plain form: the same jobs, without a lock table or a connection.
    expect(seedVariant({ locks: false, notify: false }).manifest).toMatchObject({
      lockTable: null,
      notifyConnection: null,
    });
  });

  it("deploys examples/seed-migration: lock table, connection, and each workflow's task definition, state machine, rule and target read back as the bundle says", async () => {
    const c = clients();
    const compiled = seedCompiled();
    expect(compiled.map((w) => w.name)).toEqual(["ads-hourly", "ads-report"]);
    const bundle = bundleOf(...compiled);
    await prepareAccount(c, bundle, { roles: true });
    const { planned, result } = await planAndDeploy(c, bundle);
    // One lock table for both workflows (they share fuga.lock), and a lock machine each; for
    // ads-hourly, the only one that notifies, a connection, a notify machine and the rule that
    // starts it; the roles exist already.
    expect(changed(planned)).toEqual([
      "create connection ads-hourly-notify",
      "create lock-table batchflow-locks",
      "create rule ads-hourly",
      "create rule ads-hourly-notify",
      "create rule ads-report",
      "create state-machine ads-hourly",
      "create state-machine ads-hourly-locks",
      "create state-machine ads-hourly-notify",
      "create state-machine ads-report",
      "create state-machine ads-report-locks",
      "create task-definition ads-hourly",
      "create task-definition ads-report",
    ]);
    // The table and the connection first (the lock and notify machines name them), the lock
    // machines before the state machines that call them, rules last.
    const machineKind = (name: string) =>
      name.endsWith("-locks")
        ? "lock machine"
        : name.endsWith("-notify")
          ? "notify machine"
          : "state-machine";
    expect(result.applied.map((a) => (a.type === "state-machine" ? machineKind(a.name) : a.type))).toEqual([
      "lock-table",
      "connection",
      "task-definition",
      "task-definition",
      "lock machine",
      "lock machine",
      "notify machine",
      "state-machine",
      "state-machine",
      "rule",
      "rule",
      "rule",
    ]);

    // The lock table: the key the lock states write, on-demand, marked as batchflow's (it is
    // shared by every project in the region, so it has no project or workflow tag).
    const { Table: table } = await c.dynamodb.send(
      new dynamodb.DescribeTableCommand({ TableName: "batchflow-locks" }),
    );
    expect(table).toMatchObject({
      TableStatus: "ACTIVE",
      KeySchema: [{ AttributeName: "LockName", KeyType: "HASH" }],
      AttributeDefinitions: [{ AttributeName: "LockName", AttributeType: "S" }],
      BillingModeSummary: { BillingMode: "PAY_PER_REQUEST" },
    });
    const tableTags = await c.dynamodb.send(
      new dynamodb.ListTagsOfResourceCommand({ ResourceArn: table?.TableArn }),
    );
    expect(tableTags.Tags).toEqual([{ Key: tagKeys.managed, Value: "true" }]);

    // The connection of ads-hourly's Slack notifications, as notify-connection.json says (its
    // API key value is write-only: EventBridge does not return it).
    const wantedConnection = bundle[0]!.notifyConnection!;
    expect(wantedConnection.Name).toBe("ads-hourly-notify");
    expect(bundle[1]!.notifyConnection).toBeUndefined();
    const connection = await c.events.send(
      new eventbridge.DescribeConnectionCommand({ Name: "ads-hourly-notify" }),
    );
    expect(connection).toMatchObject({
      Name: "ads-hourly-notify",
      Description: wantedConnection.Description,
      AuthorizationType: "API_KEY",
      ConnectionState: "AUTHORIZED",
      AuthParameters: { ApiKeyAuthParameters: { ApiKeyName: "X-Batchflow-Notify" } },
    });
    const notifyArn = await connectionArn(c, "ads-hourly");

    const schedules = {
      "ads-hourly": {
        expression: "cron(35 * * * ? *)",
        description: "Hourly ad delivery batch (migrated from the cron server)",
      },
      "ads-report": {
        expression: "cron(0 3 * * ? *)",
        description: "Nightly ad report; skipped while fuga or foo holds fuga.lock",
      },
    };
    for (const w of compiled) {
      const name = w.name as keyof typeof schedules;
      // Task definition: every field of the RegisterTaskDefinition input, placeholders resolved.
      const td = await describeTaskDefinition(c, name);
      const input = w.taskDefinitions[name]!;
      expect(td.taskDefinition, name).toMatchObject({
        family: name,
        revision: 1,
        status: "ACTIVE",
        requiresCompatibilities: ["FARGATE"],
        networkMode: "awsvpc",
        cpu: "512",
        memory: "2048",
        runtimePlatform: input.runtimePlatform,
        executionRoleArn: arn.role(`${name}-execution`),
      });
      const container = td.taskDefinition?.containerDefinitions?.[0];
      expect(container, name).toMatchObject({
        name: "main",
        image: "000000000000.dkr.ecr.ap-northeast-1.amazonaws.com/batch:production",
        essential: true,
        command: ["make", "run"],
        logConfiguration: {
          logDriver: "awslogs",
          options: {
            "awslogs-group": `/batchflow/${name}`,
            "awslogs-region": testRegion,
            "awslogs-stream-prefix": name,
            "awslogs-create-group": "true",
          },
        },
      });
      expect(Object.fromEntries((td.tags ?? []).map((t) => [t.key, t.value])), name).toEqual(ownedBy(name));

      // State machine: the compiled ASL, placeholders resolved, the family pinned to revision 1.
      const sm = await c.sfn.send(
        new sfn.DescribeStateMachineCommand({ stateMachineArn: arn.stateMachine(name) }),
      );
      expect(JSON.parse(sm.definition ?? ""), name).toEqual(expectedAsl(w, { [name]: 1 }));
      expect(sm.definition).not.toContain("${");
      expect(sm, name).toMatchObject({ roleArn: arn.role(`${name}-sfn`), type: "STANDARD" });
      const smTags = await c.sfn.send(
        new sfn.ListTagsForResourceCommand({ resourceArn: sm.stateMachineArn }),
      );
      expect(Object.fromEntries((smTags.tags ?? []).map((t) => [t.key, t.value])), name).toEqual(
        ownedBy(name),
      );
      expect(smTags.tags?.find((t) => t.key === tagKeys.bundle)?.value).toBe(w.manifest.bundleHash);

      // Rule and target: UTC cron, the state machine, the schedule role, the workflow input.
      const rule = await c.events.send(new eventbridge.DescribeRuleCommand({ Name: name }));
      expect(rule, name).toMatchObject({
        ScheduleExpression: schedules[name].expression,
        State: "ENABLED",
        Description: schedules[name].description,
      });
      const targets = await c.events.send(new eventbridge.ListTargetsByRuleCommand({ Rule: name }));
      expect(targets.Targets, name).toEqual([
        {
          Id: "state-machine",
          Arn: arn.stateMachine(name),
          RoleArn: arn.role(`${name}-schedule`),
          Input: "{}",
        },
      ]);
      const ruleTags = await c.events.send(
        new eventbridge.ListTagsForResourceCommand({ ResourceARN: arn.rule(name) }),
      );
      expect(Object.fromEntries((ruleTags.Tags ?? []).map((t) => [t.Key, t.Value])), name).toEqual(
        ownedBy(name),
      );
    }
    // Only ads-hourly notifies: its notify machine names the live connection, no state machine does.
    const [hourly] = compiled;
    expect(await machineDefinition(c, "ads-hourly-notify")).toEqual(
      compiledFile(hourly!, "notify-machine.asl.json", notifyArn),
    );
    expect(JSON.stringify(await machineDefinition(c, "ads-hourly-notify"))).toContain(
      `"ConnectionArn":"${notifyArn}"`,
    );
    for (const name of ["ads-hourly", "ads-report"]) {
      expect(JSON.stringify(await machineDefinition(c, name))).not.toContain(":connection/");
    }
    // And the rule that starts it: the compiled pattern and target, tagged like the rest.
    const notifyRule = compiledFile(hourly!, "notify-rule.json") as NotifyRuleInput;
    const rule = await c.events.send(new eventbridge.DescribeRuleCommand({ Name: "ads-hourly-notify" }));
    expect(JSON.parse(rule.EventPattern ?? "")).toEqual(JSON.parse(notifyRule.rule.EventPattern));
    expect(JSON.parse(notifyRule.rule.EventPattern).detail.stateMachineArn).toEqual([
      arn.stateMachine("ads-hourly"),
    ]);
    const targets = await c.events.send(
      new eventbridge.ListTargetsByRuleCommand({ Rule: "ads-hourly-notify" }),
    );
    expect(targets.Targets).toEqual(notifyRule.targets.Targets);
    expect(targets.Targets?.[0]).toMatchObject({
      Arn: arn.stateMachine("ads-hourly-notify"),
      RoleArn: arn.role("ads-hourly-notify"),
    });
  });

  it("deploys examples/nightly-report with --create-roles: three families, a Scheduler schedule in the project's group, the roles", async () => {
    const c = clients();
    const compiled = nightlyCompiled();
    const bundle = bundleOf(compiled);
    await prepareAccount(c, bundle, { roles: false });
    const { planned } = await planAndDeploy(c, bundle, { createRoles: true });
    expect(changed(planned)).toEqual([
      "create role nightly-ad-report-execution",
      "create role nightly-ad-report-schedule",
      "create role nightly-ad-report-sfn",
      "create schedule nightly-ad-report",
      "create schedule-group batchflow-deploy-tests",
      "create state-machine nightly-ad-report",
      "create task-definition ad-report-large",
      "create task-definition ad-report-small",
      "create task-definition ad-report-small-notify-failure",
    ]);

    for (const [family, input] of Object.entries(compiled.taskDefinitions)) {
      const td = await describeTaskDefinition(c, family);
      expect(td.taskDefinition, family).toMatchObject({
        revision: 1,
        cpu: input.cpu,
        memory: input.memory,
        runtimePlatform: input.runtimePlatform,
        executionRoleArn: arn.role("nightly-ad-report-execution"),
        ...(input.ephemeralStorage ? { ephemeralStorage: input.ephemeralStorage } : {}),
      });
      expect(td.taskDefinition?.containerDefinitions?.[0]?.secrets ?? []).toEqual(
        input.containerDefinitions[0]!.secrets ?? [],
      );
    }
    expect(await machineDefinition(c, "nightly-ad-report")).toEqual(
      expectedAsl(compiled, {
        "ad-report-small": 1,
        "ad-report-large": 1,
        "ad-report-small-notify-failure": 1,
      }),
    );

    const schedule = await c.scheduler.send(
      new scheduler.GetScheduleCommand({ GroupName: "batchflow-deploy-tests", Name: "nightly-ad-report" }),
    );
    expect(schedule).toMatchObject({
      ScheduleExpression: "cron(30 2 * * ? *)",
      ScheduleExpressionTimezone: "Asia/Tokyo",
      State: "ENABLED",
      Description: "Nightly ad performance report",
      FlexibleTimeWindow: { Mode: "OFF" },
      Target: {
        Arn: arn.stateMachine("nightly-ad-report"),
        RoleArn: arn.role("nightly-ad-report-schedule"),
        Input: '{"date":"yesterday"}',
      },
    });
    const group = await c.scheduler.send(
      new scheduler.ListTagsForResourceCommand({
        ResourceArn: `arn:aws:scheduler:${testRegion}:${testAccount}:schedule-group/batchflow-deploy-tests`,
      }),
    );
    expect(group.Tags).toEqual([{ Key: tagKeys.project, Value: project }]);

    // Roles: trust for their service, the bundle's policy inline, owned.
    for (const role of compiled.manifest.roles) {
      const name = role.arn.slice(role.arn.lastIndexOf("/") + 1);
      const got = await c.iam.send(new iam.GetRoleCommand({ RoleName: name }));
      expect(JSON.parse(decodeURIComponent(got.Role?.AssumeRolePolicyDocument ?? ""))).toEqual({
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Principal: { Service: role.service }, Action: "sts:AssumeRole" }],
      });
      const policy = await c.iam.send(
        new iam.GetRolePolicyCommand({ RoleName: name, PolicyName: "batchflow" }),
      );
      const expected = JSON.parse(
        JSON.stringify(compiled.iam[role.policy!.slice(4, -5)])
          .replaceAll("${AWS::Partition}", "aws")
          .replaceAll("${AWS::Region}", testRegion)
          .replaceAll("${AWS::AccountId}", testAccount),
      );
      expect(JSON.parse(decodeURIComponent(policy.PolicyDocument ?? ""))).toEqual(expected);
      expect(Object.fromEntries((got.Role?.Tags ?? []).map((t) => [t.Key, t.Value]))).toEqual(
        ownedBy("nightly-ad-report"),
      );
    }
  });
});

describe("redeploy and changes", () => {
  it("a second deploy of the same bundle only reads, changes nothing and keeps every revision", async () => {
    const c = clients();
    const bundle = bundleOf(...seedCompiled(), nightlyCompiled());
    await prepareAccount(c, bundle, { roles: false });
    await planAndDeploy(c, bundle, { createRoles: true });
    const before = await snapshotAccount(c);

    const again = clients();
    const { planned, result } = await planAndDeploy(again, bundle, { createRoles: true });
    expect(planned.hasChanges).toBe(false);
    // ads-hourly and ads-report: a task definition, a state machine and its lock machine, a rule
    // and three roles each; ads-hourly's connection, notify machine, the rule that starts it and
    // that rule's role; the lock table they share; nightly-ad-report: three task definitions, a
    // state machine, a schedule, the project's schedule group and three roles.
    expect(planned.summary).toEqual({
      create: 0,
      update: 0,
      delete: 0,
      unchanged: 7 + 7 + 4 + 1 + 9,
      conflict: 0,
    });
    expect(result.applied).toEqual([]);
    expect(writes(again.calls)).toEqual([]);
    expect(await snapshotAccount(c)).toEqual(before);
    expect(await revisions(c, "ads-hourly")).toEqual([1]);
    expect(await revisions(c, "ads-report")).toEqual([1]);
  });

  it("changing only a job's command updates the state machine (a container override), registers no revision, as plan said", async () => {
    const c = clients();
    await prepareAccount(c, bundleOf(...seedCompiled()), { roles: true });
    await planAndDeploy(c, bundleOf(...seedCompiled()));

    const next = seedVariant({ hogeCommand: ["make", "run", "hoge", "--fast"] });
    const { planned, result } = await planAndDeploy(c, bundleOf(next, reportCompiled()));
    expect(changed(planned)).toEqual(["update state-machine ads-hourly"]);
    const diff =
      planned.changes.find((ch) => ch.name === "ads-hourly" && ch.type === "state-machine")?.diff ?? "";
    expect(diff).toMatch(/^\+\s+"--fast"$/m);
    // Only hoge's Task state changes (its last argument gains a comma); not its lock states.
    expect(diff.split("\n").filter((line) => /^[-+]/.test(line))).toEqual([
      expect.stringMatching(/^-\s+"hoge"$/),
      expect.stringMatching(/^\+\s+"hoge",$/),
      expect.stringMatching(/^\+\s+"--fast"$/),
    ]);
    expect(diff).not.toContain("TaskDefinition");
    expect(writes(result.calls)).toEqual(["states:TagResource", "states:UpdateStateMachine"]);
    expect(await revisions(c, "ads-hourly")).toEqual([1]);
    expect(await machineDefinition(c, "ads-hourly")).toEqual(expectedAsl(next, { "ads-hourly": 1 }));
  });

  it("a job's env taken out again is an update: the live definition is compared in full, not only where the bundle has keys", async () => {
    const c = clients();
    await prepareAccount(c, bundleOf(...seedCompiled()), { roles: true });
    await planAndDeploy(c, bundleOf(seedVariant({ hogeEnv: { MODE: "fast" } }), reportCompiled()));

    const { planned, result } = await planAndDeploy(c, bundleOf(...seedCompiled()));
    expect(changed(planned)).toEqual(["update state-machine ads-hourly"]);
    const diff =
      planned.changes.find((ch) => ch.name === "ads-hourly" && ch.type === "state-machine")?.diff ?? "";
    expect(diff).toMatch(/^-\s+"Environment": \[$/m);
    expect(diff).toMatch(/^-\s+"Value": "fast"$/m);
    expect(writes(result.calls)).toContain("states:UpdateStateMachine");
    expect(await machineDefinition(c, "ads-hourly")).toEqual(
      expectedAsl(seedCompiled()[0]!, { "ads-hourly": 1 }),
    );
    expect(changed(await plan({ clients: c, project, bundle: bundleOf(...seedCompiled()) }))).toEqual([]);
  });

  it("changing the image registers exactly one new revision and repins the state machine to it, as plan said", async () => {
    const c = clients();
    await prepareAccount(c, bundleOf(...seedCompiled()), { roles: true });
    await planAndDeploy(c, bundleOf(...seedCompiled()));
    const before = await snapshotAccount(c);

    const image = "000000000000.dkr.ecr.ap-northeast-1.amazonaws.com/batch:2026-12-01";
    const next = seedVariant({ image });
    const { planned, result } = await planAndDeploy(c, bundleOf(next, reportCompiled()));
    expect(changed(planned)).toEqual([
      "update state-machine ads-hourly",
      "update task-definition ads-hourly",
    ]);
    const changes = Object.fromEntries(
      planned.changes.filter((ch) => ch.action === "update").map((ch) => [ch.type, ch.diff ?? ""]),
    );
    expect(changes["task-definition"]).toMatch(new RegExp(`^\\+\\s+"image": "${image}",?$`, "m"));
    // Each of the three Task states (hoge, fuga, foo: the lock states around them run no task)
    // moves from revision 1 to the one deploy registers, and nothing else in the ASL changes.
    const machineDiff = (changes["state-machine"] ?? "").split("\n").filter((line) => /^[-+]/.test(line));
    expect(machineDiff.filter((line) => /^-\s+"TaskDefinition": "ads-hourly:1"$/.test(line))).toHaveLength(3);
    expect(
      machineDiff.filter((line) => /^\+\s+"TaskDefinition": "ads-hourly:\(new revision\)"$/.test(line)),
    ).toHaveLength(3);
    expect(machineDiff).toHaveLength(6);
    expect(writes(result.calls)).toEqual([
      "ecs:RegisterTaskDefinition",
      "states:TagResource",
      "states:UpdateStateMachine",
    ]);
    // Revision 1 stays ACTIVE: executions that started on it finish on it.
    expect(await revisions(c, "ads-hourly")).toEqual([1, 2]);
    expect(
      (await describeTaskDefinition(c, "ads-hourly")).taskDefinition?.containerDefinitions?.[0]?.image,
    ).toBe(image);
    expect(await machineDefinition(c, "ads-hourly")).toEqual(expectedAsl(next, { "ads-hourly": 2 }));
    // ads-report, whose image did not change in this bundle, is exactly as it was.
    const after = await snapshotAccount(c);
    expect(after.stateMachines["ads-report"]).toEqual(before.stateMachines["ads-report"]);
    expect(after.taskDefinitions["ads-report"]).toEqual(before.taskDefinitions["ads-report"]);
    expect(await revisions(c, "ads-report")).toEqual([1]);

    const again = await plan({ clients: c, project, bundle: bundleOf(next, reportCompiled()) });
    expect(again.hasChanges).toBe(false);
  });

  it("changing the schedule updates only the rule", async () => {
    const c = clients();
    await prepareAccount(c, bundleOf(...seedCompiled()), { roles: true });
    await planAndDeploy(c, bundleOf(...seedCompiled()));
    const { planned, result } = await planAndDeploy(
      c,
      bundleOf(seedVariant({ schedule: "5 * * * *" }), reportCompiled()),
    );
    expect(changed(planned)).toEqual(["update rule ads-hourly"]);
    expect(planned.changes.find((ch) => ch.type === "rule")?.diff).toMatch(
      /^\+\s+"ScheduleExpression": "cron\(5 \* \* \* \? \*\)",$/m,
    );
    expect(writes(result.calls)).toEqual(["events:TagResource", "events:PutRule"]);
    const rule = await c.events.send(new eventbridge.DescribeRuleCommand({ Name: "ads-hourly" }));
    expect(rule.ScheduleExpression).toBe("cron(5 * * * ? *)");
  });

  it("a workflow that gains a time zone moves from its rule to a Scheduler schedule, without --prune", async () => {
    const c = clients();
    await prepareAccount(c, bundleOf(...seedCompiled()), { roles: false });
    await planAndDeploy(c, bundleOf(...seedCompiled()), { createRoles: true });
    const { planned } = await planAndDeploy(
      c,
      bundleOf(seedVariant({ timezone: "Asia/Tokyo" }), reportCompiled()),
      { createRoles: true },
    );
    expect(changed(planned)).toEqual([
      "create schedule ads-hourly",
      "create schedule-group batchflow-deploy-tests",
      "delete rule ads-hourly",
      "update role ads-hourly-schedule",
    ]);
    // ads-report keeps its rule, ads-hourly the one that starts its notify machine.
    const rules = await c.events.send(new eventbridge.ListRulesCommand({}));
    expect((rules.Rules ?? []).map((r) => r.Name).sort()).toEqual(["ads-hourly-notify", "ads-report"]);
    const schedule = await c.scheduler.send(
      new scheduler.GetScheduleCommand({ GroupName: "batchflow-deploy-tests", Name: "ads-hourly" }),
    );
    expect(schedule.ScheduleExpressionTimezone).toBe("Asia/Tokyo");
  });
});

describe("several schedules", () => {
  it("one rule or Scheduler schedule per entry; a plain deploy deletes what the list drops, down to none", async () => {
    const c = clients();
    const plain = { locks: false, notify: false } as const;
    const one = seedVariant({ ...plain, schedules: [cron("35 * * * *")] });
    await prepareAccount(c, bundleOf(one), { roles: false });
    await planAndDeploy(c, bundleOf(one), { createRoles: true });

    // One to three: the first rule stays as it was, .2 is a Scheduler schedule, .3 a rule, and the
    // schedule role is trusted by both services.
    const tokyo = { timezone: "Asia/Tokyo" };
    const three = seedVariant({
      ...plain,
      schedules: [cron("35 * * * *"), cron("0 9 * * 1", tokyo), cron("30 0 1 * *")],
    });
    const grown = await planAndDeploy(c, bundleOf(three), { createRoles: true });
    expect(changed(grown.planned)).toEqual([
      "create rule ads-hourly.3",
      "create schedule ads-hourly.2",
      "create schedule-group batchflow-deploy-tests",
      "update role ads-hourly-schedule",
    ]);
    expect(writes(grown.result.calls).filter((w) => w.startsWith("events:"))).toEqual([
      "events:PutRule",
      "events:PutTargets",
    ]);
    const rule3 = await c.events.send(new eventbridge.DescribeRuleCommand({ Name: "ads-hourly.3" }));
    expect(rule3.ScheduleExpression).toBe("cron(30 0 1 * ? *)");
    const targets = await c.events.send(new eventbridge.ListTargetsByRuleCommand({ Rule: "ads-hourly.3" }));
    expect(targets.Targets).toEqual([
      expect.objectContaining({
        Id: "state-machine",
        Arn: arn.stateMachine("ads-hourly"),
        RoleArn: `arn:aws:iam::${testAccount}:role/ads-hourly-schedule`,
      }),
    ]);
    const tags = await c.events.send(new eventbridge.ListTagsForResourceCommand({ ResourceARN: rule3.Arn }));
    expect(Object.fromEntries((tags.Tags ?? []).map((t) => [t.Key, t.Value]))).toEqual(ownedBy("ads-hourly"));
    const second = await c.scheduler.send(
      new scheduler.GetScheduleCommand({ GroupName: "batchflow-deploy-tests", Name: "ads-hourly.2" }),
    );
    expect([second.ScheduleExpression, second.ScheduleExpressionTimezone, second.Target?.Arn]).toEqual([
      "cron(0 9 ? * 2 *)",
      "Asia/Tokyo",
      arn.stateMachine("ads-hourly"),
    ]);
    const role = await c.iam.send(new iam.GetRoleCommand({ RoleName: "ads-hourly-schedule" }));
    const trust = JSON.parse(decodeURIComponent(role.Role?.AssumeRolePolicyDocument ?? "{}"));
    expect(trust.Statement[0].Principal.Service).toEqual(["events.amazonaws.com", "scheduler.amazonaws.com"]);
    expect((await plan({ clients: c, project, bundle: bundleOf(three), createRoles: true })).hasChanges).toBe(
      false,
    );

    // Three to two, the second now in UTC: ads-hourly.2 moves from Scheduler to a rule, .3 goes.
    const two = seedVariant({ ...plain, schedules: [cron("35 * * * *"), cron("0 9 * * 1")] });
    const shrunk = await planAndDeploy(c, bundleOf(two), { createRoles: true });
    expect(changed(shrunk.planned)).toEqual([
      "create rule ads-hourly.2",
      "delete rule ads-hourly.3",
      "delete schedule ads-hourly.2",
      "update role ads-hourly-schedule",
    ]);
    expect(shrunk.planned.changes.find((ch) => ch.name === "ads-hourly.3")?.summary).toBe(
      "the workflow no longer starts from an EventBridge rule as its schedule 3",
    );

    // Two to none: both rules go, without --prune.
    const none = seedVariant({ ...plain, schedules: [] });
    const dropped = await planAndDeploy(c, bundleOf(none), { createRoles: true });
    expect(changed(dropped.planned)).toEqual(["delete rule ads-hourly", "delete rule ads-hourly.2"]);
    const rules = await c.events.send(new eventbridge.ListRulesCommand({}));
    expect((rules.Rules ?? []).map((r) => r.Name)).toEqual([]);
    const schedules = await c.scheduler.send(
      new scheduler.ListSchedulesCommand({ GroupName: "batchflow-deploy-tests" }),
    );
    expect(schedules.Schedules ?? []).toEqual([]);
    expect((await plan({ clients: c, project, bundle: bundleOf(none) })).hasChanges).toBe(false);
  });
});

describe("prune and ownership", () => {
  it("--prune deletes what a removed workflow owned, and nothing of another project or of nobody", async () => {
    const c = clients();
    // ads-daily: a copy of ads-hourly, with its locks (in the shared table) and its connection.
    const daily = seedVariant({ name: "ads-daily", schedule: "0 4 * * *" });
    const all = bundleOf(...seedCompiled(), nightlyCompiled(), daily);
    await prepareAccount(c, all, { roles: false });
    await planAndDeploy(c, all, { createRoles: true });

    // Resources batchflow does not own: one untagged, one of another batchflow project.
    await c.events.send(
      new eventbridge.PutRuleCommand({ Name: "handmade", ScheduleExpression: "rate(1 day)" }),
    );
    await c.sfn.send(
      new sfn.CreateStateMachineCommand({
        name: "other-project-flow",
        definition: JSON.stringify({ StartAt: "a", States: { a: { Type: "Pass", End: true } } }),
        roleArn: arn.role("someone"),
        tags: [{ key: tagKeys.project, value: "other-project" }],
      }),
    );
    await c.ecs.send(
      new ecs.RegisterTaskDefinitionCommand({
        family: "other-family",
        containerDefinitions: [{ name: "main", image: "busybox", memory: 128 }],
        tags: [{ key: tagKeys.project, value: "other-project" }],
      }),
    );
    const foreign = await snapshotAccount(c);

    // Without --prune nothing is deleted.
    const kept = await plan({ clients: c, project, bundle: bundleOf(...seedCompiled()), createRoles: true });
    expect(kept.hasChanges).toBe(false);

    const { planned, result } = await planAndDeploy(c, bundleOf(...seedCompiled()), {
      createRoles: true,
      prune: true,
    });
    // Everything of ads-daily (its connection, lock machine, notify machine and its rule and role
    // too) and of nightly-ad-report; not the lock table (shared, never deleted) nor the schedule
    // group (the project's).
    expect(changed(planned)).toEqual([
      "delete connection ads-daily-notify",
      "delete role ads-daily-execution",
      "delete role ads-daily-notify",
      "delete role ads-daily-schedule",
      "delete role ads-daily-sfn",
      "delete role nightly-ad-report-execution",
      "delete role nightly-ad-report-schedule",
      "delete role nightly-ad-report-sfn",
      "delete rule ads-daily",
      "delete rule ads-daily-notify",
      "delete schedule nightly-ad-report",
      "delete state-machine ads-daily",
      "delete state-machine ads-daily-locks",
      "delete state-machine ads-daily-notify",
      "delete state-machine nightly-ad-report",
      "delete task-definition ad-report-large",
      "delete task-definition ad-report-small",
      "delete task-definition ad-report-small-notify-failure",
      "delete task-definition ads-daily",
    ]);
    // The lock and notify machines go after the state machine, the notify rule before it.
    const deleted = result.applied.map((a) => `${a.type} ${a.name}`);
    const at = (what: string) => deleted.indexOf(what);
    expect(at("state-machine ads-daily-locks")).toBeGreaterThan(at("state-machine ads-daily"));
    expect(at("state-machine ads-daily-notify")).toBeGreaterThan(at("state-machine ads-daily"));
    expect(at("rule ads-daily-notify")).toBeLessThan(at("state-machine ads-daily"));
    const after = await snapshotAccount(c);
    expect(Object.keys(after.stateMachines)).toEqual([
      "ads-hourly",
      "ads-hourly-locks",
      "ads-hourly-notify",
      "ads-report",
      "ads-report-locks",
      "other-project-flow",
    ]);
    expect(Object.keys(after.rules)).toEqual(["ads-hourly", "ads-hourly-notify", "ads-report", "handmade"]);
    expect(after.schedules).toEqual({});
    expect(Object.keys(after.roles)).toEqual([
      "ads-hourly-execution",
      "ads-hourly-notify",
      "ads-hourly-schedule",
      "ads-hourly-sfn",
      "ads-report-execution",
      "ads-report-schedule",
      "ads-report-sfn",
    ]);
    expect(Object.keys(after.connections)).toEqual(["ads-hourly-notify"]);
    expect(after.tables).toEqual(foreign.tables);
    for (const family of ["ads-daily", "ad-report-large", "ad-report-small"]) {
      expect(await revisions(c, family), family).toEqual([]);
    }
    // What was not ours is exactly as it was.
    expect(after.stateMachines["other-project-flow"]).toEqual(foreign.stateMachines["other-project-flow"]);
    expect(after.rules.handmade).toEqual(foreign.rules.handmade);
    expect(after.taskDefinitions["other-family"]).toEqual(foreign.taskDefinitions["other-family"]);
    expect(after.stateMachines["ads-hourly"]).toEqual(foreign.stateMachines["ads-hourly"]);
    expect(after.stateMachines["ads-report"]).toEqual(foreign.stateMachines["ads-report"]);
    expect(after.connections["ads-hourly-notify"]).toEqual(foreign.connections["ads-hourly-notify"]);

    const again = await plan({
      clients: c,
      project,
      bundle: bundleOf(...seedCompiled()),
      createRoles: true,
      prune: true,
    });
    expect(again.hasChanges).toBe(false);
  });

  it("a rule of the same name that this project does not own is reported as a conflict and never touched", async () => {
    const c = clients();
    const bundle = bundleOf(...seedCompiled());
    await prepareAccount(c, bundle, { roles: true });
    await c.events.send(
      new eventbridge.PutRuleCommand({
        Name: "ads-hourly",
        ScheduleExpression: "rate(5 minutes)",
        State: "DISABLED",
      }),
    );
    const before = await snapshotAccount(c);

    const planned = await plan({ clients: c, project, bundle });
    const conflicts = planned.changes.filter((ch) => ch.action === "conflict");
    expect(conflicts).toHaveLength(1);
    expect(conflicts[0]).toMatchObject({ type: "rule", name: "ads-hourly" });
    expect(conflicts[0]?.summary).toContain("not created by batchflow");

    const deploying = clients();
    const error = await deployError(deploy({ clients: deploying, project, bundle, plan: planned }));
    expect(error.code).toBe("BF1611");
    expect(error.message).toContain("rule ads-hourly");
    expect(writes(deploying.calls)).toEqual([]);
    expect(await snapshotAccount(c)).toEqual(before);
  });

  it("a state machine of the same name that belongs to another batchflow project is a conflict", async () => {
    const c = clients();
    const bundle = bundleOf(...seedCompiled());
    await prepareAccount(c, bundle, { roles: true });
    await deploy({ clients: c, project: "someone-else", bundle });
    const before = await snapshotAccount(c);
    const planned = await plan({ clients: c, project, bundle });
    expect(
      planned.changes.filter((ch) => ch.action === "conflict").map((ch) => `${ch.type} ${ch.summary}`),
    ).toEqual([
      // No tags on connections: the connection is the other project's because its workflow's
      // state machine is.
      "connection connection ads-hourly-notify is named after workflow ads-hourly, whose state machine this project does not own",
      'task-definition family ads-hourly (latest revision 1) belongs to batchflow project "someone-else"',
      'task-definition family ads-report (latest revision 1) belongs to batchflow project "someone-else"',
      'state-machine state machine ads-hourly-locks belongs to batchflow project "someone-else"',
      'state-machine state machine ads-report-locks belongs to batchflow project "someone-else"',
      'state-machine state machine ads-hourly-notify belongs to batchflow project "someone-else"',
      'state-machine state machine ads-hourly belongs to batchflow project "someone-else"',
      'state-machine state machine ads-report belongs to batchflow project "someone-else"',
      'rule rule ads-hourly belongs to batchflow project "someone-else"',
      'rule rule ads-hourly-notify belongs to batchflow project "someone-else"',
      'rule rule ads-report belongs to batchflow project "someone-else"',
    ]);
    // The lock table is no project's: shared, it is simply used.
    expect(planned.changes.find((ch) => ch.type === "lock-table")).toMatchObject({
      name: "batchflow-locks",
      action: "unchanged",
      summary: "ACTIVE, hash key LockName (S); used by ads-hourly, ads-report",
    });
    expect((await deployError(deploy({ clients: c, project, bundle, prune: true }))).code).toBe("BF1611");
    expect(await snapshotAccount(c)).toEqual(before);
  });
});

describe("errors", () => {
  it("checks the ASL with asl-validator before any AWS call", async () => {
    const c = clients();
    const compiled = hourlyCompiled();
    const broken = {
      ...bundleOf(compiled)[0]!,
      stateMachine: { ...compiled.stateMachine, StartAt: "nowhere" },
    };
    const error = await deployError(deploy({ clients: c, project, bundle: [broken] }));
    expect(error.code).toBe("BF1609");
    expect(error.diagnostics[0]?.workflow).toBe("ads-hourly");
    expect(c.calls).toEqual([]);
  });

  it("names a missing cluster and missing roles in one problem, with the commands that set them up, before changing anything", async () => {
    const c = clients();
    const error = await deployError(deploy({ clients: c, project, bundle: bundleOf(...seedCompiled()) }));
    // The cluster both workflows run on, once; each workflow's three roles and ads-hourly's
    // notify role: one problem, not eight.
    expect(error.diagnostics.map((d) => d.code)).toEqual(["BF1650"]);
    const roles = ["ads-hourly", "ads-report"].flatMap((w) => [
      `${w}-sfn`,
      `${w}-execution`,
      `${w}-schedule`,
      ...(w === "ads-hourly" ? [`${w}-notify`] : []),
    ]);
    expect(error.diagnostics[0]?.message).toBe(
      [
        `account ${testAccount} (${testRegion}) does not have what these workflows run on yet:`,
        "    the ECS cluster batch, used by ads-hourly and ads-report",
        `    7 IAM roles batchflow names: ${roles.join(", ")}`,
      ].join("\n"),
    );
    expect(error.diagnostics[0]?.hint).toBe(
      [
        "batchflow does not create clusters; --create-roles creates the roles from iam/*.json. Run next:",
        // The endpoint the clients were made with: the next commands reach the same account.
        `    aws ecs create-cluster --cluster-name batch --region ${testRegion} --endpoint-url ${moto().endpoint}`,
        `    batchflow deploy --create-roles --region ${testRegion} --endpoint-url ${moto().endpoint}`,
      ].join("\n"),
    );
    expect(writes(c.calls)).toEqual([]);
  });

  it("names a single missing cluster or role in a problem of its own, with the command that fixes it", async () => {
    const c = clients();
    const bundle = bundleOf(...seedCompiled());
    const cluster = await deployError(deploy({ clients: c, project, bundle, createRoles: true }));
    expect(cluster.diagnostics.map((d) => `${d.code} ${d.workflow}`)).toEqual(["BF1607 ads-hourly"]);
    expect(cluster.diagnostics[0]?.message).toBe(
      `the ECS cluster "batch" does not exist in ${testRegion} (account ${testAccount})`,
    );
    expect(cluster.diagnostics[0]?.hint).toContain(
      `create it: aws ecs create-cluster --cluster-name batch --region ${testRegion} --endpoint-url ${moto().endpoint} (batchflow does not create clusters)`,
    );
    await prepareAccount(c, bundle, { roles: true });
    await c.iam.send(new iam.DeleteRoleCommand({ RoleName: "ads-report-sfn" }));
    const role = await deployError(deploy({ clients: c, project, bundle }));
    expect(role.diagnostics.map((d) => `${d.code} ${d.workflow}`)).toEqual(["BF1608 ads-report"]);
    expect(role.diagnostics[0]?.message).toBe(
      `the state machine role ${arn.role("ads-report-sfn")} does not exist`,
    );
    expect(role.diagnostics[0]?.hint).toMatch(
      /^run batchflow deploy --create-roles --region \S+ --endpoint-url http:\S+ to create it from iam\/state-machine-role\.json/,
    );
  });

  it("explains AccessDenied: the action, the resource and the deployer policy statement that allows it", async () => {
    const setup = clients();
    const bundle = bundleOf(...seedCompiled());
    await prepareAccount(setup, bundle, { roles: true });
    const denied = clients({
      beforeCall: (call) => {
        if (createsMachine(call, "ads-hourly")) {
          throw awsError(
            "AccessDeniedException",
            `User: arn:aws:iam::${testAccount}:user/ci is not authorized to perform: states:CreateStateMachine on resource: ${arn.stateMachine("ads-hourly")} because no identity-based policy allows the states:CreateStateMachine action`,
          );
        }
      },
    });
    const error = await deployError(deploy({ clients: denied, project, bundle }));
    expect(error.code).toBe("BF1603");
    expect(error.diagnostics[0]?.message).toContain(
      `access denied: states:CreateStateMachine on ${arn.stateMachine("ads-hourly")}`,
    );
    expect(error.diagnostics[0]?.hint).toContain('statement "BatchflowStateMachines"');
    expect(error.diagnostics[0]?.hint).toContain('"states:CreateStateMachine"');
  });

  it("reports a definition the service rejects, and no credentials, as deploy errors", async () => {
    const setup = clients();
    const bundle = bundleOf(...seedCompiled());
    await prepareAccount(setup, bundle, { roles: true });
    const rejecting = clients({
      beforeCall: (call) => {
        if (createsMachine(call, "ads-hourly")) {
          throw awsError("InvalidDefinition", "Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED'");
        }
      },
    });
    const rejected = await deployError(deploy({ clients: rejecting, project, bundle }));
    expect(rejected.code).toBe("BF1610");
    expect(rejected.message).toContain("AWS rejected states:CreateStateMachine (state machine ads-hourly)");

    const { createClients } = await import("@batchflow/deploy");
    const anonymous = createClients({
      region: testRegion,
      endpoint: moto().endpoint,
      credentials: async () => {
        throw Object.assign(new Error("Could not load credentials from any providers"), {
          name: "CredentialsProviderError",
        });
      },
    });
    const noCredentials = await deployError(deploy({ clients: anonymous, project, bundle }));
    expect(noCredentials.code).toBe("BF1601");
  });

  it("reports an endpoint that does not answer", async () => {
    const { createClients } = await import("@batchflow/deploy");
    const nowhere = createClients({
      region: testRegion,
      endpoint: "http://127.0.0.1:9",
      credentials: { accessKeyId: "a", secretAccessKey: "b" },
      maxAttempts: 1,
    });
    const error = await deployError(plan({ clients: nowhere, project, bundle: bundleOf(...seedCompiled()) }));
    expect(error.code).toBe("BF1605");

    // A web page at the endpoint (moto's dashboard, a proxy's error page) is named as such.
    const { createServer } = await import("node:http");
    const page = createServer((_, res) => {
      res.writeHead(200, { "content-type": "text/html" });
      res.end("<!doctype html><html><head><link rel=stylesheet></head><body>dashboard</body></html>");
    });
    await new Promise<void>((listening) => page.listen(0, "127.0.0.1", listening));
    try {
      const { port } = page.address() as { port: number };
      const html = createClients({
        region: testRegion,
        endpoint: `http://127.0.0.1:${port}/moto-api`,
        credentials: { accessKeyId: "a", secretAccessKey: "b" },
        maxAttempts: 1,
      });
      const wrong = await deployError(plan({ clients: html, project, bundle: bundleOf(...seedCompiled()) }));
      expect(wrong.diagnostics[0]).toMatchObject({
        code: "BF1605",
        message: expect.stringContaining("with something that is not an AWS API response"),
      });
      expect(wrong.diagnostics[0]?.message).not.toContain("$response");
      html.destroy();
    } finally {
      page.close();
    }
  });

  it("waits for a role it just created to become assumable, then goes on", async () => {
    const setup = clients();
    const bundle = bundleOf(...seedCompiled());
    await prepareAccount(setup, bundle, { roles: false });
    let refusals = 2;
    const c = clients({
      beforeCall: (call) => {
        if (createsMachine(call, "ads-hourly") && refusals-- > 0) {
          throw awsError(
            "AccessDeniedException",
            "Neither the global service principal states.amazonaws.com, nor the regional one is authorized to assume the provided role.",
          );
        }
      },
    });
    const waits: string[] = [];
    const result = await deploy({
      clients: c,
      project,
      bundle,
      createRoles: true,
      roleWaitMs: 2000,
      onEvent: (e) => {
        if (e.type === "waiting") waits.push(e.change.name);
      },
    });
    expect(waits).toEqual(["ads-hourly", "ads-hourly"]);
    const machines = result.applied.filter((a) => a.type === "state-machine");
    expect(Object.fromEntries(machines.map((a) => [a.name, a.detail]))).toEqual({
      "ads-hourly-locks": "created",
      "ads-hourly-notify": "created",
      "ads-hourly": "created, running ads-hourly:1",
      "ads-report-locks": "created",
      "ads-report": "created, running ads-report:1",
    });
  });

  it("refuses an unknown workflow name and two workflows that define one family differently", async () => {
    const c = clients();
    const unknown = await deployError(
      plan({ clients: c, project, bundle: bundleOf(...seedCompiled()), workflows: ["ads-hourlyy"] }),
    );
    expect(unknown.code).toBe("BF1614");
    expect(unknown.diagnostics[0]?.hint).toBe("the workflows are: ads-hourly, ads-report");

    const a = seedVariant({ name: "a" });
    const b = seedVariant({ name: "b", image: "busybox" });
    const clash = {
      ...bundleOf(b)[0]!,
      taskDefinitions: { a: { ...b.taskDefinitions.b!, family: "a" } },
    };
    const error = await deployError(plan({ clients: c, project, bundle: [...bundleOf(a), clash] }));
    expect(error.code).toBe("BF1616");
  });
});

function awsError(name: string, message: string): Error {
  return Object.assign(new Error(message), { name, $fault: "client", $metadata: { httpStatusCode: 400 } });
}

describe("docs/deploy.md", () => {
  it("shows the deployer policy deploy's AccessDenied hints refer to", () => {
    const doc = readFileSync(join(repoRoot, "docs/deploy.md"), "utf8");
    const block = /<!-- the deployer policy[^>]*-->\s*```json\n([\s\S]*?)\n```/.exec(doc)?.[1];
    expect(JSON.parse(block ?? "null")).toEqual(deployerPolicy());
  });
});
