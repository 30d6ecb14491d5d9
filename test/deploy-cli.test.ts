// `batchflow plan` and `batchflow deploy`, run as a user runs them, against moto_server.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Plan } from "@batchflow/deploy";
import { ecs, sfn } from "@batchflow/deploy/aws-sdk";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { CliProject, cliBin, requireBuild } from "./support/cli-project.js";
import { arn, seedExampleSources } from "./support/deploy-fixtures.js";
import { motoClients, motoEnv, testAccount, testRegion, useMoto } from "./support/moto.js";

const moto = useMoto();
const projects: CliProject[] = [];

beforeAll(requireBuild);
afterEach(() => {
  for (const p of projects.splice(0)) p.dispose();
});

/**
 * A copy of examples/seed-migration (its package.json names the project): ads-hourly and
 * ads-report, sharing the image of containers.ts and the lock table; ads-hourly notifies Slack.
 */
function seedProject(): CliProject {
  const p = new CliProject();
  projects.push(p);
  for (const [file, contents] of seedExampleSources()) p.write(file, contents);
  expect(p.exists("containers.ts") && p.exists("workflows/ads-report.ts")).toBe(true);
  return p;
}

interface Run {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** `batchflow <args>` in the project, against moto_server. */
function batchflow(p: CliProject, args: ReadonlyArray<string>, env?: Record<string, string>): Promise<Run> {
  return runCli(p, [...args, "--endpoint-url", moto().endpoint, "--region", testRegion], env);
}

/**
 * Runs the built CLI to completion without blocking this process: support/moto.ts reads
 * moto_server's log through a pipe, and with the event loop stopped in a spawnSync that pipe
 * fills (a deploy of the example makes a few hundred requests) and moto_server stops answering.
 */
function runCli(p: CliProject, args: ReadonlyArray<string>, env?: Record<string, string>): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cliBin, ...args], {
      cwd: p.dir,
      env: env ?? { ...process.env, ...motoEnv(moto()), NO_COLOR: "1", FORCE_COLOR: "0" },
      stdio: ["ignore", "pipe", "pipe"],
    });
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

async function createCluster(): Promise<void> {
  await motoClients(moto()).ecs.send(new ecs.CreateClusterCommand({ clusterName: "batch" }));
}

describe("batchflow plan / deploy", () => {
  it("plans, refuses to deploy unasked, deploys, finds nothing to do, then ships a new image", async () => {
    const p = seedProject();
    // A fresh account: no cluster, no roles (test/plan-fresh-account.test.ts shows the whole block).
    const noCluster = await batchflow(p, ["plan"]);
    expect(noCluster.status).toBe(1);
    expect(noCluster.stderr).toContain("error BF1650: ");
    expect(noCluster.stderr).toContain("    the ECS cluster batch, used by ads-hourly and ads-report\n");
    await createCluster();

    // Changes pending: 2 with --detailed-exitcode, as terraform's (without it, 0: see the next test).
    const planned = await batchflow(p, ["plan", "--create-roles", "--detailed-exitcode"]);
    expect(planned.stderr).toBe("");
    expect(planned.status).toBe(2);
    expect(planned.stdout).toContain(
      `batchflow plan for project example-seed-migration: account ${testAccount}, ${testRegion}`,
    );
    expect(planned.stdout).toMatch(
      /^ {2}\+ task definition ads-hourly +create: .*batch:production, 512 CPU units/m,
    );
    expect(planned.stdout).toMatch(
      /^ {2}\+ task definition ads-report +create: .*batch:production, 512 CPU units/m,
    );
    expect(planned.stdout).toMatch(/^ {2}\+ role ads-hourly-sfn +create: state machine role/m);
    expect(planned.stdout).toMatch(/^ {2}\+ lock table batchflow-locks +create: /m);
    expect(planned.stdout).toMatch(/^ {2}\+ connection ads-hourly-notify +create: /m);
    expect(planned.stdout).toMatch(
      /^ {2}\+ state machine ads-hourly-locks +create: lock machine of ads-hourly: STANDARD, \d+ top-level states, role arn:aws:iam::\d+:role\/ads-hourly-sfn$/m,
    );
    expect(planned.stdout).toMatch(
      /^ {2}\+ state machine ads-hourly-notify +create: notify machine of ads-hourly: STANDARD, \d+ top-level states, role arn:aws:iam::\d+:role\/ads-hourly-sfn$/m,
    );
    expect(planned.stdout).toMatch(
      /^ {2}\+ role ads-hourly-notify +create: notification role, assumed by events/m,
    );
    // Per workflow a task definition, a state machine and its lock machine, a rule and three
    // roles; ads-hourly's connection, notify machine, its rule and that rule's role; the lock
    // table both use.
    expect(planned.stdout).toContain("Plan: 19 to create, 0 to update, 0 to delete, 0 unchanged.");

    const unasked = await batchflow(p, ["deploy", "--create-roles"]);
    expect(unasked.status).toBe(1);
    expect(unasked.stderr).toContain("error BF1619: deploy was not confirmed");
    expect((await batchflow(p, ["plan", "--create-roles", "--detailed-exitcode"])).status).toBe(2);

    const deployed = await batchflow(p, ["deploy", "--create-roles", "--yes"]);
    expect(deployed.status).toBe(0);
    expect(deployed.stderr).toContain("compiled 2 workflows to dist/batchflow");
    for (const w of ["ads-hourly", "ads-report"]) {
      expect(deployed.stdout).toMatch(
        new RegExp(`✓ task definition ${w} {2}registered ${w}:1 {2}\\(\\d+ ms\\)`),
      );
      expect(deployed.stdout).toMatch(new RegExp(`✓ state machine ${w} {2}created, running ${w}:1`));
      expect(p.exists(`dist/batchflow/${w}/manifest.json`)).toBe(true);
    }
    expect(deployed.stdout).toMatch(
      /Deployed example-seed-migration: 19 created, 0 updated, 0 deleted, 0 unchanged in [\d.]+ s \(\d+ AWS calls\)\./,
    );
    const tags = await motoClients(moto()).sfn.send(
      new sfn.ListTagsForResourceCommand({ resourceArn: arn.stateMachine("ads-hourly") }),
    );
    expect(tags.tags).toContainEqual({ key: "batchflow:project", value: "example-seed-migration" });

    const clean = await batchflow(p, ["plan", "--create-roles", "--detailed-exitcode"]);
    expect(clean.status).toBe(0);
    expect(clean.stdout).toContain("Plan: 0 to create, 0 to update, 0 to delete, 19 unchanged.");
    const json = await batchflow(p, ["plan", "--create-roles", "--json"]);
    expect(json.status).toBe(0);
    const machine = JSON.parse(json.stdout) as Plan;
    expect(machine).toMatchObject({
      project: "example-seed-migration",
      environment: { accountId: testAccount, region: testRegion, partition: "aws" },
      hasChanges: false,
      summary: { create: 0, update: 0, delete: 0, unchanged: 19, conflict: 0 },
    });
    expect(machine.changes.map((c) => `${c.action} ${c.type} ${c.name}`)).toContain(
      "unchanged task-definition ads-hourly",
    );

    // The image is containers.ts's, shared by both workflows: each family gets a new revision
    // and each state machine is repinned to it; nothing else changes (the lock and notify machines
    // run no task).
    p.write("containers.ts", p.read("containers.ts").replace("batch:production", "batch:2026-12-01"));
    const changed = await batchflow(p, ["plan", "--create-roles", "--detailed-exitcode"]);
    expect(changed.status).toBe(2);
    for (const w of ["ads-hourly", "ads-report"]) {
      expect(changed.stdout).toMatch(
        new RegExp(`^ {2}~ task definition ${w} +update: new revision of ${w}`, "m"),
      );
      expect(changed.stdout).toMatch(
        new RegExp(`^ {6}\\+ +"TaskDefinition": "${w}:\\(new revision\\)"$`, "m"),
      );
    }
    expect(changed.stdout).toMatch(/^ {6}- +"image": ".*batch:production",$/m);
    expect(changed.stdout).toMatch(/^ {6}\+ +"image": ".*batch:2026-12-01",$/m);
    expect(changed.stdout).toContain("Plan: 0 to create, 4 to update, 0 to delete, 15 unchanged.");

    const shipped = await batchflow(p, ["deploy", "--create-roles", "--yes"]);
    expect(shipped.status).toBe(0);
    for (const w of ["ads-hourly", "ads-report"]) {
      expect(shipped.stdout).toMatch(new RegExp(`✓ task definition ${w} {2}registered ${w}:2`));
      expect(shipped.stdout).toMatch(new RegExp(`✓ state machine ${w} {2}updated, running ${w}:2`));
    }

    const again = await batchflow(p, ["deploy", "--create-roles", "--yes", "--no-compile"]);
    expect(again.status).toBe(0);
    expect(again.stdout).toMatch(
      /Nothing to deploy: 19 resources are up to date \(\d+ AWS calls, [\d.]+ s\)\./,
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
    const result = await batchflow(p, ["plan", "ads-daily", "--json", "--create-roles"]);
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    const planned = JSON.parse(result.stdout) as Plan;
    expect(planned.project).toBe("ads-platform");
    expect(planned.workflows).toEqual(["ads-daily"]);
    // Only ads-daily's resources, and the lock table it shares (which belongs to no workflow).
    expect(new Set(planned.changes.map((c) => c.workflow ?? `${c.type} ${c.name}`))).toEqual(
      new Set(["ads-daily", "lock-table batchflow-locks"]),
    );
    expect(planned.changes.find((c) => c.type === "lock-table")?.summary).toMatch(/; used by ads-daily$/);
    expect(planned.changes.find((c) => c.type === "connection")?.name).toBe("ads-daily-notify");

    const unknown = await batchflow(p, ["plan", "ads-nightly"]);
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toContain('error BF1614: no workflow named "ads-nightly" in the bundle');
  });

  it("fails clearly without credentials, without an endpoint, and on bad options", async () => {
    const p = seedProject();
    const home = mkdtempSync(join(tmpdir(), "bf-home-"));
    try {
      const bare = await batchflow(p, ["plan"], {
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

      // A --profile the shared files lack is said at once, with the one meant; no SDK warning.
      writeFileSync(
        join(home, "config"),
        "[default]\nregion = us-east-1\n[profile staging]\nregion = us-east-1\n",
      );
      const typo = await batchflow(p, ["plan", "--profile", "stagin"], {
        PATH: process.env.PATH ?? "",
        HOME: home,
        ...motoEnv(moto()),
        AWS_CONFIG_FILE: join(home, "config"),
        AWS_SHARED_CREDENTIALS_FILE: join(home, "no-credentials"),
        NO_COLOR: "1",
      });
      expect(typo.status).toBe(2);
      expect(typo.stderr).toBe(
        `error BF1424: --profile stagin is not a profile of ${join(home, "config")} or ${join(home, "no-credentials")}\n  hint: did you mean --profile staging?\n`,
      );
    } finally {
      rmSync(home, { recursive: true, force: true });
    }

    const nowhere = await runCli(p, ["plan", "--endpoint-url", "http://127.0.0.1:9"]);
    expect(nowhere.status).toBe(1);
    expect(nowhere.stderr).toContain("error BF1605: the AWS endpoint did not answer sts:GetCallerIdentity");

    // Usage errors exit 2 in plan too; with --detailed-exitcode, where 2 means changes, they exit 1.
    const badPlan = await batchflow(p, ["plan", "--bogus"]);
    expect(badPlan.status).toBe(2);
    expect(badPlan.stderr).toContain("error BF1421: unknown option --bogus for batchflow plan");
    expect(badPlan.stderr).toContain("run batchflow plan --help for its options");
    expect((await batchflow(p, ["plan", "--bogus", "--detailed-exitcode"])).status).toBe(1);
    const badDeploy = await batchflow(p, ["deploy", "--json"]);
    expect(badDeploy.status).toBe(2);
    expect(badDeploy.stderr).toContain("error BF1421: unknown option --json for batchflow deploy");
    expect(badDeploy.stderr).toContain(
      "--json is an option of batchflow run, batchflow explain and batchflow plan",
    );
  });
});
