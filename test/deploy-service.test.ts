// service(...) against moto_server: plan and deploy create the task definition and the ECS service,
// an update registers a revision only when the container changed and calls UpdateService, prune
// deletes services this project created that the bundle no longer defines, and a deploy stopped at
// any AWS call converges when run again.

import { compileService, fargate, type ServiceOptions, service } from "@batchflow/batchflow";
import {
  type AwsCall,
  type AwsClients,
  type BundleEntry,
  bundleFromCompiledServices,
  deploy,
  isReadCall,
  type Plan,
  plan,
  tagKeys,
} from "@batchflow/deploy";
import { ecs } from "@batchflow/deploy/aws-sdk";
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

/** The account before a deploy: the network the bundles name, and the cluster. */
async function prepare(c: AwsClients): Promise<void> {
  await createTestNetwork(moto().endpoint);
  await c.ecs.send(new ecs.CreateClusterCommand({ clusterName: "batch" }));
}

function worker(name = "ads-worker", options: Partial<ServiceOptions> = {}): BundleEntry[] {
  const compiled = compileService(
    service(name, {
      task: fargate({ image: "000000000000.dkr.ecr.ap-northeast-1.amazonaws.com/batch:production" }),
      command: ["make", "worker"],
      desiredCount: 2,
      cluster: "batch",
      network: { subnets: [network.subnet], securityGroups: [network.securityGroup] },
      minimumHealthyPercent: 50,
      ...options,
    }),
  );
  return bundleFromCompiledServices([compiled]);
}

const changed = (p: Plan) =>
  p.changes
    .filter((c) => c.action !== "unchanged")
    .map((c) => `${c.action} ${c.type} ${c.name}`)
    .sort();
const writes = (calls: ReadonlyArray<AwsCall>) =>
  calls.filter((c) => !isReadCall(c)).map((c) => `${c.service}:${c.operation}`);

async function liveService(c: AwsClients, name: string) {
  const found = await c.ecs.send(
    new ecs.DescribeServicesCommand({ cluster: "batch", services: [name], include: ["TAGS"] }),
  );
  return found.services?.[0];
}

describe("deploy of a service", () => {
  it("creates the task definition, the execution role and the service; a second deploy changes nothing", async () => {
    const c = motoClients(moto());
    await prepare(c);
    const bundle = worker();
    const planned = await plan({ clients: c, project, bundle, createRoles: true });
    expect(changed(planned)).toEqual([
      "create role ads-worker-execution",
      "create service ads-worker",
      "create task-definition ads-worker",
    ]);
    expect(planned.workflows).toEqual(["ads-worker"]);
    const first = await deploy({ clients: c, project, bundle, createRoles: true, plan: planned });
    expect(writes(first.calls)).toEqual([
      "iam:CreateRole",
      "iam:PutRolePolicy",
      "ecs:RegisterTaskDefinition",
      "ecs:CreateService",
    ]);
    const live = await liveService(c, "ads-worker");
    expect(live).toMatchObject({
      status: "ACTIVE",
      desiredCount: 2,
      launchType: "FARGATE",
      platformVersion: "LATEST",
      propagateTags: "SERVICE",
      taskDefinition: `arn:aws:ecs:${testRegion}:${testAccount}:task-definition/ads-worker:1`,
      networkConfiguration: {
        awsvpcConfiguration: {
          subnets: [network.subnet],
          securityGroups: [network.securityGroup],
          assignPublicIp: "DISABLED",
        },
      },
    });
    expect(live?.tags).toEqual(
      expect.arrayContaining([
        { key: tagKeys.project, value: project },
        { key: tagKeys.workflow, value: "ads-worker" },
      ]),
    );

    const again = await deploy({ clients: c, project, bundle, createRoles: true });
    expect(again.plan.hasChanges).toBe(false);
    expect(writes(again.calls)).toEqual([]);
  });

  it("a new desiredCount updates the service with the same revision; a new image registers a revision and runs it", async () => {
    const c = motoClients(moto());
    await prepare(c);
    await deploy({ clients: c, project, bundle: worker(), createRoles: true });

    const scaled = await deploy({ clients: c, project, bundle: worker("ads-worker", { desiredCount: 0 }) });
    expect(changed(scaled.plan)).toEqual(["update service ads-worker"]);
    expect(scaled.plan.changes.find((ch) => ch.type === "service")?.diff).toContain("desiredCount");
    expect(writes(scaled.calls)).toEqual(["ecs:TagResource", "ecs:UpdateService"]);
    expect(await liveService(c, "ads-worker")).toMatchObject({
      desiredCount: 0,
      taskDefinition: expect.stringMatching(/task-definition\/ads-worker:1$/),
    });

    const newImage = worker("ads-worker", {
      desiredCount: 0,
      task: fargate({ image: "000000000000.dkr.ecr.ap-northeast-1.amazonaws.com/batch:v2" }),
    });
    const released = await deploy({ clients: c, project, bundle: newImage });
    expect(changed(released.plan)).toEqual([
      "update service ads-worker",
      "update task-definition ads-worker",
    ]);
    expect(writes(released.calls)).toEqual([
      "ecs:RegisterTaskDefinition",
      "ecs:TagResource",
      "ecs:UpdateService",
    ]);
    expect((await liveService(c, "ads-worker"))?.taskDefinition).toMatch(/task-definition\/ads-worker:2$/);
    expect((await plan({ clients: c, project, bundle: newImage })).hasChanges).toBe(false);
  });

  it("prune deletes a service this project no longer defines, with its family and role, and leaves others' services alone", async () => {
    const c = motoClients(moto());
    await prepare(c);
    await deploy({
      clients: c,
      project,
      bundle: [...worker("ads-worker"), ...worker("old-worker")],
      createRoles: true,
    });
    // Another project's service and an untagged one on the same cluster.
    for (const [name, tags] of [
      ["theirs", [{ key: tagKeys.project, value: "someone-else" }]],
      ["untagged", []],
    ] as const) {
      await c.ecs.send(
        new ecs.CreateServiceCommand({
          cluster: "batch",
          serviceName: name,
          taskDefinition: "ads-worker:1",
          desiredCount: 1,
          launchType: "FARGATE",
          networkConfiguration: {
            awsvpcConfiguration: { subnets: [network.subnet], securityGroups: [network.securityGroup] },
          },
          tags: [...tags],
        }),
      );
    }
    const pruned = await deploy({ clients: c, project, bundle: worker("ads-worker"), prune: true });
    expect(changed(pruned.plan)).toEqual([
      "delete role old-worker-execution",
      "delete service old-worker",
      "delete task-definition old-worker",
    ]);
    expect(writes(pruned.calls)).toContain("ecs:DeleteService");
    expect((await liveService(c, "old-worker"))?.status).toBe("INACTIVE");
    for (const kept of ["ads-worker", "theirs", "untagged"])
      expect((await liveService(c, kept))?.status, kept).toBe("ACTIVE");
    expect((await plan({ clients: c, project, bundle: worker("ads-worker"), prune: true })).hasChanges).toBe(
      false,
    );
  });

  it("a service of that name that this project did not create is a conflict", async () => {
    const c = motoClients(moto());
    await prepare(c);
    await deploy({ clients: c, project: "someone-else", bundle: worker(), createRoles: true });
    const planned = await plan({ clients: c, project, bundle: worker() });
    expect(planned.changes.find((ch) => ch.type === "service")).toMatchObject({
      action: "conflict",
      summary: 'service ads-worker belongs to batchflow project "someone-else"',
    });
  });
});

describe("a service on Fargate Spot", () => {
  const onSpot = (spot: NonNullable<ServiceOptions["spot"]>) => worker("ads-worker", { spot });
  const updateInput = (calls: ReadonlyArray<AwsCall>) =>
    calls.find((call) => call.operation === "UpdateService")?.input as ecs.UpdateServiceCommandInput;

  it("is created with its capacity-provider strategy; a new strategy is UpdateService with a new deployment", async () => {
    const c = motoClients(moto());
    await prepare(c);
    await deploy({ clients: c, project, bundle: onSpot(true), createRoles: true });
    const live = await liveService(c, "ads-worker");
    expect(live?.capacityProviderStrategy).toEqual([{ capacityProvider: "FARGATE_SPOT", weight: 1 }]);
    expect(live).not.toHaveProperty("launchType");
    // ECS answers the defaults service.json leaves out (base 0): still the same strategy.
    await c.ecs.send(
      new ecs.UpdateServiceCommand({
        cluster: "batch",
        service: "ads-worker",
        capacityProviderStrategy: [{ capacityProvider: "FARGATE_SPOT", base: 0, weight: 1 }],
      }),
    );
    expect((await plan({ clients: c, project, bundle: onSpot(true) })).hasChanges).toBe(false);

    const scaled = await deploy({
      clients: c,
      project,
      bundle: worker("ads-worker", { spot: true, desiredCount: 1 }),
    });
    expect(updateInput(scaled.calls)).not.toHaveProperty("forceNewDeployment");

    const reweighted = await deploy({ clients: c, project, bundle: onSpot({ base: 1, weight: 3 }) });
    expect(changed(reweighted.plan)).toEqual(["update service ads-worker"]);
    expect(reweighted.plan.changes.find((ch) => ch.type === "service")?.diff).toContain(
      '+       "capacityProvider": "FARGATE_SPOT",',
    );
    expect(updateInput(reweighted.calls)).toMatchObject({
      capacityProviderStrategy: [
        { capacityProvider: "FARGATE_SPOT", base: 1, weight: 3 },
        { capacityProvider: "FARGATE", weight: 1 },
      ],
      forceNewDeployment: true,
    });
    expect((await plan({ clients: c, project, bundle: onSpot({ base: 1, weight: 3 }) })).hasChanges).toBe(
      false,
    );
  });

  it("refuses to move a service between the FARGATE launch type and Fargate Spot (BF1671), changing nothing", async () => {
    const c = motoClients(moto());
    await prepare(c);
    await deploy({
      clients: c,
      project,
      bundle: [...worker("ads-worker"), ...worker("spot-worker", { spot: true })],
      createRoles: true,
    });
    const bundle = [...onSpot({ weight: 3 }), ...worker("spot-worker", { spot: false })];
    const planned = await plan({ clients: c, project, bundle });
    expect(planned.changes.filter((ch) => ch.action === "conflict")).toEqual([
      expect.objectContaining({
        name: "ads-worker",
        summary:
          "service ads-worker runs with launch type FARGATE and would run with capacity providers FARGATE (weight 1), FARGATE_SPOT (weight 3): ECS cannot move a service between a launch type and Fargate Spot in place",
        refusal: expect.objectContaining({ code: "BF1671" }),
      }),
      expect.objectContaining({
        name: "spot-worker",
        summary: expect.stringContaining(
          "runs with capacity providers FARGATE_SPOT (weight 1) and would run with launch type FARGATE",
        ),
        refusal: expect.objectContaining({ code: "BF1671" }),
      }),
    ]);
    const before = c.calls.length;
    const refused = await deploy({ clients: c, project, bundle }).catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: "BF1671" });
    expect((refused as Error).message).toContain("ECS cannot move a service");
    expect(writes(c.calls.slice(before))).toEqual([]);
  });
});

describe("the requests a service deploy sends, against the AWS API models (botocore)", () => {
  it("CreateService, UpdateService, TagResource, DeleteService and the rest are what AWS takes", async () => {
    const c = motoClients(moto());
    await prepare(c);
    const first = c.calls.length;
    await deploy({
      clients: c,
      project,
      bundle: [
        ...worker(),
        ...worker("old-worker"),
        ...worker("spot-worker", { spot: { base: 1, weight: 3 } }),
      ],
      createRoles: true,
    });
    await deploy({
      clients: c,
      project,
      bundle: [
        ...worker("ads-worker", { desiredCount: 0, maximumPercent: 150, command: ["make", "w2"] }),
        ...worker("spot-worker", { spot: true }),
      ],
      prune: true,
    });
    const requests = writeRequests("service", c.calls.slice(first));
    expect(new Set(requests.map((r) => `${r.service}:${r.operation}`))).toEqual(
      new Set([
        "iam:CreateRole",
        "iam:PutRolePolicy",
        "iam:DeleteRolePolicy",
        "iam:DeleteRole",
        "ecs:RegisterTaskDefinition",
        "ecs:DeregisterTaskDefinition",
        "ecs:CreateService",
        "ecs:TagResource",
        "ecs:UpdateService",
        "ecs:DeleteService",
      ]),
    );
    // A Spot service's CreateService and UpdateService carry its strategy (and the update a new deployment).
    const spotCalls = requests.filter((r) => JSON.stringify(r).includes("FARGATE_SPOT"));
    expect(spotCalls.map((r) => r.operation).sort()).toEqual(["CreateService", "UpdateService"]);
    const report = validateRequests(requests);
    expect(report.findings).toEqual([]);
    // The execution role's policy is checked against IAM's grammar too.
    expect(report.counts.policies).toBeGreaterThan(0);
  });
});

describe("a service deploy interrupted at any AWS call converges when run again", () => {
  it("fresh deploy with --create-roles, then an update of image and count", async () => {
    for (const options of [{ desiredCount: 2 }, { desiredCount: 3, command: ["make", "worker2"] }]) {
      const bundle = worker("ads-worker", options);
      const setup =
        options.desiredCount === 2
          ? prepare
          : async (c: AwsClients) => {
              await prepare(c);
              await deploy({ clients: c, project, bundle: worker(), createRoles: true });
            };
      // The execution role goes through the code every workflow's roles do, whose faults
      // deploy-faults checks one by one; here the ECS calls of the service are failed.
      const { faults } = await harness.checkEveryFault(
        { setup, bundle, options: { createRoles: true } },
        ["before", "after"],
        { fromFirstWrite: true, readsOncePerOperation: true, only: (call) => call.service === "ecs" },
      );
      expect(faults).toBeGreaterThanOrEqual(3);
    }
    expect(Object.keys((await snapshotAccount(harness.clients())).services)).toEqual(["batch/ads-worker"]);
  });
});
