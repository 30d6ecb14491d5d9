// Notifications against moto_server. Slack notification connections: deploy creates each workflow's
// EventBridge connection, puts its real ARN in place of ${Batchflow::NotifyConnectionArn} in the
// notify machine, keeps it up to date, and prune deletes only the connections of this project's
// pruned workflows. The notify machine (`<workflow>-notify`) and the rule that starts it: created
// with the workflow, updated, deleted when it stops notifying or is pruned.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { notifyConnectionDefinition, notifyConnectionPlaceholder } from "@batchflow/aws";
import {
  type AwsCall,
  type AwsClients,
  DeployError,
  deploy,
  isReadCall,
  type Plan,
  plan,
  readBundle,
  tagKeys,
} from "@batchflow/deploy";
import { eventbridge, iam, sfn } from "@batchflow/deploy/aws-sdk";
import { describe, expect, it } from "vitest";
import { notifyRule } from "../packages/deploy/src/bundle/bundle-test-support.js";
import { snapshotAccount } from "./support/aws-snapshot.js";
import { relistBundleDir, writeBundleDir } from "./support/bundle-dir.js";
import {
  arn,
  bundleOf,
  createTaggedMachine,
  handWritten,
  prepareAccount,
  project,
  seedVariant,
} from "./support/deploy-fixtures.js";
import { motoClients, testAccount, testRegion, useMoto } from "./support/moto.js";

const moto = useMoto();
const clients = (): AwsClients => motoClients(moto());

/** The seed workflow renamed, with its Slack notifications but not its locks (see deploy-lock.test.ts). */
const notifying = (name: string) => seedVariant({ name, locks: false });
/** The same jobs without notifications or locks. */
const plainVariant = (name: string) => seedVariant({ name, locks: false, notify: false });
const changed = (p: Plan) =>
  p.changes
    .filter((c) => c.action !== "unchanged")
    .map((c) => `${c.action} ${c.type} ${c.name}`)
    .sort();
const writes = (calls: ReadonlyArray<AwsCall>) =>
  calls.filter((c) => !isReadCall(c)).map((c) => `${c.service}:${c.operation}`);
const connectionArnPattern = (name: string) =>
  new RegExp(`^arn:aws:events:${testRegion}:${testAccount}:connection/${name}/[0-9a-f-]{36}$`);

async function describeConnection(c: AwsClients, name: string) {
  return c.events.send(new eventbridge.DescribeConnectionCommand({ Name: name }));
}

async function connectionNames(c: AwsClients): Promise<string[]> {
  const list = await c.events.send(new eventbridge.ListConnectionsCommand({}));
  return (list.Connections ?? []).map((x) => x.Name ?? "").sort();
}

async function machineDefinition(c: AwsClients, name: string): Promise<string> {
  const sm = await c.sfn.send(
    new sfn.DescribeStateMachineCommand({ stateMachineArn: arn.stateMachine(name) }),
  );
  return sm.definition ?? "";
}

async function deployError(promise: Promise<unknown>): Promise<DeployError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DeployError);
  return error as DeployError;
}

/** A connection nobody's batchflow made. */
async function handmadeConnection(c: AwsClients, name: string, description = "made by hand") {
  await c.events.send(
    new eventbridge.CreateConnectionCommand({
      Name: name,
      Description: description,
      AuthorizationType: "API_KEY",
      AuthParameters: { ApiKeyAuthParameters: { ApiKeyName: "X-Key", ApiKeyValue: "secret" } },
    }),
  );
}

describe("the notification connection", () => {
  it("a fresh deploy creates it and the notify machine names its real ARN; a redeploy only reads", async () => {
    const c = clients();
    const compiled = notifying("ads-hourly");
    const bundle = bundleOf(compiled);
    await prepareAccount(c, bundle, { roles: false });
    const planned = await plan({ clients: c, project, bundle, createRoles: true });
    expect(planned.changes.find((ch) => ch.type === "connection")).toMatchObject({
      name: "ads-hourly-notify",
      workflow: "ads-hourly",
      action: "create",
      summary: "EventBridge connection of the Slack notifications (API_KEY, header X-Batchflow-Notify)",
    });
    const result = await deploy({ clients: c, project, bundle, createRoles: true, plan: planned });
    // The connection comes first: the notify machine needs its ARN.
    expect(result.applied.map((a) => a.type).slice(0, 2)).toEqual(["connection", "role"]);
    expect(result.applied[0]?.detail).toBe("created (AUTHORIZED)");

    const live = await describeConnection(c, "ads-hourly-notify");
    const wanted = notifyConnectionDefinition("ads-hourly");
    expect(live).toMatchObject({
      Name: "ads-hourly-notify",
      Description: wanted.Description,
      AuthorizationType: "API_KEY",
      ConnectionState: "AUTHORIZED",
      AuthParameters: { ApiKeyAuthParameters: { ApiKeyName: "X-Batchflow-Notify" } },
    });
    expect(live.ConnectionArn).toMatch(connectionArnPattern("ads-hourly-notify"));

    const definition = await machineDefinition(c, "ads-hourly-notify");
    expect(definition).not.toContain("${Batchflow::");
    expect(definition).not.toContain("${AWS::");
    expect(definition).toContain(`"Authentication":{"ConnectionArn":"${live.ConnectionArn}"}`);
    expect(await machineDefinition(c, "ads-hourly")).not.toContain(":connection/");

    // The state machine role, which the notify machine runs with, carries the notification statements as compiled.
    const policy = await c.iam.send(
      new iam.GetRolePolicyCommand({ RoleName: "ads-hourly-sfn", PolicyName: "batchflow" }),
    );
    expect(JSON.parse(decodeURIComponent(policy.PolicyDocument ?? "")).Statement).toContainEqual({
      Sid: "NotifyConnectionSecret",
      Effect: "Allow",
      Action: ["secretsmanager:DescribeSecret", "secretsmanager:GetSecretValue"],
      Resource: [
        `arn:aws:secretsmanager:${testRegion}:${testAccount}:secret:events!connection/ads-hourly-notify/*`,
      ],
    });

    const before = await snapshotAccount(c);
    const again = clients();
    const second = await deploy({ clients: again, project, bundle, createRoles: true });
    expect(second.plan.hasChanges).toBe(false);
    expect(second.plan.changes.find((ch) => ch.type === "connection")).toMatchObject({
      action: "unchanged",
      arn: live.ConnectionArn,
    });
    expect(writes(again.calls)).toEqual([]);
    expect(await snapshotAccount(c)).toEqual(before);
  });

  it("a changed description is an UpdateConnection (same ARN), and nothing else changes", async () => {
    const c = clients();
    const bundle = bundleOf(notifying("ads-hourly"));
    await prepareAccount(c, bundle, { roles: true });
    await deploy({ clients: c, project, bundle });
    const { ConnectionArn } = await describeConnection(c, "ads-hourly-notify");
    await c.events.send(
      new eventbridge.UpdateConnectionCommand({
        Name: "ads-hourly-notify",
        Description: "edited in the console",
      }),
    );

    const planned = await plan({ clients: c, project, bundle });
    expect(changed(planned)).toEqual(["update connection ads-hourly-notify"]);
    const diff = planned.changes.find((ch) => ch.type === "connection")?.diff ?? "";
    expect(diff).toMatch(/^- +"Description": "edited in the console"$/m);
    expect(diff).toMatch(/^\+ +"Description": "batchflow notifications of workflow ads-hourly"$/m);

    const deploying = clients();
    await deploy({ clients: deploying, project, bundle, plan: planned });
    expect(writes(deploying.calls)).toEqual(["events:UpdateConnection"]);
    const after = await describeConnection(c, "ads-hourly-notify");
    expect(after.Description).toBe("batchflow notifications of workflow ads-hourly");
    expect(after.ConnectionArn).toBe(ConnectionArn);
    expect((await plan({ clients: c, project, bundle })).hasChanges).toBe(false);
  });

  it("--prune deletes the connection of a pruned workflow, and no other connection", async () => {
    const c = clients();
    const all = bundleOf(notifying("ads-a"), notifying("ads-b"), plainVariant("ads-c"));
    await prepareAccount(c, all, { roles: false });
    await deploy({ clients: c, project, bundle: all, createRoles: true });
    // Not this project's: a connection named after no workflow, and one named after a workflow
    // this project never had.
    await handmadeConnection(c, "slack-alerts");
    await handmadeConnection(c, "someone-notify");
    const before = await snapshotAccount(c);

    const kept = bundleOf(notifying("ads-a"), plainVariant("ads-c"));
    const withoutPrune = await plan({ clients: c, project, bundle: kept, createRoles: true });
    expect(withoutPrune.hasChanges).toBe(false);

    const result = await deploy({ clients: c, project, bundle: kept, createRoles: true, prune: true });
    expect(changed(result.plan)).toEqual([
      "delete connection ads-b-notify",
      "delete role ads-b-execution",
      "delete role ads-b-notify",
      "delete role ads-b-schedule",
      "delete role ads-b-sfn",
      "delete rule ads-b",
      "delete rule ads-b-notify",
      "delete state-machine ads-b",
      "delete state-machine ads-b-notify",
      "delete task-definition ads-b",
    ]);
    expect(
      result.plan.changes.find((ch) => ch.type === "connection" && ch.action === "delete"),
    ).toMatchObject({
      workflow: "ads-b",
      summary: "its workflow is pruned",
    });
    // The connection goes before the state machine that makes it this project's.
    const order = result.applied.map((a) => `${a.type} ${a.name}`);
    expect(order.indexOf("connection ads-b-notify")).toBeLessThan(order.indexOf("state-machine ads-b"));
    expect(await connectionNames(c)).toEqual(["ads-a-notify", "slack-alerts", "someone-notify"]);
    const after = await snapshotAccount(c);
    for (const name of ["ads-a-notify", "slack-alerts", "someone-notify"]) {
      expect(after.connections[name], name).toEqual(before.connections[name]);
    }
    expect(
      (await plan({ clients: c, project, bundle: kept, createRoles: true, prune: true })).hasChanges,
    ).toBe(false);
  });

  it("a workflow that stops notifying: its notify machine, which names the connection, goes at once, the connection with --prune", async () => {
    const c = clients();
    await prepareAccount(c, bundleOf(notifying("ads-hourly")), { roles: true });
    await deploy({ clients: c, project, bundle: bundleOf(notifying("ads-hourly")) });

    const quiet = bundleOf(plainVariant("ads-hourly"));
    const plain = await deploy({ clients: c, project, bundle: quiet });
    expect(changed(plain.plan)).toEqual([
      "delete rule ads-hourly-notify",
      "delete state-machine ads-hourly-notify",
    ]);
    expect(await connectionNames(c)).toEqual(["ads-hourly-notify"]);

    const pruned = await deploy({ clients: c, project, bundle: quiet, prune: true });
    expect(changed(pruned.plan)).toEqual(["delete connection ads-hourly-notify"]);
    expect(pruned.plan.changes[pruned.plan.changes.length - 1]?.summary).toBe(
      "its workflow no longer sends notifications",
    );
    expect(await connectionNames(c)).toEqual([]);
  });

  it("a workflow that starts notifying: the connection, the notify machine naming it and its rule are created; the state machine stays as it is", async () => {
    const c = clients();
    const bundle = bundleOf(notifying("ads-hourly"));
    // Its roles, the notify role included.
    await prepareAccount(c, bundle, { roles: true });
    await deploy({ clients: c, project, bundle: bundleOf(plainVariant("ads-hourly")) });
    const planned = await plan({ clients: c, project, bundle });
    expect(changed(planned)).toEqual([
      "create connection ads-hourly-notify",
      "create rule ads-hourly-notify",
      "create state-machine ads-hourly-notify",
    ]);
    await deploy({ clients: c, project, bundle, plan: planned });
    const { ConnectionArn } = await describeConnection(c, "ads-hourly-notify");
    expect(await machineDefinition(c, "ads-hourly-notify")).toContain(`"ConnectionArn":"${ConnectionArn}"`);
    expect((await plan({ clients: c, project, bundle })).hasChanges).toBe(false);
  });
});

describe("ownership and errors", () => {
  it("a connection of that name with another description, and no state machine yet, is a conflict: nothing is changed", async () => {
    const c = clients();
    const bundle = bundleOf(notifying("ads-hourly"));
    await prepareAccount(c, bundle, { roles: true });
    await handmadeConnection(c, "ads-hourly-notify", "the team's webhook");
    const before = await snapshotAccount(c);

    const planned = await plan({ clients: c, project, bundle });
    const conflict = planned.changes.find((ch) => ch.action === "conflict");
    expect(conflict).toMatchObject({ type: "connection", name: "ads-hourly-notify", workflow: "ads-hourly" });
    expect(conflict?.summary).toBe(
      'connection ads-hourly-notify exists and was not created by batchflow for workflow ads-hourly (its description is "the team\'s webhook")',
    );
    const deploying = clients();
    const error = await deployError(deploy({ clients: deploying, project, bundle, plan: planned }));
    expect(error.code).toBe("BF1611");
    expect(error.diagnostics[0]?.hint).toContain("connections cannot be tagged");
    expect(writes(deploying.calls)).toEqual([]);
    expect(await snapshotAccount(c)).toEqual(before);
  });

  it("a connection left by a first deploy that stopped before its state machine is taken up again", async () => {
    const c = clients();
    const bundle = bundleOf(notifying("ads-hourly"));
    await prepareAccount(c, bundle, { roles: true });
    await c.events.send(
      new eventbridge.CreateConnectionCommand({ ...notifyConnectionDefinition("ads-hourly") }),
    );
    const planned = await plan({ clients: c, project, bundle });
    expect(planned.changes.find((ch) => ch.type === "connection")?.action).toBe("unchanged");
    await deploy({ clients: c, project, bundle, plan: planned });
    const { ConnectionArn } = await describeConnection(c, "ads-hourly-notify");
    expect(await machineDefinition(c, "ads-hourly-notify")).toContain(ConnectionArn!);
  });

  it("the connection placeholder in a workflow without a notifyConnection is BF1615, before any AWS write", async () => {
    const c = clients();
    const [w] = bundleOf(notifying("ads-hourly"));
    const { notifyConnection: _dropped, ...broken } = {
      ...w!,
      manifest: { ...w!.manifest, notifyConnection: null },
    };
    const error = await deployError(plan({ clients: c, project, bundle: [broken] }));
    expect(error.code).toBe("BF1615");
    expect(error.message).toContain(notifyConnectionPlaceholder);
    expect(writes(c.calls)).toEqual([]);
  });
});

describe("the notify machine and the rule that starts it", () => {
  // Written by hand until compile emits them: a Pass state machine, its notify machine (Slack: an
  // HTTP task naming the connection), the rule on its status changes and the rule's role.
  const slack = (name: string, options: Parameters<typeof handWritten>[1] = {}) =>
    handWritten(name, { notify: "slack", ...options });
  const quiet = (name: string) => handWritten(name);
  const statusChanges = (name: string, statuses = ["FAILED", "SUCCEEDED"]) => ({
    source: ["aws.states"],
    "detail-type": ["Step Functions Execution Status Change"],
    detail: { stateMachineArn: [arn.stateMachine(name)], status: statuses },
  });
  const describeRule = (c: AwsClients, name: string) =>
    c.events.send(new eventbridge.DescribeRuleCommand({ Name: name }));
  const targets = async (c: AwsClients, name: string) =>
    (await c.events.send(new eventbridge.ListTargetsByRuleCommand({ Rule: name }))).Targets;
  const tagsOf = async (c: AwsClients, kind: "rule" | "stateMachine", name: string) =>
    kind === "rule"
      ? Object.fromEntries(
          (
            (await c.events.send(new eventbridge.ListTagsForResourceCommand({ ResourceARN: arn.rule(name) })))
              .Tags ?? []
          ).map((t) => [t.Key, t.Value]),
        )
      : Object.fromEntries(
          (
            (await c.sfn.send(new sfn.ListTagsForResourceCommand({ resourceArn: arn.stateMachine(name) })))
              .tags ?? []
          ).map((t) => [t.key, t.value]),
        );
  const names = async (c: AwsClients) => ({
    machines: ((await c.sfn.send(new sfn.ListStateMachinesCommand({}))).stateMachines ?? [])
      .map((m) => m.name)
      .sort(),
    rules: ((await c.events.send(new eventbridge.ListRulesCommand({}))).Rules ?? [])
      .map((r) => r.Name)
      .sort(),
  });

  it("a workflow with notify gets its role, its notify machine before its state machine, then the rule with its pattern and target; a redeploy only reads", async () => {
    const c = clients();
    const [w] = [slack("ads-hourly")];
    const bundle = [w!];
    const planned = await plan({ clients: c, project, bundle, createRoles: true });
    expect(changed(planned)).toEqual([
      "create connection ads-hourly-notify",
      "create role ads-hourly-notify",
      "create role ads-hourly-sfn",
      "create rule ads-hourly-notify",
      "create state-machine ads-hourly",
      "create state-machine ads-hourly-notify",
    ]);
    const change = (type: string, name: string) =>
      planned.changes.find((ch) => ch.type === type && ch.name === name);
    expect(change("rule", "ads-hourly-notify")).toEqual({
      type: "rule",
      name: "ads-hourly-notify",
      workflow: "ads-hourly",
      action: "create",
      summary: "status changes of ads-hourly to FAILED or SUCCEEDED, target ads-hourly-notify",
      arn: arn.rule("ads-hourly-notify"),
    });
    expect(change("state-machine", "ads-hourly-notify")?.summary).toBe(
      `notify machine of ads-hourly: STANDARD, 1 top-level state, role ${arn.role("ads-hourly-sfn")}`,
    );
    expect(change("role", "ads-hourly-notify")?.summary).toBe(
      "notification role, assumed by events.amazonaws.com",
    );

    const result = await deploy({ clients: c, project, bundle, createRoles: true, plan: planned });
    const order = result.applied.map((a) => `${a.type} ${a.name}`);
    expect(order.indexOf("role ads-hourly-notify")).toBeLessThan(
      order.indexOf("state-machine ads-hourly-notify"),
    );
    expect(order.slice(-3)).toEqual([
      "state-machine ads-hourly-notify",
      "state-machine ads-hourly",
      "rule ads-hourly-notify",
    ]);
    expect(result.applied.at(-1)?.detail).toBe("created, 1 target");

    const rule = await describeRule(c, "ads-hourly-notify");
    expect(rule).toMatchObject({
      State: "ENABLED",
      Description: "batchflow: notifications of workflow ads-hourly",
    });
    expect(rule.ScheduleExpression).toBeUndefined();
    expect(JSON.parse(rule.EventPattern ?? "")).toEqual(statusChanges("ads-hourly"));
    expect(await targets(c, "ads-hourly-notify")).toEqual([
      {
        Id: "notify-machine",
        Arn: arn.stateMachine("ads-hourly-notify"),
        RoleArn: arn.role("ads-hourly-notify"),
      },
    ]);
    const tags = {
      [tagKeys.project]: project,
      [tagKeys.workflow]: "ads-hourly",
      [tagKeys.bundle]: w!.manifest.bundleHash,
    };
    expect(await tagsOf(c, "rule", "ads-hourly-notify")).toEqual(tags);
    expect(await tagsOf(c, "stateMachine", "ads-hourly-notify")).toEqual(tags);

    // The notify machine runs with the state machine's role and posts through the live connection.
    const machine = await c.sfn.send(
      new sfn.DescribeStateMachineCommand({ stateMachineArn: arn.stateMachine("ads-hourly-notify") }),
    );
    const { ConnectionArn } = await describeConnection(c, "ads-hourly-notify");
    expect(machine).toMatchObject({ roleArn: arn.role("ads-hourly-sfn"), type: "STANDARD" });
    expect(machine.definition).toContain(`"ConnectionArn":"${ConnectionArn}"`);
    expect(machine.definition).not.toContain("${");
    // EventBridge may assume the rule's role, which may start only the notify machine.
    const role = await c.iam.send(new iam.GetRoleCommand({ RoleName: "ads-hourly-notify" }));
    expect(JSON.parse(decodeURIComponent(role.Role?.AssumeRolePolicyDocument ?? "")).Statement).toEqual([
      { Effect: "Allow", Principal: { Service: "events.amazonaws.com" }, Action: "sts:AssumeRole" },
    ]);
    const policy = await c.iam.send(
      new iam.GetRolePolicyCommand({ RoleName: "ads-hourly-notify", PolicyName: "batchflow" }),
    );
    expect(JSON.parse(decodeURIComponent(policy.PolicyDocument ?? "")).Statement).toEqual([
      {
        Sid: "StartNotifyMachine",
        Effect: "Allow",
        Action: ["states:StartExecution"],
        Resource: [arn.stateMachine("ads-hourly-notify")],
      },
    ]);

    const before = await snapshotAccount(c);
    const again = clients();
    const second = await deploy({ clients: again, project, bundle, createRoles: true });
    expect(second.plan.hasChanges).toBe(false);
    expect(writes(again.calls)).toEqual([]);
    expect(await snapshotAccount(c)).toEqual(before);
  });

  it("a changed event pattern, or target, is an update of the rule alone", async () => {
    const c = clients();
    await prepareAccount(c, [slack("w")], { roles: true });
    await deploy({ clients: c, project, bundle: [slack("w")] });

    const failures = [slack("w", { notifyRule: notifyRule("w", ["FAILED"]) })];
    const planned = await plan({ clients: c, project, bundle: failures });
    expect(changed(planned)).toEqual(["update rule w-notify"]);
    const diff = planned.changes.find((ch) => ch.type === "rule")?.diff ?? "";
    expect(diff.split("\n").filter((line) => /^[-+]/.test(line))).toEqual([
      '-       "FAILED",',
      '-       "SUCCEEDED"',
      '+       "FAILED"',
    ]);
    const patched = clients();
    await deploy({ clients: patched, project, bundle: failures, plan: planned });
    expect(writes(patched.calls)).toEqual(["events:TagResource", "events:PutRule"]);
    expect(JSON.parse((await describeRule(c, "w-notify")).EventPattern ?? "")).toEqual(
      statusChanges("w", ["FAILED"]),
    );

    const rule = notifyRule("w", ["FAILED"]);
    const renamed = [
      slack("w", {
        notifyRule: {
          ...rule,
          targets: { ...rule.targets, Targets: [{ ...rule.targets.Targets[0]!, Id: "notify" }] },
        },
      }),
    ];
    const retargeted = clients();
    const result = await deploy({ clients: retargeted, project, bundle: renamed });
    expect(changed(result.plan)).toEqual(["update rule w-notify"]);
    expect(writes(retargeted.calls)).toEqual([
      "events:TagResource",
      "events:RemoveTargets",
      "events:PutTargets",
    ]);
    expect((await targets(c, "w-notify"))?.map((t) => t.Id)).toEqual(["notify"]);
    expect((await plan({ clients: c, project, bundle: renamed })).hasChanges).toBe(false);
  });

  it("a workflow that stops notifying: a plain deploy deletes its rule (targets first), then its notify machine; its role and connection go with --prune", async () => {
    const c = clients();
    await deploy({ clients: c, project, bundle: [slack("w")], createRoles: true });

    const plain = clients();
    const dropped = await deploy({ clients: plain, project, bundle: [quiet("w")], createRoles: true });
    expect(changed(dropped.plan)).toEqual(["delete rule w-notify", "delete state-machine w-notify"]);
    expect(dropped.plan.changes.find((ch) => ch.type === "rule")).toMatchObject({
      workflow: "w",
      summary: "the workflow no longer sends notifications",
    });
    expect(writes(plain.calls)).toEqual([
      "events:RemoveTargets",
      "events:DeleteRule",
      "states:DeleteStateMachine",
    ]);
    expect(await names(c)).toEqual({ machines: ["w"], rules: [] });
    expect(await connectionNames(c)).toEqual(["w-notify"]);

    const pruned = await deploy({
      clients: c,
      project,
      bundle: [quiet("w")],
      createRoles: true,
      prune: true,
    });
    expect(changed(pruned.plan)).toEqual(["delete connection w-notify", "delete role w-notify"]);
    expect(await connectionNames(c)).toEqual([]);
    expect(
      (await plan({ clients: c, project, bundle: [quiet("w")], createRoles: true, prune: true })).hasChanges,
    ).toBe(false);
  });

  it("--prune deletes a removed workflow's rule, then its state machine and notify machine; it keeps those of every workflow of the bundle", async () => {
    const c = clients();
    await deploy({ clients: c, project, bundle: [slack("ads-a"), slack("ads-b")], createRoles: true });

    // ads-b stopped notifying but is not deployed now: its notify machine and rule stay.
    const only = await plan({
      clients: c,
      project,
      bundle: [slack("ads-a"), quiet("ads-b")],
      workflows: ["ads-a"],
      createRoles: true,
      prune: true,
    });
    expect(only.hasChanges).toBe(false);

    const result = await deploy({
      clients: c,
      project,
      bundle: [slack("ads-a")],
      createRoles: true,
      prune: true,
    });
    expect(changed(result.plan)).toEqual([
      "delete connection ads-b-notify",
      "delete role ads-b-notify",
      "delete role ads-b-sfn",
      "delete rule ads-b-notify",
      "delete state-machine ads-b",
      "delete state-machine ads-b-notify",
    ]);
    const order = result.applied.map((a) => `${a.type} ${a.name}`);
    expect(order.indexOf("rule ads-b-notify")).toBeLessThan(order.indexOf("state-machine ads-b"));
    expect(order.indexOf("state-machine ads-b")).toBeLessThan(order.indexOf("state-machine ads-b-notify"));
    expect(result.applied.find((a) => a.name === "ads-b-notify" && a.type === "rule")?.detail).toBe(
      "deleted with 1 target",
    );
    expect(await names(c)).toEqual({ machines: ["ads-a", "ads-a-notify"], rules: ["ads-a-notify"] });
  });

  it("one of that name that is not this project's is a conflict; one left beside a workflow without notify is deleted only if this project made it for that workflow", async () => {
    const c = clients();
    const bundle = [slack("ads-a"), quiet("plain-a"), quiet("plain-b")];
    await prepareAccount(c, bundle, { roles: true });
    const someone = { [tagKeys.project]: "someone-else" };
    const another = { [tagKeys.project]: project, [tagKeys.workflow]: "another" };
    const machine = (name: string, tags: Record<string, string>) => createTaggedMachine(c, name, tags);
    const rule = (name: string, tags: Record<string, string>) =>
      c.events.send(
        new eventbridge.PutRuleCommand({
          Name: name,
          EventPattern: JSON.stringify({ source: ["aws.states"] }),
          Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })),
        }),
      );
    await machine("ads-a-notify", someone);
    await rule("ads-a-notify", {});
    await machine("plain-a-notify", {});
    await rule("plain-a-notify", someone);
    await machine("plain-b-notify", another);
    await rule("plain-b-notify", another);
    const before = await snapshotAccount(c);

    const planned = await plan({ clients: c, project, bundle, prune: true });
    expect(
      planned.changes
        .filter((ch) => ch.name.endsWith("-notify") && ch.type !== "connection" && ch.type !== "role")
        .map((ch) => `${ch.action} ${ch.type} ${ch.name}: ${ch.summary}`),
    ).toEqual([
      'conflict state-machine ads-a-notify: state machine ads-a-notify belongs to batchflow project "someone-else"',
      "conflict rule ads-a-notify: rule ads-a-notify exists and was not created by batchflow (no batchflow:project tag)",
    ]);
    const deploying = clients();
    expect((await deployError(deploy({ clients: deploying, project, bundle, plan: planned }))).code).toBe(
      "BF1611",
    );
    expect(writes(deploying.calls)).toEqual([]);
    expect(await snapshotAccount(c)).toEqual(before);
  });
});

describe("the bundle files", () => {
  it("readBundle reads notify-machine.asl.json and notify-rule.json as bundleFromCompiled does; an older manifest without notifyMachine or notifyRule means none", async () => {
    const dir = mkdtempSync(join(tmpdir(), "batchflow-notify-"));
    try {
      const compiled = [notifying("ads-hourly"), plainVariant("plain")];
      await writeBundleDir(dir, compiled);
      const bundle = bundleOf(...compiled);
      expect(await readBundle(dir)).toEqual(bundle);
      expect(bundle[0]?.notifyMachine).toEqual(
        JSON.parse(compiled[0]!.files.find((f) => f.path === "notify-machine.asl.json")!.contents),
      );
      expect(bundle[0]?.notifyRule?.rule.Name).toBe("ads-hourly-notify");

      // A bundle compiled before notify machines existed: neither field.
      const path = join(dir, "plain/manifest.json");
      const { notifyMachine: _m, notifyRule: _r, ...older } = JSON.parse(readFileSync(path, "utf8"));
      writeFileSync(path, JSON.stringify(older));
      await relistBundleDir(dir);
      const plain = (await readBundle(dir)).find((w) => w.name === "plain");
      expect(plain).not.toHaveProperty("notifyMachine");
      expect(plain).not.toHaveProperty("notifyRule");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
