// `batchflow plan` and `batchflow deploy` of a project whose workflows take locks and notify
// Slack (examples/seed-migration), run as a user runs them, against moto_server: the lock table
// and the connection show up like every other resource, in text and in --json, and a second
// deploy has nothing to do.
import { spawn } from "node:child_process";
import type { Plan } from "@batchflow/deploy";
import { ecs } from "@batchflow/deploy/aws-sdk";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { CliProject, cliBin, requireBuild } from "./support/cli-project.js";
import { seedExampleSources } from "./support/deploy-fixtures.js";
import { motoClients, motoEnv, testAccount, testRegion, useMoto } from "./support/moto.js";

const moto = useMoto();
const projects: CliProject[] = [];

beforeAll(requireBuild);
afterEach(() => {
  for (const p of projects.splice(0)) p.dispose();
});

/**
 * A copy of examples/seed-migration: ads-hourly's jobs take hoge.lock and fuga.lock and it
 * notifies Slack; ads-report takes fuga.lock around the whole workflow. One table for both.
 */
function lockedProject(): CliProject {
  const p = new CliProject();
  projects.push(p);
  for (const [file, contents] of seedExampleSources()) p.write(file, contents);
  expect(p.read("workflows/ads-hourly.ts")).toContain("lock: {");
  expect(p.read("workflows/ads-hourly.ts")).toContain("notify: {");
  expect(p.read("workflows/ads-report.ts")).toContain("lock: {");
  return p;
}

/**
 * `batchflow <args>` against moto_server, without blocking this process: a spawnSync would stop
 * it from reading moto_server's log pipe (support/moto.ts), and moto_server stalls once it is full.
 */
function batchflow(p: CliProject, args: ReadonlyArray<string>) {
  return new Promise<{ status: number; stdout: string; stderr: string }>((resolve, reject) => {
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

describe("batchflow plan / deploy with locks and Slack notifications", () => {
  it("plans the lock table and the connection, deploys them, then has nothing to do", async () => {
    const p = lockedProject();
    await motoClients(moto()).ecs.send(new ecs.CreateClusterCommand({ clusterName: "batch" }));

    const planned = await batchflow(p, ["plan", "--create-roles", "--detailed-exitcode"]);
    expect(planned.stderr).toBe("");
    expect(planned.status).toBe(2);
    expect(planned.stdout).toContain(`shared by every workflow in ${testRegion}`);
    // One table for both workflows' locks; a connection for ads-hourly only.
    expect(planned.stdout).toMatch(
      /^ {2}\+ lock table batchflow-locks +create: DynamoDB table of batchflow locks: hash key LockName \(S\), on-demand; used by ads-hourly, ads-report$/m,
    );
    expect(planned.stdout).toMatch(
      /^ {2}\+ connection ads-hourly-notify +create: EventBridge connection of the Slack notifications \(API_KEY, header X-Batchflow-Notify\)$/m,
    );
    expect(planned.stdout.match(/^ {2}\+ (lock table|connection) /gm)).toHaveLength(2);
    // ads-hourly's notify machine and the rule that starts it, under ads-hourly.
    expect(planned.stdout).toMatch(
      /^ {2}\+ state machine ads-hourly-notify +create: notify machine of ads-hourly: STANDARD, \d+ top-level states, role arn:aws:iam::\d{12}:role\/ads-hourly-sfn$/m,
    );
    expect(planned.stdout).toMatch(
      /^ {2}\+ rule ads-hourly-notify +create: status changes of ads-hourly to ABORTED, FAILED, SUCCEEDED or TIMED_OUT, target ads-hourly-notify$/m,
    );
    // The table, the connection, per workflow a task definition, a state machine and its lock
    // machine, a rule and three roles; and ads-hourly's notify machine, its rule and that rule's role.
    expect(planned.stdout).toContain("Plan: 19 to create, 0 to update, 0 to delete, 0 unchanged.");

    const deployed = await batchflow(p, ["deploy", "--create-roles", "--yes"]);
    expect(deployed.stderr).toContain("compiled 2 workflows");
    expect(deployed.status).toBe(0);
    expect(deployed.stdout).toMatch(/✓ lock table batchflow-locks {2}created {2}\(\d+ ms\)/);
    expect(deployed.stdout).toMatch(/✓ connection ads-hourly-notify {2}created \(AUTHORIZED\) {2}\(\d+ ms\)/);
    expect(deployed.stdout).toMatch(
      /Deployed example-seed-migration: 19 created, 0 updated, 0 deleted, 0 unchanged/,
    );

    const json = await batchflow(p, ["plan", "--create-roles", "--json"]);
    expect(json.status).toBe(0);
    const plan = JSON.parse(json.stdout) as Plan;
    expect(plan.summary).toEqual({ create: 0, update: 0, delete: 0, unchanged: 19, conflict: 0 });
    expect(plan.changes.filter((c) => c.type === "lock-table" || c.type === "connection")).toEqual([
      {
        type: "lock-table",
        name: "batchflow-locks",
        action: "unchanged",
        summary: "ACTIVE, hash key LockName (S); used by ads-hourly, ads-report",
        arn: `arn:aws:dynamodb:${testRegion}:${testAccount}:table/batchflow-locks`,
      },
      {
        type: "connection",
        name: "ads-hourly-notify",
        workflow: "ads-hourly",
        action: "unchanged",
        summary:
          "AUTHORIZED, EventBridge connection of the Slack notifications (API_KEY, header X-Batchflow-Notify)",
        arn: expect.stringMatching(
          new RegExp(
            `^arn:aws:events:${testRegion}:${testAccount}:connection/ads-hourly-notify/[0-9a-f-]{36}$`,
          ),
        ),
      },
    ]);

    const again = await batchflow(p, ["deploy", "--create-roles", "--yes", "--no-compile"]);
    expect(again.status).toBe(0);
    expect(again.stdout).toMatch(/Nothing to deploy: 19 resources are up to date/);
  });
});
