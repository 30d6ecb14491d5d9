// service(...) through the CLI as a user meets it: compile writes each service's folder and says
// what it compiled, a name taken twice is BF1237, `batchflow run` of a service is BF1238, and plan
// and deploy refuse to move a deployed service onto Fargate Spot (BF1671), against moto_server.
import { spawn } from "node:child_process";
import { compileService, fargate, service } from "@batchflow/batchflow";
import { ecs } from "@batchflow/deploy/aws-sdk";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { CliProject, type CliRun, cliBin, requireBuild, workflowFile } from "./support/cli-project.js";
import { motoClients, motoEnv, testRegion, useMoto } from "./support/moto.js";
import { createTestNetwork } from "./support/moto-network.js";

const moto = useMoto();

const projects: CliProject[] = [];
function project(): CliProject {
  const p = new CliProject();
  projects.push(p);
  return p;
}

beforeAll(requireBuild);
afterEach(() => {
  for (const p of projects.splice(0)) p.dispose();
});

const noStackTrace = /^\s+at .+:\d+:\d+\)?$/m;
const image = "123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/batch:prod";

/** A file of services, with the imports and settings the workflows of workflowFile() have. */
function serviceFile(body: string): string {
  return `import { fargate, service } from "@batchflow/batchflow";

const task = fargate({ image: "${image}" });
const placement = { cluster: "batch", network: { subnets: ["subnet-a"] } };

${body}
`;
}

describe("batchflow compile of services", () => {
  it("writes each service's folder beside the workflows and says what each runs on", () => {
    const p = project()
      .write(
        "workflows/ads.ts",
        workflowFile(`export const hourly = workflow("ads-hourly", options, job("x"));`),
      )
      .write(
        "workflows/workers.ts",
        serviceFile(`export const worker = service("ads-worker", { task, desiredCount: 2, ...placement });
export const spot = service("spot-worker", { task, command: ["make", "w"], desiredCount: 1, spot: { base: 1, weight: 3 }, ...placement });`),
      );
    const run = p.run("compile");
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/✓ ads-hourly {2}1 job/);
    expect(run.stdout).toContain("✓ ads-worker  service, 2 tasks on cluster batch\n");
    expect(run.stdout).toContain("✓ spot-worker  service, 1 task on cluster batch, on Fargate Spot\n");
    expect(run.stdout).toMatch(/dist\/batchflow\/ads-worker\/service\.json {2}\d+ B/);
    expect(run.stdout).toMatch(/1 workflow and 2 services compiled to dist\/batchflow in \d+ ms/);
    expect(p.files("dist/batchflow/ads-worker")).toEqual([
      "iam/execution-role.json",
      "manifest.json",
      "service.json",
      "task-definitions/ads-worker.json",
    ]);
    // The same bytes compileService() gives for the same service.
    const expected = compileService(
      service("spot-worker", {
        task: fargate({ image }),
        command: ["make", "w"],
        desiredCount: 1,
        spot: { base: 1, weight: 3 },
        cluster: "batch",
        network: { subnets: ["subnet-a"] },
      }),
    );
    for (const f of expected.files)
      expect(p.read(`dist/batchflow/spot-worker/${f.path}`), f.path).toBe(f.contents);
    expect(JSON.parse(p.read("dist/batchflow/ads-worker/service.json"))).toMatchObject({
      launchType: "FARGATE",
    });
  });

  it("refuses a service named like a workflow or another service (BF1237), at the service's line", () => {
    const p = project()
      .write(
        "workflows/ads.ts",
        workflowFile(`export const hourly = workflow("ads-hourly", options, job("x"));`),
      )
      .write(
        "workflows/workers.ts",
        serviceFile(`export const worker = service("ads-hourly", { task, desiredCount: 1, ...placement });
export const one = service("w", { task, desiredCount: 1, ...placement });
export const two = service("w", { task, desiredCount: 1, ...placement });`),
      );
    const run = p.run("compile");
    expect(run.status).toBe(1);
    expect(run.stdout).toBe("");
    // At the line of the second service() of the name.
    expect(run.stderr).toMatch(
      /^workflows\/workers\.ts:6:\d+ error BF1237: service "ads-hourly": a workflow and a service are both named "ads-hourly": export hourly of workflows\/ads\.ts and export worker of workflows\/workers\.ts$/m,
    );
    expect(run.stderr).toMatch(
      /^workflows\/workers\.ts:8:\d+ error BF1237: service "w": a service and a service are both named "w": export one of workflows\/workers\.ts and export two of workflows\/workers\.ts$/m,
    );
    expect(run.stderr).toContain("2 problems found; nothing was written.");
    expect(run.stderr).toContain("rename one of them");
    expect(run.stderr).not.toMatch(noStackTrace);
    expect(p.exists("dist/batchflow")).toBe(false);
  });
});

describe("batchflow run of a service", () => {
  it("is refused with where the service is and how to deploy it (BF1238)", () => {
    const p = project()
      .write(
        "workflows/ads.ts",
        workflowFile(`export const hourly = workflow("ads-hourly", options, job("x"));`),
      )
      .write(
        "workflows/workers.ts",
        serviceFile(`export const worker = service("ads-worker", { task, desiredCount: 1, ...placement });`),
      );
    const run = p.run("run", "ads-worker");
    expect(run.status).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toMatch(
      /^workflows\/workers\.ts:6:\d+ error BF1238: service "ads-worker": "ads-worker" is a service \(export worker of workflows\/workers\.ts\); services run only on ECS$/m,
    );
    expect(run.stderr).toContain("deploy it with batchflow deploy ads-worker");
    expect(run.stderr).not.toMatch(noStackTrace);
  });
});

/** `batchflow <args>` against moto_server, without blocking this process (as deploy-cli.test.ts). */
function batchflow(p: CliProject, ...args: string[]): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [cliBin, ...args, "--endpoint-url", moto().endpoint, "--region", testRegion],
      {
        cwd: p.dir,
        env: { ...process.env, ...motoEnv(moto()), NO_COLOR: "1", FORCE_COLOR: "0" },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.once("error", reject);
    child.once("close", (code) => resolve({ status: code ?? -1, stdout, stderr }));
  });
}

describe("batchflow plan / deploy of a service moved onto Fargate Spot", () => {
  it("lists it as a conflict with BF1671 and what to do", async () => {
    const network = await createTestNetwork(moto().endpoint);
    const c = motoClients(moto());
    await c.ecs.send(new ecs.CreateClusterCommand({ clusterName: "batch" }));
    const file = (spot: string) =>
      serviceFile(
        `export const worker = service("ads-worker", { task, desiredCount: 1, cluster: "batch", network: { subnets: ["${network.subnet}"], securityGroups: ["${network.securityGroup}"] }${spot} });`,
      );
    const p = project().write("workflows/workers.ts", file(""));
    const deployed = await batchflow(p, "deploy", "--yes", "--create-roles");
    expect(deployed.status, deployed.stderr).toBe(0);
    expect(deployed.stdout).toMatch(/✓ service ads-worker +created/);

    p.write("workflows/workers.ts", file(", spot: true"));
    const planned = await batchflow(p, "plan");
    expect(planned.status).toBe(1);
    expect(planned.stdout).toMatch(
      /^ {2}! service ads-worker +conflict: service ads-worker runs with launch type FARGATE and would run with capacity providers FARGATE_SPOT \(weight 1\): ECS cannot move a service between a launch type and Fargate Spot in place$/m,
    );
    expect(planned.stdout).toMatch(/^ {6}BF1671: give the service a new name/m);
    expect(planned.stderr).toBe("1 resource in conflict: deploy would refuse to run (error BF1671).\n");

    // deploy refuses the same way before any change (deploy-service.test.ts); plan changed nothing.
    const live = await c.ecs.send(
      new ecs.DescribeServicesCommand({ cluster: "batch", services: ["ads-worker"] }),
    );
    expect(live.services?.[0]).toMatchObject({ launchType: "FARGATE" });
  });
});
