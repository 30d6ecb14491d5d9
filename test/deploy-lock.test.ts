// Locks against moto_server. The lock table: deploy creates the shared DynamoDB table when it is
// missing, once however many workflows use it, checks an existing one's key, and never changes or
// deletes it. The lock machine: each workflow with locks gets its own, `<workflow>-locks`, created
// before the state machine that calls it and deleted when the workflow loses its locks or is pruned.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { lockTableDefinition } from "@batchflow/aws";
import {
  type AwsCall,
  type AwsClients,
  type BundleWorkflow,
  DeployError,
  deploy,
  isReadCall,
  type Plan,
  plan,
  readBundle,
  splitBundle,
  tagKeys,
} from "@batchflow/deploy";
import { dynamodb, iam, sfn } from "@batchflow/deploy/aws-sdk";
import { describe, expect, it } from "vitest";
import { snapshotAccount } from "./support/aws-snapshot.js";
import { relistBundleDir, writeBundleDir } from "./support/bundle-dir.js";
import {
  arn,
  bundleOf,
  createTaggedMachine,
  prepareAccount,
  project,
  seedVariant,
} from "./support/deploy-fixtures.js";
import { motoClients, testAccount, testRegion, useMoto } from "./support/moto.js";

const moto = useMoto();
const clients = (hooks?: Parameters<typeof motoClients>[1]): AwsClients => motoClients(moto(), hooks);

/**
 * The seed workflow (or a copy named `name`) with its job locks (hoge.lock, fuga.lock) in
 * `table`, without its notifications (test/deploy-notify.test.ts has those).
 */
const locked = (name?: string, table = "batchflow-locks") =>
  seedVariant({ ...(name ? { name } : {}), lockTable: table, notify: false });
/** The same jobs without locks or notifications. */
const plainVariant = (name: string) => seedVariant({ name, locks: false, notify: false });
const changed = (p: Plan) =>
  p.changes
    .filter((c) => c.action !== "unchanged")
    .map((c) => `${c.action} ${c.type} ${c.name}`)
    .sort();
const writes = (calls: ReadonlyArray<AwsCall>) =>
  calls.filter((c) => !isReadCall(c)).map((c) => `${c.service}:${c.operation}`);
const tableArn = (name: string) => `arn:aws:dynamodb:${testRegion}:${testAccount}:table/${name}`;

/** What AWS should hold for a compiled definition: placeholders filled in for moto's account. */
const filledIn = (text: string): unknown =>
  JSON.parse(
    text
      .replaceAll("${AWS::Partition}", "aws")
      .replaceAll("${AWS::Region}", testRegion)
      .replaceAll("${AWS::AccountId}", testAccount),
  );

async function describeMachine(c: AwsClients, name: string) {
  return c.sfn.send(new sfn.DescribeStateMachineCommand({ stateMachineArn: arn.stateMachine(name) }));
}

async function machineTags(c: AwsClients, name: string) {
  const tags = await c.sfn.send(new sfn.ListTagsForResourceCommand({ resourceArn: arn.stateMachine(name) }));
  return Object.fromEntries((tags.tags ?? []).map((t) => [t.key, t.value]));
}

/**
 * The state machines a definition's `startExecution.sync:2` tasks start, as AWS resolves them: a
 * fixed `StateMachineArn`, or the ARN of the calling state machine `self` plus `-locks`.
 */
function startedMachines(definition: string, self: string): string[] {
  const found = new Set<string>();
  JSON.parse(definition, (key, value) => {
    if (key === "StateMachineArn") found.add(value);
    if (key === "StateMachineArn.$") {
      expect(value).toBe("States.Format('{}-locks', $$.StateMachine.Id)");
      found.add(`${self}-locks`);
    }
    return value;
  });
  return [...found];
}

async function machineNames(c: AwsClients): Promise<string[]> {
  const page = await c.sfn.send(new sfn.ListStateMachinesCommand({}));
  return (page.stateMachines ?? []).map((m) => m.name ?? "").sort();
}

async function describeTable(c: AwsClients, name: string) {
  return (await c.dynamodb.send(new dynamodb.DescribeTableCommand({ TableName: name }))).Table;
}

async function tableTags(c: AwsClients, name: string) {
  const tags = await c.dynamodb.send(new dynamodb.ListTagsOfResourceCommand({ ResourceArn: tableArn(name) }));
  return Object.fromEntries((tags.Tags ?? []).map((t) => [t.Key, t.Value]));
}

async function deployError(promise: Promise<unknown>): Promise<DeployError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DeployError);
  return error as DeployError;
}

/** Someone else's table of that name: another key, provisioned capacity, no tags. */
async function createTable(c: AwsClients, name: string, key: "LockName" | "id", withSortKey = false) {
  await c.dynamodb.send(
    new dynamodb.CreateTableCommand({
      TableName: name,
      AttributeDefinitions: [
        { AttributeName: key, AttributeType: "S" },
        ...(withSortKey ? [{ AttributeName: "at", AttributeType: "N" as const }] : []),
      ],
      KeySchema: [
        { AttributeName: key, KeyType: "HASH" },
        ...(withSortKey ? [{ AttributeName: "at", KeyType: "RANGE" as const }] : []),
      ],
      ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 1 },
    }),
  );
}

describe("the lock table", () => {
  it("a fresh deploy creates it (LockName S hash key, on-demand, tagged batchflow:managed), a redeploy only reads", async () => {
    const c = clients();
    const bundle = bundleOf(locked());
    await prepareAccount(c, bundle, { roles: false });
    const planned = await plan({ clients: c, project, bundle, createRoles: true });
    expect(changed(planned)).toContain("create lock-table batchflow-locks");
    const table = planned.changes.find((ch) => ch.type === "lock-table");
    expect(table).toMatchObject({
      name: "batchflow-locks",
      action: "create",
      arn: tableArn("batchflow-locks"),
      summary: "DynamoDB table of batchflow locks: hash key LockName (S), on-demand; used by ads-hourly",
    });
    expect(table?.workflow).toBeUndefined();

    const result = await deploy({ clients: c, project, bundle, createRoles: true, plan: planned });
    expect(result.applied[0]).toMatchObject({ type: "lock-table", detail: "created" });
    expect(writes(result.calls).filter((w) => w.startsWith("dynamodb:"))).toEqual(["dynamodb:CreateTable"]);

    const live = await describeTable(c, "batchflow-locks");
    expect(live).toMatchObject({
      TableStatus: "ACTIVE",
      KeySchema: [{ AttributeName: "LockName", KeyType: "HASH" }],
      AttributeDefinitions: [{ AttributeName: "LockName", AttributeType: "S" }],
      BillingModeSummary: { BillingMode: "PAY_PER_REQUEST" },
    });
    expect(await tableTags(c, "batchflow-locks")).toEqual({ [tagKeys.managed]: "true" });

    // The role that takes the lock got the statements as compiled (with its LeadingKeys condition).
    const role = await c.iam.send(
      new iam.GetRolePolicyCommand({ RoleName: "ads-hourly-sfn", PolicyName: "batchflow" }),
    );
    const statements = JSON.parse(decodeURIComponent(role.PolicyDocument ?? "")).Statement;
    expect(statements).toContainEqual({
      Sid: "Locks",
      Effect: "Allow",
      Action: ["dynamodb:GetItem", "dynamodb:UpdateItem"],
      Resource: [tableArn("batchflow-locks")],
      Condition: { "ForAllValues:StringEquals": { "dynamodb:LeadingKeys": ["fuga.lock", "hoge.lock"] } },
    });
    // And asks Step Functions whether a busy lock's holder still runs.
    expect(statements).toContainEqual({
      Sid: "LockHolders",
      Effect: "Allow",
      Action: ["states:DescribeExecution"],
      Resource: ["arn:aws:states:ap-northeast-1:123456789012:execution:*:*"],
    });

    const before = await snapshotAccount(c);
    const again = clients();
    const second = await deploy({ clients: again, project, bundle, createRoles: true });
    expect(second.plan.hasChanges).toBe(false);
    expect(second.plan.changes.find((ch) => ch.type === "lock-table")).toMatchObject({
      action: "unchanged",
      summary: "ACTIVE, hash key LockName (S); used by ads-hourly",
    });
    expect(writes(again.calls)).toEqual([]);
    expect(await snapshotAccount(c)).toEqual(before);
  });

  it("two workflows that share the table: one table in the plan, one CreateTable", async () => {
    const c = clients();
    const bundle = bundleOf(locked("ads-a"), locked("ads-b"), locked("ads-c", "team-locks"));
    await prepareAccount(c, bundle, { roles: true });
    const result = await deploy({ clients: c, project, bundle });
    const tables = result.plan.changes.filter((ch) => ch.type === "lock-table");
    expect(tables.map((t) => `${t.action} ${t.name}: ${t.summary}`)).toEqual([
      "create batchflow-locks: DynamoDB table of batchflow locks: hash key LockName (S), on-demand; used by ads-a, ads-b",
      "create team-locks: DynamoDB table of batchflow locks: hash key LockName (S), on-demand; used by ads-c",
    ]);
    expect(result.calls.filter((call) => call.operation === "CreateTable").map((call) => call.input)).toEqual(
      [
        expect.objectContaining({ TableName: "batchflow-locks" }),
        expect.objectContaining({ TableName: "team-locks" }),
      ],
    );
    expect((await c.dynamodb.send(new dynamodb.ListTablesCommand({}))).TableNames?.sort()).toEqual([
      "batchflow-locks",
      "team-locks",
    ]);
  });

  it("an existing table with the LockName key is used as it is: not tagged, not changed", async () => {
    const c = clients();
    await createTable(c, "batchflow-locks", "LockName");
    const bundle = bundleOf(locked());
    await prepareAccount(c, bundle, { roles: true });
    const before = await describeTable(c, "batchflow-locks");
    const result = await deploy({ clients: c, project, bundle });
    expect(result.plan.changes.find((ch) => ch.type === "lock-table")?.action).toBe("unchanged");
    expect(writes(result.calls).filter((w) => w.startsWith("dynamodb:"))).toEqual([]);
    expect(await tableTags(c, "batchflow-locks")).toEqual({});
    expect(await describeTable(c, "batchflow-locks")).toEqual(before);
  });

  it("an existing table with another key stops plan and deploy with BF1630, before any change", async () => {
    const c = clients();
    await createTable(c, "batchflow-locks", "id", true);
    const bundle = bundleOf(locked());
    await prepareAccount(c, bundle, { roles: true });
    const before = await snapshotAccount(c);

    const planning = await deployError(plan({ clients: c, project, bundle }));
    expect(planning.code).toBe("BF1630");
    expect(planning.diagnostics[0]?.message).toBe(
      "the DynamoDB table batchflow-locks exists with key hash key id (S), range key at (N); batchflow locks need hash key LockName (S) and no sort key",
    );
    expect(planning.diagnostics[0]?.hint).toContain("lockTable:");

    const deploying = clients();
    expect((await deployError(deploy({ clients: deploying, project, bundle }))).code).toBe("BF1630");
    expect(writes(deploying.calls)).toEqual([]);
    expect(await snapshotAccount(c)).toEqual(before);
  });

  it("is never deleted, not even by --prune of every workflow that used it (their lock machines are)", async () => {
    const c = clients();
    const all = bundleOf(locked("ads-a"), locked("ads-b"));
    await prepareAccount(c, all, { roles: false });
    await deploy({ clients: c, project, bundle: all, createRoles: true });

    const pruned = await deploy({
      clients: c,
      project,
      bundle: bundleOf(plainVariant("ads-a")),
      createRoles: true,
      prune: true,
    });
    expect(changed(pruned.plan).filter((ch) => ch.includes("lock-table"))).toEqual([]);
    expect(pruned.calls.filter((call) => call.service === "dynamodb")).toEqual([]);
    // ads-a lost its locks: its lock machine goes (prune or not); ads-b is pruned with its lock machine.
    expect(changed(pruned.plan).filter((ch) => ch.includes(" state-machine "))).toEqual([
      "delete state-machine ads-a-locks",
      "delete state-machine ads-b",
      "delete state-machine ads-b-locks",
      "update state-machine ads-a",
    ]);
    expect(pruned.plan.changes.find((ch) => ch.name === "ads-b-locks")).toMatchObject({
      workflow: "ads-b",
      summary: "owned by this project and no longer defined",
    });
    const applied = pruned.applied.map((a) => a.name);
    expect(applied.indexOf("ads-b-locks")).toBeGreaterThan(applied.indexOf("ads-b"));
    expect(applied.indexOf("ads-a-locks")).toBeGreaterThan(applied.indexOf("ads-a"));
    expect(await machineNames(c)).toEqual(["ads-a"]);
    expect((await describeTable(c, "batchflow-locks"))?.TableStatus).toBe("ACTIVE");
  });

  it("created meanwhile by another project's deploy (CreateTable answers ResourceInUse): checked and used", async () => {
    const setup = clients();
    const bundle = bundleOf(locked());
    await prepareAccount(setup, bundle, { roles: true });
    const c = clients();
    const planned = await plan({ clients: c, project, bundle });
    // The other deploy: between this plan and its CreateTable.
    await createTable(setup, "batchflow-locks", "LockName");
    const result = await deploy({ clients: c, project, bundle, plan: planned });
    expect(result.calls.filter((call) => call.operation === "CreateTable")).toHaveLength(1);
    expect(result.applied.find((a) => a.type === "lock-table")?.detail).toBe(
      "found: created meanwhile by another deploy",
    );

    // The same race with a table of another key is the BF1630 error.
    await moto().reset();
    await prepareAccount(setup, bundle, { roles: true });
    const again = await plan({ clients: c, project, bundle });
    await createTable(setup, "batchflow-locks", "id");
    expect((await deployError(deploy({ clients: c, project, bundle, plan: again }))).code).toBe("BF1630");
  });
});

describe("the lock machine", () => {
  it("a workflow with locks gets <workflow>-locks: the compiled definition filled in, the state machine's role and tags, created first; a redeploy only reads", async () => {
    const c = clients();
    const compiled = locked();
    const bundle = bundleOf(compiled);
    await prepareAccount(c, bundle, { roles: true });
    const result = await deploy({ clients: c, project, bundle });
    expect(result.plan.changes.find((ch) => ch.name === "ads-hourly-locks")).toEqual({
      type: "state-machine",
      name: "ads-hourly-locks",
      workflow: "ads-hourly",
      action: "create",
      summary: expect.stringMatching(
        new RegExp(
          `^lock machine of ads-hourly: STANDARD, \\d+ top-level states, role ${arn.role("ads-hourly-sfn")}$`,
        ),
      ),
      arn: arn.stateMachine("ads-hourly-locks"),
    });
    // Before the state machine that calls it.
    expect(
      result.applied.filter((a) => a.type === "state-machine").map((a) => `${a.name}: ${a.detail}`),
    ).toEqual(["ads-hourly-locks: created", "ads-hourly: created, running ads-hourly:1"]);

    const machine = await describeMachine(c, "ads-hourly-locks");
    const definition = compiled.files.find((f) => f.path === "lock-machine.asl.json")?.contents ?? "";
    expect(JSON.parse(machine.definition ?? "")).toEqual(filledIn(definition));
    expect(machine).toMatchObject({ roleArn: arn.role("ads-hourly-sfn"), type: "STANDARD" });
    expect(await machineTags(c, "ads-hourly-locks")).toEqual({
      [tagKeys.project]: project,
      [tagKeys.workflow]: "ads-hourly",
      [tagKeys.bundle]: compiled.manifest.bundleHash,
    });
    expect(await machineTags(c, "ads-hourly-locks")).toEqual(await machineTags(c, "ads-hourly"));
    // The state machine calls exactly that one.
    const caller = await describeMachine(c, "ads-hourly");
    expect(startedMachines(caller.definition ?? "", caller.stateMachineArn ?? "")).toEqual([
      arn.stateMachine("ads-hourly-locks"),
    ]);

    const again = clients();
    const second = await deploy({ clients: again, project, bundle });
    expect(second.plan.hasChanges).toBe(false);
    expect(second.plan.changes.find((ch) => ch.name === "ads-hourly-locks")?.action).toBe("unchanged");
    expect(writes(again.calls)).toEqual([]);
  });

  it("a workflow that drops its locks: a plain deploy updates its state machine, then deletes the lock machine", async () => {
    const c = clients();
    await prepareAccount(c, bundleOf(locked()), { roles: true });
    await deploy({ clients: c, project, bundle: bundleOf(locked()) });
    const plain = bundleOf(plainVariant("ads-hourly"));
    const result = await deploy({ clients: c, project, bundle: plain });
    expect(changed(result.plan)).toEqual([
      "delete state-machine ads-hourly-locks",
      "update state-machine ads-hourly",
    ]);
    expect(result.plan.changes.find((ch) => ch.name === "ads-hourly-locks")?.summary).toBe(
      "the workflow no longer has locks",
    );
    expect(result.applied.map((a) => `${a.action} ${a.name}`)).toEqual([
      "update ads-hourly",
      "delete ads-hourly-locks",
    ]);
    expect((await describeMachine(c, "ads-hourly")).definition).not.toContain("startExecution");
    expect(await machineNames(c)).toEqual(["ads-hourly"]);
    expect((await plan({ clients: c, project, bundle: plain })).hasChanges).toBe(false);
  });

  it("refuses to drop a workflow's locks while one of its runs is going on (BF1624), and goes on once it has ended", async () => {
    const c = clients();
    await prepareAccount(c, bundleOf(locked()), { roles: true });
    await deploy({ clients: c, project, bundle: bundleOf(locked()) });
    const started = await c.sfn.send(
      new sfn.StartExecutionCommand({ stateMachineArn: arn.stateMachine("ads-hourly"), input: "{}" }),
    );
    const plain = bundleOf(plainVariant("ads-hourly"));
    const error = await deployError(plan({ clients: c, project, bundle: plain }));
    expect(error.diagnostics).toEqual([
      expect.objectContaining({
        code: "BF1624",
        workflow: "ads-hourly",
        message: expect.stringContaining("no longer takes locks, and its execution"),
      }),
    ]);
    expect(await machineNames(c)).toEqual(["ads-hourly", "ads-hourly-locks"]);

    await c.sfn.send(new sfn.StopExecutionCommand({ executionArn: started.executionArn }));
    const result = await deploy({ clients: c, project, bundle: plain });
    expect(changed(result.plan)).toContain("delete state-machine ads-hourly-locks");
  });

  it("one of that name that is not this project's is a conflict; one left beside a workflow without locks is deleted only if this project made it for that workflow", async () => {
    const c = clients();
    const bundle = bundleOf(locked(), plainVariant("plain-a"), plainVariant("plain-b"));
    await prepareAccount(c, bundle, { roles: true });
    const machine = (name: string, tags: Record<string, string>) => createTaggedMachine(c, name, tags);
    await machine("ads-hourly-locks", { [tagKeys.project]: "someone-else" });
    await machine("plain-a-locks", {});
    await machine("plain-b-locks", { [tagKeys.project]: project, [tagKeys.workflow]: "another" });
    const planned = await plan({ clients: c, project, bundle, prune: true });
    expect(
      planned.changes
        .filter((ch) => ch.type === "state-machine" && ch.name.endsWith("-locks"))
        .map((ch) => `${ch.action} ${ch.name}: ${ch.summary}`),
    ).toEqual([
      'conflict ads-hourly-locks: state machine ads-hourly-locks belongs to batchflow project "someone-else"',
    ]);
  });
});

describe("the bundle files", () => {
  it("readBundle reads lock-table.json and lock-machine.asl.json as bundleFromCompiled does; an older manifest without lockTable or lockMachine means none", async () => {
    const dir = mkdtempSync(join(tmpdir(), "batchflow-lock-"));
    try {
      const compiled = [locked(), plainVariant("plain")];
      await writeBundleDir(dir, compiled);
      expect(await readBundle(dir)).toEqual(
        bundleOf(...compiled).sort((a: BundleWorkflow, b: BundleWorkflow) => a.name.localeCompare(b.name)),
      );
      // A bundle compiled before locks existed: no lockTable (nor lockMachine, nor the notify
      // fields) at all.
      const path = join(dir, "plain/manifest.json");
      const {
        lockTable: _l,
        lockMachine: _m,
        notifyConnection: _n,
        notifyMachine: _nm,
        notifyRule: _nr,
        ...older
      } = JSON.parse(readFileSync(path, "utf8"));
      writeFileSync(path, JSON.stringify(older));
      await relistBundleDir(dir);
      const read = splitBundle(await readBundle(dir)).workflows;
      expect(read.find((w) => w.name === "ads-hourly")?.lockTable).toEqual(
        lockTableDefinition("batchflow-locks"),
      );
      expect(read.find((w) => w.name === "ads-hourly")?.lockMachine).toEqual(compiled[0]?.lockMachine);
      expect(read.find((w) => w.name === "plain")).not.toHaveProperty("lockTable");
      expect(read.find((w) => w.name === "plain")).not.toHaveProperty("lockMachine");
      expect(read.find((w) => w.name === "plain")).not.toHaveProperty("notifyConnection");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("a lock-table.json that defines another table than the manifest names is BF1613", async () => {
    const dir = mkdtempSync(join(tmpdir(), "batchflow-lock-"));
    try {
      const compiled = locked();
      const manifest = JSON.parse(compiled.files.find((f) => f.path === "manifest.json")!.contents);
      await writeBundleDir(dir, [compiled]);
      manifest.lockTable.name = "other-locks";
      writeFileSync(join(dir, "ads-hourly/manifest.json"), JSON.stringify(manifest));
      const error = await deployError(readBundle(dir));
      expect(error.code).toBe("BF1613");
      expect(error.message).toContain('lock-table.json defines "batchflow-locks", not "other-locks"');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("two workflows defining one table differently is BF1632", async () => {
    const c = clients();
    const [a] = bundleOf(locked("ads-a"));
    const [b] = bundleOf(locked("ads-b"));
    const odd = { ...b!, lockTable: { ...b!.lockTable!, BillingMode: "PROVISIONED" as "PAY_PER_REQUEST" } };
    const error = await deployError(plan({ clients: c, project, bundle: [a!, odd] }));
    expect(error.code).toBe("BF1632");
    expect(c.calls).toEqual([]);
  });
});
