// `batchflow plan` and `batchflow deploy`, run as a user runs them, against moto_server.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Plan } from "@batchflow/deploy";
import { ecs, sfn } from "@batchflow/deploy/aws-sdk";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { CliProject, cliBin, repoRoot, requireBuild } from "./support/cli-project.js";
import { arn } from "./support/deploy-fixtures.js";
import { motoClients, motoEnv, testAccount, testRegion, useMoto } from "./support/moto.js";

const moto = useMoto();
const projects: CliProject[] = [];

beforeAll(requireBuild);
afterEach(() => {
  for (const p of projects.splice(0)) p.dispose();
});

/** A copy of examples/seed-migration (its package.json names the project). */
function seedProject(): CliProject {
  const p = new CliProject();
  projects.push(p);
  for (const file of ["package.json", "batchflow.config.ts", "workflows/ads-hourly.ts"]) {
    p.write(file, readFileSync(join(repoRoot, "examples/seed-migration", file), "utf8"));
  }
  return p;
}

interface Run {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

function batchflow(p: CliProject, args: ReadonlyArray<string>, env?: Record<string, string>): Run {
  const result = spawnSync(
    process.execPath,
    [cliBin, ...args, "--endpoint-url", moto().endpoint, "--region", testRegion],
    {
      cwd: p.dir,
      encoding: "utf8",
      env: env ?? { ...process.env, ...motoEnv(moto()), NO_COLOR: "1", FORCE_COLOR: "0" },
    },
  );
  return { status: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

async function createCluster(): Promise<void> {
  await motoClients(moto()).ecs.send(new ecs.CreateClusterCommand({ clusterName: "batch" }));
}

describe("batchflow plan / deploy", () => {
  it("plans, refuses to deploy unasked, deploys, finds nothing to do, then ships a new image", async () => {
    const p = seedProject();
    const noCluster = batchflow(p, ["plan"]);
    expect(noCluster.status).toBe(1);
    expect(noCluster.stderr).toContain(
      'error BF1607: workflow "ads-hourly": the ECS cluster "batch" does not exist',
    );
    await createCluster();

    const planned = batchflow(p, ["plan", "--create-roles"]);
    expect(planned.stderr).toBe("");
    expect(planned.status).toBe(2);
    expect(planned.stdout).toContain(
      `batchflow plan for project example-seed-migration: account ${testAccount}, ${testRegion}`,
    );
    expect(planned.stdout).toMatch(
      /^ {2}\+ task definition ads-hourly +create: .*batch:production, 512 CPU units/m,
    );
    expect(planned.stdout).toMatch(/^ {2}\+ role ads-hourly-sfn +create: state machine role/m);
    expect(planned.stdout).toContain("Plan: 6 to create, 0 to update, 0 to delete, 0 unchanged.");

    const unasked = batchflow(p, ["deploy", "--create-roles"]);
    expect(unasked.status).toBe(1);
    expect(unasked.stderr).toContain("error BF1619: deploy was not confirmed");
    expect(batchflow(p, ["plan", "--create-roles"]).status).toBe(2);

    const deployed = batchflow(p, ["deploy", "--create-roles", "--yes"]);
    expect(deployed.status).toBe(0);
    expect(deployed.stderr).toContain("compiled 1 workflow to dist/batchflow");
    expect(deployed.stdout).toMatch(/✓ task definition ads-hourly {2}registered ads-hourly:1 {2}\(\d+ ms\)/);
    expect(deployed.stdout).toMatch(/✓ state machine ads-hourly {2}created, running ads-hourly:1/);
    expect(deployed.stdout).toMatch(
      /Deployed example-seed-migration: 6 created, 0 updated, 0 deleted, 0 unchanged in [\d.]+ s \(\d+ AWS calls\)\./,
    );
    expect(p.exists("dist/batchflow/ads-hourly/manifest.json")).toBe(true);
    const tags = await motoClients(moto()).sfn.send(
      new sfn.ListTagsForResourceCommand({ resourceArn: arn.stateMachine("ads-hourly") }),
    );
    expect(tags.tags).toContainEqual({ key: "batchflow:project", value: "example-seed-migration" });

    const clean = batchflow(p, ["plan", "--create-roles"]);
    expect(clean.status).toBe(0);
    expect(clean.stdout).toContain("Plan: 0 to create, 0 to update, 0 to delete, 6 unchanged.");
    const json = batchflow(p, ["plan", "--create-roles", "--json"]);
    expect(json.status).toBe(0);
    const machine = JSON.parse(json.stdout) as Plan;
    expect(machine).toMatchObject({
      project: "example-seed-migration",
      environment: { accountId: testAccount, region: testRegion, partition: "aws" },
      hasChanges: false,
      summary: { create: 0, update: 0, delete: 0, unchanged: 6, conflict: 0 },
    });
    expect(machine.changes.map((c) => `${c.action} ${c.type} ${c.name}`)).toContain(
      "unchanged task-definition ads-hourly",
    );

    p.write(
      "workflows/ads-hourly.ts",
      p.read("workflows/ads-hourly.ts").replace("batch:production", "batch:2026-12-01"),
    );
    const changed = batchflow(p, ["plan", "--create-roles"]);
    expect(changed.status).toBe(2);
    expect(changed.stdout).toMatch(/^ {2}~ task definition ads-hourly +update: new revision of ads-hourly/m);
    expect(changed.stdout).toMatch(/^ {6}- +"image": ".*batch:production",$/m);
    expect(changed.stdout).toMatch(/^ {6}\+ +"image": ".*batch:2026-12-01",$/m);
    expect(changed.stdout).toMatch(/^ {6}\+ +"TaskDefinition": "ads-hourly:\(new revision\)"$/m);
    expect(changed.stdout).toContain("Plan: 0 to create, 2 to update, 0 to delete, 4 unchanged.");

    const shipped = batchflow(p, ["deploy", "--create-roles", "--yes"]);
    expect(shipped.status).toBe(0);
    expect(shipped.stdout).toMatch(/✓ task definition ads-hourly {2}registered ads-hourly:2/);
    expect(shipped.stdout).toMatch(/✓ state machine ads-hourly {2}updated, running ads-hourly:2/);

    const again = batchflow(p, ["deploy", "--create-roles", "--yes", "--no-compile"]);
    expect(again.status).toBe(0);
    expect(again.stdout).toMatch(
      /Nothing to deploy: 6 resources are up to date \(\d+ AWS calls, [\d.]+ s\)\./,
    );
  });

  it("takes the project name from batchflow.config.ts, and deploys only the workflows named", async () => {
    const p = seedProject();
    p.write(
      "batchflow.config.ts",
      p
        .read("batchflow.config.ts")
        .replace(
          "export default defineConfig({",
          'export default defineConfig({\n  project: "ads-platform",',
        ),
    );
    p.write(
      "workflows/ads-daily.ts",
      p
        .read("workflows/ads-hourly.ts")
        .replace('"ads-hourly"', '"ads-daily"')
        .replace("export const hourly", "export const daily")
        .replace('cron("35 * * * *")', 'cron("0 4 * * *")'),
    );
    await createCluster();
    const result = batchflow(p, ["plan", "ads-daily", "--json", "--create-roles"]);
    expect(result.stderr).toBe("");
    expect(result.status).toBe(2);
    const planned = JSON.parse(result.stdout) as Plan;
    expect(planned.project).toBe("ads-platform");
    expect(planned.workflows).toEqual(["ads-daily"]);
    expect(new Set(planned.changes.map((c) => c.workflow))).toEqual(new Set(["ads-daily"]));

    const unknown = batchflow(p, ["plan", "ads-nightly"]);
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toContain('error BF1614: no workflow named "ads-nightly" in the bundle');
  });

  it("fails clearly without credentials, without an endpoint, and on bad options", () => {
    const p = seedProject();
    const home = mkdtempSync(join(tmpdir(), "bf-home-"));
    try {
      const bare = batchflow(p, ["plan"], {
        PATH: process.env.PATH ?? "",
        HOME: home,
        AWS_CONFIG_FILE: join(home, "no-config"),
        AWS_SHARED_CREDENTIALS_FILE: join(home, "no-credentials"),
        AWS_EC2_METADATA_DISABLED: "true",
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
        NO_COLOR: "1",
      });
      expect(bare.status).toBe(1);
      expect(bare.stderr).toContain("error BF1601: no AWS credentials found for sts:GetCallerIdentity");
      expect(bare.stderr).toContain("hint: configure credentials");
    } finally {
      rmSync(home, { recursive: true, force: true });
    }

    const nowhere = spawnSync(process.execPath, [cliBin, "plan", "--endpoint-url", "http://127.0.0.1:9"], {
      cwd: p.dir,
      encoding: "utf8",
      env: { ...process.env, ...motoEnv(moto()), NO_COLOR: "1" },
    });
    expect(nowhere.status).toBe(1);
    expect(nowhere.stderr).toContain("error BF1605: the AWS endpoint did not answer sts:GetCallerIdentity");

    const badPlan = batchflow(p, ["plan", "--bogus"]);
    expect(badPlan.status).toBe(1);
    expect(badPlan.stderr).toContain("error BF1400: Unknown option '--bogus'");
    expect(badPlan.stderr).toContain("usage: batchflow plan [workflow ...] [--json]");
    const badDeploy = batchflow(p, ["deploy", "--json"]);
    expect(badDeploy.status).toBe(2);
    expect(badDeploy.stderr).toContain("error BF1400: Unknown option '--json'");
  });
});
