// The defect of issue 9 against moto_server: a bundle with a workflow folder missing, deployed with
// `deploy --no-compile --prune --yes`, used to delete that workflow's live resources and exit 0.
// Now deploy refuses it (BF1642) before any AWS call and the account is left exactly as it was.
import { renameSync } from "node:fs";
import { join } from "node:path";
import { ecs } from "@batchflow/deploy/aws-sdk";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { snapshotAccount } from "./support/aws-snapshot.js";
import { runCliAsync } from "./support/cli-async.js";
import { CliProject, requireBuild } from "./support/cli-project.js";
import { seedExampleSources } from "./support/deploy-fixtures.js";
import { motoClients, motoEnv, testRegion, useMoto } from "./support/moto.js";

const moto = useMoto();
const projects: CliProject[] = [];

beforeAll(requireBuild);
afterEach(() => {
  for (const p of projects.splice(0)) p.dispose();
});

function batchflow(p: CliProject, ...args: string[]) {
  return runCliAsync(
    [...args, "--endpoint-url", moto().endpoint, "--region", testRegion],
    p.dir,
    motoEnv(moto()),
  );
}

describe("deploy --no-compile --prune of a bundle with a workflow folder missing", () => {
  it("refuses with BF1642 and deletes nothing; the old batchflow's leftover layout is refused too", async () => {
    const p = new CliProject();
    projects.push(p);
    for (const [file, contents] of seedExampleSources()) p.write(file, contents);
    await motoClients(moto()).ecs.send(new ecs.CreateClusterCommand({ clusterName: "batch" }));
    const deployed = await batchflow(p, "deploy", "--create-roles", "--yes");
    expect(deployed.stderr).toContain("compiled 2 workflows to dist/batchflow");
    expect(deployed.status).toBe(0);
    const account = await snapshotAccount(motoClients(moto()));
    expect(Object.keys(account.stateMachines)).toEqual([
      "ads-hourly",
      "ads-hourly-locks",
      "ads-hourly-notify",
      "ads-report",
      "ads-report-locks",
    ]);

    // The folder is gone from a bundle a whole compile wrote.
    p.remove("dist/batchflow/ads-report");
    const missing = await batchflow(p, "deploy", "--no-compile", "--prune", "--yes", "--create-roles");
    expect(missing.stderr).toContain(
      'error BF1642: workflow "ads-report": the bundle is incomplete: bundle.json lists workflow "ads-report", but',
    );
    expect(missing.stderr).toContain("hint: run batchflow compile (without file arguments)");
    expect(missing.stdout).toBe("");
    expect(missing.status).toBe(1);
    expect(await snapshotAccount(motoClients(moto()))).toEqual(account);

    // As the issue found it: written by a batchflow without bundle.json, the folder left inside
    // <out>/.staging-*/.replaced/. Recovery clears that staging; the bundle still cannot be trusted.
    expect((await runCliAsync(["compile"], p.dir)).status).toBe(0);
    p.remove("dist/batchflow/bundle.json");
    p.write("dist/batchflow/.staging-Qx81Zp/.replaced/.keep", "");
    renameSync(
      join(p.dir, "dist/batchflow/ads-report"),
      join(p.dir, "dist/batchflow/.staging-Qx81Zp/.replaced/ads-report"),
    );
    const legacy = await batchflow(p, "deploy", "--no-compile", "--prune", "--yes", "--create-roles");
    expect(legacy.stderr).toContain(
      "recovered: dist/batchflow/.staging-Qx81Zp  staging left by an older batchflow: removed",
    );
    expect(legacy.stderr).toMatch(/error BF1640: .*dist\/batchflow has no bundle\.json/);
    expect(legacy.status).toBe(1);
    expect(await snapshotAccount(motoClients(moto()))).toEqual(account);

    // A whole compile makes it deployable again, with nothing to do.
    expect((await runCliAsync(["compile"], p.dir)).status).toBe(0);
    const again = await batchflow(p, "deploy", "--no-compile", "--prune", "--yes", "--create-roles");
    expect(again.stdout).toMatch(/Nothing to deploy: \d+ resources are up to date/);
    expect(again.status).toBe(0);
  }, 120_000);
});
