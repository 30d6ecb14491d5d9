// Slack notification connections against moto_server: deploy creates each workflow's EventBridge
// connection, puts its real ARN in place of ${Batchflow::NotifyConnectionArn}, keeps it up to date,
// and prune deletes only the connections of this project's pruned workflows.
import { notifyConnectionDefinition, notifyConnectionPlaceholder } from "@batchflow/aws";
import {
  type AwsCall,
  type AwsClients,
  DeployError,
  deploy,
  isReadCall,
  type Plan,
  plan,
} from "@batchflow/deploy";
import { eventbridge, iam, sfn } from "@batchflow/deploy/aws-sdk";
import { describe, expect, it } from "vitest";
import { snapshotAccount } from "./support/aws-snapshot.js";
import { arn, bundleOf, prepareAccount, project, seedVariant } from "./support/deploy-fixtures.js";
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
  it("a fresh deploy creates it and the state machine names its real ARN; a redeploy only reads", async () => {
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
    // The connection comes first: the state machine needs its ARN.
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

    const definition = await machineDefinition(c, "ads-hourly");
    expect(definition).not.toContain("${Batchflow::");
    expect(definition).not.toContain("${AWS::");
    expect(definition).toContain(`"Authentication":{"ConnectionArn":"${live.ConnectionArn}"}`);

    // The state machine role carries the notification statements as compiled.
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
      "delete role ads-b-schedule",
      "delete role ads-b-sfn",
      "delete rule ads-b",
      "delete state-machine ads-b",
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

  it("a workflow that stops notifying: its state machine loses the ARN at once, its connection goes with --prune", async () => {
    const c = clients();
    await prepareAccount(c, bundleOf(notifying("ads-hourly")), { roles: true });
    await deploy({ clients: c, project, bundle: bundleOf(notifying("ads-hourly")) });

    const quiet = bundleOf(plainVariant("ads-hourly"));
    const plain = await deploy({ clients: c, project, bundle: quiet });
    expect(changed(plain.plan)).toEqual(["update state-machine ads-hourly"]);
    expect(await machineDefinition(c, "ads-hourly")).not.toContain(":connection/");
    expect(await connectionNames(c)).toEqual(["ads-hourly-notify"]);

    const pruned = await deploy({ clients: c, project, bundle: quiet, prune: true });
    expect(changed(pruned.plan)).toEqual(["delete connection ads-hourly-notify"]);
    expect(pruned.plan.changes[pruned.plan.changes.length - 1]?.summary).toBe(
      "its workflow no longer sends notifications",
    );
    expect(await connectionNames(c)).toEqual([]);
  });

  it("a workflow that starts notifying: the plan shows the state machine naming the connection to be created", async () => {
    const c = clients();
    await prepareAccount(c, bundleOf(plainVariant("ads-hourly")), { roles: true });
    await deploy({ clients: c, project, bundle: bundleOf(plainVariant("ads-hourly")) });
    const bundle = bundleOf(notifying("ads-hourly"));
    const planned = await plan({ clients: c, project, bundle });
    expect(changed(planned)).toEqual([
      "create connection ads-hourly-notify",
      "update state-machine ads-hourly",
    ]);
    expect(planned.changes.find((ch) => ch.type === "state-machine")?.diff).toContain(
      `"ConnectionArn": "arn:aws:events:${testRegion}:${testAccount}:connection/ads-hourly-notify/(new connection)"`,
    );
    await deploy({ clients: c, project, bundle, plan: planned });
    const { ConnectionArn } = await describeConnection(c, "ads-hourly-notify");
    expect(await machineDefinition(c, "ads-hourly")).toContain(`"ConnectionArn":"${ConnectionArn}"`);
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
    expect(await machineDefinition(c, "ads-hourly")).toContain(ConnectionArn!);
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
