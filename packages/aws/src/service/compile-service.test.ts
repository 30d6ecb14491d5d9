import { fargate, job, type ServiceOptions, secret, service, workflow } from "@batchflow/core";
import { describe, expect, it } from "vitest";
import { tryCompile } from "../compile.js";
import { compileService, tryCompileService } from "./compile-service.js";

const network = { subnets: ["subnet-hoge"], securityGroups: ["sg-hoge"] };
const image = "000000000000.dkr.ecr.ap-northeast-1.amazonaws.com/batch:production";

function worker(options: Partial<ServiceOptions> = {}, name = "ads-worker") {
  return service(name, {
    task: fargate({ image, cpu: 512, memory: 1024 }),
    command: ["make", "worker"],
    env: {
      QUEUE: "ads",
      API_KEY: secret("arn:aws:secretsmanager:ap-northeast-1:000000000000:secret:api-key-AbCdEf"),
    },
    desiredCount: 2,
    cluster: "batch",
    network,
    minimumHealthyPercent: 50,
    ...options,
  });
}

const problems = (s: ReturnType<typeof service>, config = {}) =>
  tryCompileService(s, { config }).diagnostics.map((d) => `${d.code} ${d.message}`);

describe("compileService", () => {
  it("writes the task definition, the CreateService input, the execution role's policy and the manifest", async () => {
    const compiled = compileService(worker());
    expect(compiled.files.map((f) => f.path)).toEqual([
      "task-definitions/ads-worker.json",
      "service.json",
      "iam/execution-role.json",
      "manifest.json",
    ]);
    for (const f of compiled.files) {
      await expect(f.contents).toMatchFileSnapshot(`__snapshots__/ads-worker/${f.path}`);
    }
    expect(compiled.service).toMatchObject({
      serviceName: "ads-worker",
      taskDefinition: "ads-worker",
      launchType: "FARGATE",
      desiredCount: 2,
    });
    expect(compileService(worker()).files).toEqual(compiled.files);
  });

  it("takes cluster and network from the project config; a container's own execution role gets no policy", () => {
    const compiled = compileService(
      service("w", {
        task: fargate({ image, executionRole: "arn:aws:iam::000000000000:role/exec" }),
        desiredCount: 0,
      }),
      { config: { cluster: "shared", network: { subnets: ["subnet-a"], assignPublicIp: true } } },
    );
    expect(compiled.service.cluster).toBe("shared");
    expect(compiled.service.networkConfiguration.awsvpcConfiguration).toEqual({
      subnets: ["subnet-a"],
      assignPublicIp: "ENABLED",
    });
    expect(compiled.service).not.toHaveProperty("deploymentConfiguration");
    expect(compiled.iam).toEqual({});
    expect(compiled.manifest.roles).toEqual([
      { use: "execution", arn: "arn:aws:iam::000000000000:role/exec", service: "ecs-tasks.amazonaws.com" },
    ]);
    // No command: the image's own CMD runs.
    expect(compiled.taskDefinition.containerDefinitions[0]).not.toHaveProperty("command");
  });

  it("keeps a workflow's artefacts as they were", () => {
    const w = workflow(
      "w",
      { cluster: "batch", network },
      job("a", { task: fargate({ image }), command: ["a"] }),
    );
    expect(tryCompile(w).compiled?.manifest).not.toHaveProperty("kind");
  });
});

describe("a service on Fargate Spot", () => {
  const onSpot = (spot: ServiceOptions["spot"], taskSpot?: ServiceOptions["spot"]) =>
    compileService(
      worker({
        task: fargate({
          image,
          cpu: 512,
          memory: 1024,
          ...(taskSpot === undefined ? {} : { spot: taskSpot }),
        }),
        ...(spot === undefined ? {} : { spot }),
      }),
    );

  it("is created with the capacity-provider strategy a Spot job gets, not the FARGATE launch type", async () => {
    const mixed = onSpot({ base: 1, weight: 3 });
    const file = mixed.files.find((f) => f.path === "service.json");
    await expect(file?.contents).toMatchFileSnapshot("__snapshots__/ads-worker-spot/service.json");
    expect(mixed.service).not.toHaveProperty("launchType");
    expect(mixed.service.capacityProviderStrategy).toEqual([
      { capacityProvider: "FARGATE_SPOT", base: 1, weight: 3 },
      { capacityProvider: "FARGATE", weight: 1 },
    ]);
    expect(onSpot(true).service.capacityProviderStrategy).toEqual([
      { capacityProvider: "FARGATE_SPOT", weight: 1 },
    ]);
    expect(onSpot({ weight: 2 }).service.capacityProviderStrategy?.[0]).toEqual({
      capacityProvider: "FARGATE_SPOT",
      weight: 2,
    });
  });

  it("takes the task's spot, which the service's own overrides; the task definition stays the same", () => {
    const plain = compileService(worker());
    const fromTask = onSpot(undefined, true);
    expect(fromTask.service.capacityProviderStrategy).toHaveLength(1);
    expect(onSpot(false, true).service).toEqual(plain.service);
    expect(onSpot({ weight: 2 }, true).service.capacityProviderStrategy).toHaveLength(2);
    // Spot is where the tasks run, not what they are: the same task definition bytes.
    expect(fromTask.files.find((f) => f.path.startsWith("task-definitions/"))).toEqual(
      plain.files.find((f) => f.path.startsWith("task-definitions/")),
    );
  });

  it("refuses a base or weight ECS refuses, naming the service (BF1240)", () => {
    for (const [spot, message] of [
      [{ weight: 1001 }, "spot weight must be a whole number from 0 to 1000, got 1001"],
      [{ base: 0, weight: 0 }, "spot { base: 0, weight: 0 } never places a task of the service on Spot"],
    ] as const) {
      const [d, ...rest] = tryCompileService(worker({ spot })).diagnostics;
      expect(rest).toEqual([]);
      expect(d).toMatchObject({ code: "BF1240", service: "ads-worker", message });
      expect(d).not.toHaveProperty("job");
      expect(d?.location?.file).toMatch(/compile-service\.test\.ts$/);
    }
  });

  it("checks the option's shape at the call, as a job's", () => {
    expect(() => worker({ spot: "yes" as never })).toThrow(/BF1012[\s\S]*spot/);
    expect(() => worker({ spot: { wieght: 3 } as never })).toThrow(/BF1011[\s\S]*weight/);
  });
});

describe("service checks (every AWS limit at compile time)", () => {
  it("names the service and the line of each problem", () => {
    const [d] = tryCompileService(worker({ desiredCount: -1 })).diagnostics;
    expect(d).toMatchObject({ code: "BF1232", service: "ads-worker" });
    expect(d?.location?.file).toMatch(/compile-service\.test\.ts$/);
  });

  it.each([
    ["a name ECS refuses", worker({}, "ads worker"), 'BF1231 service name "ads worker" contains " "'],
    ["a name over 255 characters", worker({}, "a".repeat(256)), "BF1231"],
    ["a fraction of a task", worker({ desiredCount: 1.5 }), "BF1232 desiredCount 1.5"],
    ["more tasks than ECS runs", worker({ desiredCount: 5001 }), "BF1232 desiredCount 5001"],
    [
      "minimumHealthyPercent over 100",
      worker({ minimumHealthyPercent: 101 }),
      "BF1233 minimumHealthyPercent 101",
    ],
    ["maximumPercent over 200", worker({ maximumPercent: 201 }), "BF1233 maximumPercent 201"],
    [
      "no room to deploy",
      worker({ minimumHealthyPercent: 100, maximumPercent: 100 }),
      "BF1233 maximumPercent 100 is not above minimumHealthyPercent 100",
    ],
    ["an env name", worker({ env: { "A=B": "x" } }), 'BF1234 env "A=B"'],
    ["an empty command", worker({ command: [] }), "BF1235 has an empty command"],
    ["no cluster", worker({ cluster: undefined as unknown as string }), "BF1211 has no ECS cluster"],
    ["a subnet id", worker({ network: { subnets: ["hoge"] } }), 'BF1212 network.subnets[0] is "hoge"'],
    [
      "six security groups",
      worker({
        network: { subnets: ["subnet-a"], securityGroups: ["sg-1", "sg-2", "sg-3", "sg-4", "sg-5", "sg-6"] },
      }),
      "BF1326 network.securityGroups lists 6; ECS takes at most 5",
    ],
    ["a role name over 64 characters", worker({}, "a".repeat(55)), "BF1325"],
    ["a cluster name with *", worker({ cluster: "*" }), 'BF1313 the cluster name "*"'],
    [
      "a family ECS refuses",
      worker({ task: fargate({ image, family: "a.b" }) }),
      'BF1311 the family name "a.b"',
    ],
    ["a task size", worker({ task: fargate({ image, cpu: 256, memory: 4096 }) }), "BF1301"],
  ])("%s", (_what, s, expected) => {
    expect(problems(s).join("\n")).toContain(expected);
  });

  it("refuses input() in a service's env: a service has no execution input", async () => {
    const { input } = await import("@batchflow/core");
    const s = worker({ env: { DATE: input("date") as never } });
    expect(problems(s)).toEqual(["BF1234 env DATE reads the execution input, which a service does not have"]);
  });

  it("a name of 54 characters fits the 64 of its execution role", () => {
    expect(problems(worker({}, "a".repeat(54)))).toEqual([]);
  });
});
