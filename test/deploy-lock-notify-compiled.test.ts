// Workflows compiled with `lock:` and `notify:` (not hand-built bundles), deployed to moto_server:
// what the compiler emits is what deploy creates: the state machine AWS holds calls the real lock
// machine, which names the real lock table, and the notify machine names the real connection.

import { compile, cron, fargate, job, parallel, secret, workflow } from "@batchflow/batchflow";
import { type AwsCall, type AwsClients, deploy, isReadCall, plan } from "@batchflow/deploy";
import { dynamodb, eventbridge, sfn } from "@batchflow/deploy/aws-sdk";
import { describe, expect, it } from "vitest";
import { snapshotAccount } from "./support/aws-snapshot.js";
import { arn, bundleOf, prepareAccount, project } from "./support/deploy-fixtures.js";
import { motoClients, testAccount, testRegion, useMoto } from "./support/moto.js";

const moto = useMoto();
const clients = (): AwsClients => motoClients(moto());
const writes = (calls: ReadonlyArray<AwsCall>) =>
  calls.filter((c) => !isReadCall(c)).map((c) => `${c.service}:${c.operation}`);

const batch = fargate({
  image: "000000000000.dkr.ecr.ap-northeast-1.amazonaws.com/batch:production",
  cpu: 512,
  memory: 2048,
});
const options = {
  schedule: cron("35 * * * *"),
  cluster: "batch",
  network: { subnets: ["subnet-hoge"], securityGroups: ["sg-hoge"] },
  defaults: { task: batch, command: (name: string) => ["make", "run", name], timeout: "30m" },
} as const;
const webhook = secret(`arn:aws:secretsmanager:${testRegion}:${testAccount}:secret:slack-webhook-AbCdEf`);

/** The README's workflow, guarded by a lock and reporting to Slack. */
const hourly = compile(
  workflow(
    "ads-hourly",
    {
      ...options,
      lock: { name: "fuga.lock", wait: "10m", onBusy: "skip" },
      notify: { slack: { webhook } },
    },
    job("hoge").then(parallel(job("fuga"), job("foo"))),
  ),
);
/** Another workflow taking the same lock around one job, without notifications. */
const daily = compile(
  workflow("ads-daily", options, job("hoge").then(job("fuga", { lock: { name: "fuga.lock", wait: "1h" } }))),
);

describe("compiled workflows with lock: and notify:", () => {
  it("deploy creates the one lock table and the connection, fills in the ARN, and a redeploy only reads", async () => {
    const c = clients();
    const bundle = bundleOf(hourly, daily);
    expect(hourly.manifest).toMatchObject({
      lockTable: { name: "batchflow-locks", file: "lock-table.json" },
      lockMachine: { name: "ads-hourly-locks", definition: "lock-machine.asl.json" },
      notifyConnection: { name: "ads-hourly-notify", file: "notify-connection.json" },
      notifyMachine: { name: "ads-hourly-notify", definition: "notify-machine.asl.json" },
      notifyRule: { name: "ads-hourly-notify", file: "notify-rule.json" },
    });
    expect(daily.manifest).toMatchObject({
      lockTable: { name: "batchflow-locks" },
      lockMachine: { name: "ads-daily-locks" },
      notifyConnection: null,
      notifyMachine: null,
      notifyRule: null,
    });
    await prepareAccount(c, bundle, { roles: false });

    const result = await deploy({ clients: c, project, bundle, createRoles: true });
    expect(
      result.plan.changes.filter((ch) => ch.type === "lock-table" || ch.type === "connection"),
    ).toMatchObject([
      { type: "lock-table", name: "batchflow-locks", action: "create" },
      { type: "connection", name: "ads-hourly-notify", workflow: "ads-hourly", action: "create" },
    ]);
    expect(writes(result.calls).filter((w) => w === "dynamodb:CreateTable")).toHaveLength(1);

    const table = await c.dynamodb.send(new dynamodb.DescribeTableCommand({ TableName: "batchflow-locks" }));
    expect(table.Table?.KeySchema).toEqual([{ AttributeName: "LockName", KeyType: "HASH" }]);
    const connection = await c.events.send(
      new eventbridge.DescribeConnectionCommand({ Name: "ads-hourly-notify" }),
    );
    expect(connection.ConnectionState).toBe("AUTHORIZED");

    const sm = await c.sfn.send(
      new sfn.DescribeStateMachineCommand({ stateMachineArn: arn.stateMachine("ads-hourly") }),
    );
    const definition = sm.definition ?? "";
    expect(definition).not.toContain("${");
    expect(definition).toContain('"Resource":"arn:aws:states:::states:startExecution.sync:2"');
    // The notify machine posts through the connection, its ARN filled in.
    const notify = await c.sfn.send(
      new sfn.DescribeStateMachineCommand({ stateMachineArn: arn.stateMachine("ads-hourly-notify") }),
    );
    expect(notify.definition).not.toContain("${");
    expect(notify.definition).toContain(`"ConnectionArn":"${connection.ConnectionArn}"`);
    const locks = await c.sfn.send(
      new sfn.DescribeStateMachineCommand({ stateMachineArn: arn.stateMachine("ads-hourly-locks") }),
    );
    expect(locks.definition).not.toContain("${");
    expect(locks.definition).toContain('"TableName":"batchflow-locks"');

    const before = await snapshotAccount(c);
    const again = clients();
    const second = await plan({ clients: again, project, bundle, createRoles: true });
    expect(second.hasChanges).toBe(false);
    expect(writes(again.calls)).toEqual([]);
    expect(await snapshotAccount(c)).toEqual(before);
  });
});
