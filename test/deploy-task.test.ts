// task(...) against moto_server: plan and deploy create the task definition, the roles and a rule
// (UTC) or Scheduler schedule (a zone) whose target runs the task definition's revision deploy
// registered; an update pins the new revision in the targets; a schedule the list drops is
// deleted; prune deletes tasks this project no longer defines; a deploy stopped at any of the
// task's own AWS calls converges when run again.
//
// What moto cannot check: it stores a rule's targets and a schedule's Target as sent (EcsParameters,
// RetryPolicy, DeadLetterConfig) but never fires them, so no ECS task is started here: that
// EventBridge passes Input as RunTask's overrides, and that the role's policy lets it run the
// task, are AWS's behaviour (docs/dsl.md, "Scheduled tasks: task()"); the requests themselves are
// checked against the AWS API models below.

import { compileTask, cron, fargate, type TaskOptions, task } from "@batchflow/batchflow";
import {
  type AwsCall,
  type AwsClients,
  type BundleEntry,
  bundleFromCompiledTasks,
  deploy,
  isReadCall,
  type Plan,
  plan,
} from "@batchflow/deploy";
import { ecs, eventbridge, scheduler } from "@batchflow/deploy/aws-sdk";
import { beforeAll, describe, expect, it } from "vitest";
import { validateRequests, writeRequests } from "./support/aws-models.js";
import { snapshotAccount } from "./support/aws-snapshot.js";
import { project } from "./support/deploy-fixtures.js";
import { faultHarness } from "./support/fault-injection.js";
import { motoClients, testAccount, testRegion, useMoto } from "./support/moto.js";
import { createTestNetwork, type TestNetwork } from "./support/moto-network.js";

const moto = useMoto();
const harness = faultHarness(moto);
let network: TestNetwork;

beforeAll(async () => {
  network = await createTestNetwork(moto().endpoint);
});

async function prepare(c: AwsClients): Promise<void> {
  await createTestNetwork(moto().endpoint);
  await c.ecs.send(new ecs.CreateClusterCommand({ clusterName: "batch" }));
}

const image = "000000000000.dkr.ecr.ap-northeast-1.amazonaws.com/batch:production";
const dlq = `arn:aws:sqs:${testRegion}:${testAccount}:batch-dlq`;

function cleanup(name = "tmp-cleanup", options: Partial<TaskOptions> = {}): BundleEntry[] {
  const compiled = compileTask(
    task(name, {
      task: fargate({ image }),
      schedule: cron("0 3 * * *"),
      command: ["make", "cleanup"],
      env: { TARGET: "tmp" },
      cluster: "batch",
      network: { subnets: [network.subnet], securityGroups: [network.securityGroup] },
      retry: { maximumAttempts: 3, maximumEventAge: "1h" },
      deadLetterQueue: dlq,
      ...options,
    }),
  );
  return bundleFromCompiledTasks([compiled]);
}

const changed = (p: Plan) =>
  p.changes
    .filter((c) => c.action !== "unchanged")
    .map((c) => `${c.action} ${c.type} ${c.name}`)
    .sort();
const writes = (calls: ReadonlyArray<AwsCall>) =>
  calls.filter((c) => !isReadCall(c)).map((c) => `${c.service}:${c.operation}`);
const taskDefinitionArn = (revision: number) =>
  `arn:aws:ecs:${testRegion}:${testAccount}:task-definition/tmp-cleanup:${revision}`;

async function ruleTarget(c: AwsClients, rule: string) {
  const listed = await c.events.send(new eventbridge.ListTargetsByRuleCommand({ Rule: rule }));
  return listed.Targets;
}

describe("deploy of a scheduled task", () => {
  it("creates the task definition, both roles and the rule whose target runs the registered revision; a second deploy changes nothing", async () => {
    const c = motoClients(moto());
    await prepare(c);
    const bundle = cleanup();
    const planned = await plan({ clients: c, project, bundle, createRoles: true });
    expect(changed(planned)).toEqual([
      "create role tmp-cleanup-execution",
      "create role tmp-cleanup-schedule",
      "create rule tmp-cleanup",
      "create task-definition tmp-cleanup",
    ]);
    expect(planned.workflows).toEqual(["tmp-cleanup"]);
    const first = await deploy({ clients: c, project, bundle, createRoles: true, plan: planned });
    expect(writes(first.calls)).toEqual([
      "iam:CreateRole",
      "iam:CreateRole",
      "iam:PutRolePolicy",
      "iam:PutRolePolicy",
      "ecs:RegisterTaskDefinition",
      "events:PutRule",
      "events:PutTargets",
    ]);
    // moto keeps the target as sent: the cluster, the pinned revision, the overrides and the retry settings.
    expect(await ruleTarget(c, "tmp-cleanup")).toEqual([
      expect.objectContaining({
        Id: "ecs-task",
        Arn: `arn:aws:ecs:${testRegion}:${testAccount}:cluster/batch`,
        RoleArn: `arn:aws:iam::${testAccount}:role/tmp-cleanup-schedule`,
        Input: JSON.stringify({
          containerOverrides: [
            { command: ["make", "cleanup"], environment: [{ name: "TARGET", value: "tmp" }], name: "main" },
          ],
        }),
        RetryPolicy: { MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 3600 },
        DeadLetterConfig: { Arn: dlq },
        EcsParameters: expect.objectContaining({
          TaskDefinitionArn: taskDefinitionArn(1),
          TaskCount: 1,
          LaunchType: "FARGATE",
        }),
      }),
    ]);
    const again = await deploy({ clients: c, project, bundle, createRoles: true });
    expect(again.plan.hasChanges).toBe(false);
    expect(writes(again.calls)).toEqual([]);
  });

  it("a new image registers a revision and the target runs it; a zoned second schedule is a Scheduler schedule, dropped again by the next deploy", async () => {
    const c = motoClients(moto());
    await prepare(c);
    await deploy({ clients: c, project, bundle: cleanup(), createRoles: true });

    const released = cleanup("tmp-cleanup", {
      task: fargate({ image: image.replace("production", "v2") }),
      schedule: [cron("0 3 * * *"), cron("0 12 * * *", { timezone: "Asia/Tokyo" })],
    });
    const second = await deploy({ clients: c, project, bundle: released, createRoles: true });
    expect(changed(second.plan)).toEqual([
      "create schedule tmp-cleanup.2",
      "create schedule-group batchflow-deploy-tests",
      "update role tmp-cleanup-schedule",
      "update rule tmp-cleanup",
      "update task-definition tmp-cleanup",
    ]);
    expect(second.plan.changes.find((ch) => ch.type === "rule")?.diff).toContain(
      "tmp-cleanup:(new revision)",
    );
    expect((await ruleTarget(c, "tmp-cleanup"))?.[0]?.EcsParameters?.TaskDefinitionArn).toBe(
      taskDefinitionArn(2),
    );
    const zoned = await c.scheduler.send(
      new scheduler.GetScheduleCommand({ GroupName: "batchflow-deploy-tests", Name: "tmp-cleanup.2" }),
    );
    expect(zoned).toMatchObject({
      ScheduleExpressionTimezone: "Asia/Tokyo",
      Target: {
        Arn: `arn:aws:ecs:${testRegion}:${testAccount}:cluster/batch`,
        EcsParameters: { TaskDefinitionArn: taskDefinitionArn(2), LaunchType: "FARGATE" },
        RetryPolicy: { MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 3600 },
      },
    });
    expect((await plan({ clients: c, project, bundle: released })).hasChanges).toBe(false);

    const back = cleanup("tmp-cleanup", { task: fargate({ image: image.replace("production", "v2") }) });
    const third = await deploy({ clients: c, project, bundle: back, createRoles: true });
    expect(changed(third.plan)).toEqual([
      "delete schedule tmp-cleanup.2",
      "update role tmp-cleanup-schedule",
    ]);
    expect(writes(third.calls)).toContain("scheduler:DeleteSchedule");
  });

  it("prune deletes a task this project no longer defines: its rule, family and roles", async () => {
    const c = motoClients(moto());
    await prepare(c);
    await deploy({
      clients: c,
      project,
      bundle: [...cleanup(), ...cleanup("old-cleanup")],
      createRoles: true,
    });
    const pruned = await deploy({ clients: c, project, bundle: cleanup(), prune: true });
    expect(changed(pruned.plan)).toEqual([
      "delete role old-cleanup-execution",
      "delete role old-cleanup-schedule",
      "delete rule old-cleanup",
      "delete task-definition old-cleanup",
    ]);
    const rules = await c.events.send(new eventbridge.ListRulesCommand({}));
    expect(rules.Rules?.map((r) => r.Name)).toEqual(["tmp-cleanup"]);
    expect((await plan({ clients: c, project, bundle: cleanup(), prune: true })).hasChanges).toBe(false);
  });
});

describe("the requests a task deploy sends, against the AWS API models (botocore)", () => {
  it("PutTargets with EcsParameters, CreateSchedule with an ECS target, the roles and the deletes are what AWS takes", async () => {
    const c = motoClients(moto());
    await prepare(c);
    const first = c.calls.length;
    await deploy({
      clients: c,
      project,
      bundle: [
        ...cleanup("tmp-cleanup", {
          schedule: [cron("0 3 * * *"), cron("0 12 * * *", { timezone: "Asia/Tokyo" })],
          spot: { weight: 3 },
        }),
        ...cleanup("old-cleanup"),
      ],
      createRoles: true,
    });
    await deploy({ clients: c, project, bundle: cleanup(), createRoles: true, prune: true });
    const requests = writeRequests("task", c.calls.slice(first));
    expect(new Set(requests.map((r) => `${r.service}:${r.operation}`))).toEqual(
      new Set([
        "iam:CreateRole",
        "iam:PutRolePolicy",
        "iam:TagRole",
        "iam:UpdateAssumeRolePolicy",
        "iam:DeleteRolePolicy",
        "iam:DeleteRole",
        "ecs:RegisterTaskDefinition",
        "ecs:DeregisterTaskDefinition",
        "events:PutRule",
        "events:PutTargets",
        "events:TagResource",
        "events:RemoveTargets",
        "events:DeleteRule",
        "scheduler:CreateScheduleGroup",
        "scheduler:CreateSchedule",
        "scheduler:DeleteSchedule",
      ]),
    );
    const report = validateRequests(requests);
    expect(report.findings).toEqual([]);
    expect(report.counts.policies).toBeGreaterThan(0);
  });
});

describe("a task deploy interrupted at any of its own AWS calls converges when run again", () => {
  it("fresh deploy with --create-roles, then a new image and a second, zoned schedule", async () => {
    const updated = cleanup("tmp-cleanup", {
      task: fargate({ image: image.replace("production", "v2") }),
      schedule: [cron("0 3 * * *"), cron("0 12 * * *", { timezone: "Asia/Tokyo" })],
    });
    for (const [bundle, setup] of [
      [cleanup(), prepare],
      [
        updated,
        async (c: AwsClients) => {
          await prepare(c);
          await deploy({ clients: c, project, bundle: cleanup(), createRoles: true });
        },
      ],
    ] as const) {
      // The roles go through the code every workflow's roles do (deploy-faults fails those one by
      // one); here the task's own calls are failed: its task definition, rule and schedule.
      const { faults } = await harness.checkEveryFault(
        { setup, bundle, options: { createRoles: true } },
        ["before", "after"],
        {
          fromFirstWrite: true,
          readsOncePerOperation: true,
          only: (call) =>
            ["events", "scheduler"].includes(call.service) || (call.service === "ecs" && !isReadCall(call)),
        },
      );
      expect(faults).toBeGreaterThanOrEqual(3);
    }
    expect(Object.keys((await snapshotAccount(harness.clients())).rules)).toContain("tmp-cleanup");
  });
});
