// `batchflow plan` and `deploy` on an account batchflow has never deployed to (no cluster, no
// roles), against moto_server: one short block that names what is missing and the commands to
// run next, instead of an error per resource; following it gets the project deployed.
import { ecs } from "@batchflow/deploy/aws-sdk";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { runCliAsync } from "./support/cli-async.js";
import { CliProject, requireBuild } from "./support/cli-project.js";
import { seedExampleSources } from "./support/deploy-fixtures.js";
import { motoClients, motoEnv, testAccount, testRegion, useMoto } from "./support/moto.js";

const moto = useMoto();
const projects: CliProject[] = [];

beforeAll(requireBuild);
afterEach(() => {
  for (const p of projects.splice(0)) p.dispose();
});

/** A copy of examples/seed-migration: ads-hourly and ads-report, both on the cluster "batch". */
function seedProject(): CliProject {
  const p = new CliProject();
  projects.push(p);
  for (const [file, contents] of seedExampleSources()) p.write(file, contents);
  return p;
}

function batchflow(p: CliProject, ...args: string[]) {
  return runCliAsync([...args, "--endpoint-url", moto().endpoint, "--region", testRegion], p.dir, {
    ...motoEnv(moto()),
    NO_COLOR: "1",
  });
}

// Three roles a workflow, and the role of the rule that starts ads-hourly's notify machine.
const roles = ["ads-hourly", "ads-report"].flatMap((w) => [
  `${w}-sfn`,
  `${w}-execution`,
  `${w}-schedule`,
  ...(w === "ads-hourly" ? [`${w}-notify`] : []),
]);

describe("plan on a fresh account", () => {
  it("says in one block what is missing and what to run next; doing it deploys", async () => {
    const p = seedProject();
    const fresh = await batchflow(p, "plan");
    expect(fresh.status).toBe(1);
    expect(fresh.stdout).toBe("");
    expect(fresh.stderr).toBe(
      [
        `error BF1650: account ${testAccount} (${testRegion}) does not have what these workflows run on yet:`,
        "    the ECS cluster batch, used by ads-hourly and ads-report",
        `    7 IAM roles batchflow names: ${roles.join(", ")}`,
        "  hint: batchflow does not create clusters; --create-roles creates the roles from iam/*.json. Run next:",
        // With the endpoint this plan ran against: the commands reach the same (emulated) account.
        `    aws ecs create-cluster --cluster-name batch --region ${testRegion} --endpoint-url ${moto().endpoint}`,
        `    batchflow deploy --create-roles --region ${testRegion} --endpoint-url ${moto().endpoint}`,
        "",
      ].join("\n"),
    );

    // deploy stops with the same block before changing anything.
    const refused = await batchflow(p, "deploy", "--yes");
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain("error BF1650: ");
    expect(refused.stderr.match(/^error /gm)).toHaveLength(1);
    expect(refused.stdout).toBe("");

    // What the first line of the hint does.
    await motoClients(moto()).ecs.send(new ecs.CreateClusterCommand({ clusterName: "batch" }));
    const rolesOnly = await batchflow(p, "plan");
    expect(rolesOnly.status).toBe(1);
    expect(rolesOnly.stderr).toContain(`    7 IAM roles batchflow names: ${roles.join(", ")}\n`);
    expect(rolesOnly.stderr).not.toContain("cluster");
    expect(rolesOnly.stderr).toMatch(
      /Run next:\n {4}batchflow deploy --create-roles --region ap-northeast-1 --endpoint-url http:\S+\n$/,
    );

    // The second line.
    const deployed = await batchflow(p, "deploy", "--create-roles", "--yes");
    expect(deployed.stderr).not.toContain("error");
    expect(deployed.status).toBe(0);
    const after = await batchflow(p, "plan", "--create-roles", "--detailed-exitcode");
    expect(after.status).toBe(0);
    expect(after.stdout).toContain("Plan: 0 to create, 0 to update, 0 to delete, 19 unchanged.");
  }, 120_000);
});
