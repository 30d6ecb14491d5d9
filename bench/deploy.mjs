// `deploy` against moto_server on loopback: AWS API calls and wall time of a fresh deploy and of
// a no-change redeploy, for 1 and for 20 workflows. Goal: a no-change redeploy makes only read
// calls and takes under 2 s for 20 workflows.
//
// Each measured deploy uses new SDK clients, as a `batchflow deploy` process would; wall time is
// the deploy() call (plan + apply), not node start-up or compiling. Needs moto_server
// (pip install "moto[server]") and a build (pnpm build).
import { spawn } from "node:child_process";
import { createServer } from "node:net";
import { pathToFileURL } from "node:url";
import { trustPolicy } from "../packages/aws/dist/index.js";
import { compile, cron, fargate, job, parallel, workflow } from "../packages/batchflow/dist/index.js";
import { ecs, iam } from "../packages/deploy/dist/aws-sdk.js";
import { bundleFromCompiled, createClients, deploy, isReadCall } from "../packages/deploy/dist/index.js";
import { fmt, median, printTable } from "./util.mjs";

const region = "ap-northeast-1";
const credentials = { accessKeyId: "bench", secretAccessKey: "bench" };
const counts = [1, 20];
const redeployRuns = 7;
const freshRuns = 3;

/** N seed-like workflows: three jobs (hoge, then fuga and foo at once), one family each, a UTC rule. */
function bundleOf(n) {
  const config = { cluster: "batch", network: { subnets: ["subnet-a"], securityGroups: ["sg-a"] } };
  const compiled = Array.from({ length: n }, (_, i) => {
    const task = fargate({
      image: "000000000000.dkr.ecr.ap-northeast-1.amazonaws.com/batch:production",
      cpu: 512,
      memory: 2048,
    });
    return compile(
      workflow(
        `bench-deploy-${i + 1}`,
        {
          schedule: cron(`${i % 60} * * * *`),
          defaults: { task, command: (name) => ["make", "run", name], timeout: "30m" },
        },
        job("hoge").then(parallel(job("fuga"), job("foo"))),
      ),
      { config },
    );
  });
  return bundleFromCompiled(compiled);
}

async function startMoto() {
  const port = await new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
  const endpoint = `http://127.0.0.1:${port}`;
  const child = spawn("moto_server", ["-H", "127.0.0.1", "-p", String(port)], {
    stdio: "ignore",
    detached: true,
  });
  const failed = new Promise((_, reject) => {
    child.once("error", (e) =>
      reject(e.code === "ENOENT" ? new Error('moto_server not found: pip install "moto[server]"') : e),
    );
    child.once("exit", (code) => reject(new Error(`moto_server exited with ${code}`)));
  });
  const ready = (async () => {
    for (let i = 0; i < 300; i++) {
      try {
        if ((await fetch(`${endpoint}/moto-api/reset`, { method: "POST" })).ok) return;
      } catch {}
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error("moto_server did not start");
  })();
  await Promise.race([ready, failed]);
  return {
    endpoint,
    reset: () => fetch(`${endpoint}/moto-api/reset`, { method: "POST" }),
    stop: () => {
      try {
        process.kill(-child.pid, "SIGTERM");
      } catch {
        child.kill("SIGTERM");
      }
    },
  };
}

async function measure(moto, bundle, createRoles) {
  const clients = createClients({ region, endpoint: moto.endpoint, credentials });
  const started = performance.now();
  const result = await deploy({ clients, project: "bench", bundle, createRoles });
  const ms = performance.now() - started;
  clients.destroy();
  const reads = result.calls.filter(isReadCall).length;
  const operations = {};
  for (const c of result.calls) {
    const op = `${c.service}:${c.operation}`;
    operations[op] = (operations[op] ?? 0) + 1;
  }
  return {
    operations,
    ms,
    calls: result.calls.length,
    reads,
    writes: result.calls.length - reads,
    changes: result.applied.length,
  };
}

async function prepare(moto) {
  await moto.reset();
  const clients = createClients({ region, endpoint: moto.endpoint, credentials });
  await clients.ecs.send(new ecs.CreateClusterCommand({ clusterName: "batch" }));
  clients.destroy();
}

export async function runDeployBench() {
  // Explicit credentials and endpoint: the SDK never looks for instance metadata; and its notice
  // about future Node versions is noise here.
  process.env.AWS_EC2_METADATA_DISABLED ??= "true";
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
  const moto = await startMoto();
  const rows = [];
  try {
    for (const n of counts) {
      const bundle = bundleOf(n);
      for (const createRoles of [true, false]) {
        const fresh = [];
        let redeploys;
        for (let run = 0; run < freshRuns; run++) {
          await prepare(moto);
          if (!createRoles) await makeRoles(moto, bundle);
          fresh.push(await measure(moto, bundle, createRoles));
        }
        await measure(moto, bundle, createRoles); // warm-up
        redeploys = [];
        for (let run = 0; run < redeployRuns; run++) redeploys.push(await measure(moto, bundle, createRoles));
        const pick = (list) => ({ ...list[0], ms: median(list.map((r) => r.ms)) });
        rows.push({ workflows: n, createRoles, kind: "fresh deploy", ...pick(fresh) });
        rows.push({ workflows: n, createRoles, kind: "no-change redeploy", ...pick(redeploys) });
      }
    }
  } finally {
    moto.stop();
  }
  printTable(
    `deploy against moto_server on loopback (median wall ms of ${freshRuns} fresh / ${redeployRuns} redeploys; new SDK clients per deploy)`,
    ["workflows", "roles", "deploy", "changes", "AWS calls", "reads", "writes", "wall ms", "ms/workflow"],
    rows.map((r) => [
      r.workflows,
      r.createRoles ? "--create-roles" : "existing",
      r.kind,
      r.changes,
      r.calls,
      r.reads,
      r.writes,
      fmt(r.ms, 0),
      fmt(r.ms / r.workflows, 1),
    ]),
  );
  for (const r of rows.filter((r) => r.workflows === 20 && r.kind === "no-change redeploy")) {
    const ops = Object.entries(r.operations)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([op, n]) => `${op} ${n}`)
      .join(", ");
    console.log(
      `\ncalls of a no-change redeploy of 20 workflows (${r.createRoles ? "--create-roles" : "existing roles"}): ${ops}`,
    );
  }
  const goal = rows.filter((r) => r.workflows === 20 && r.kind === "no-change redeploy");
  const met = goal.every((r) => r.writes === 0 && r.ms < 2000);
  console.log(
    `\ngoal (no-change redeploy of 20 workflows: read calls only, < 2 s): ${met ? "met" : "MISSED"} ` +
      `(${goal.map((r) => `${r.reads} reads, ${r.writes} writes, ${fmt(r.ms, 0)} ms ${r.createRoles ? "with" : "without"} --create-roles`).join("; ")})`,
  );
  return rows;
}

/** The roles the bundle names, made beforehand as a user (or Terraform) would. */
async function makeRoles(moto, bundle) {
  const clients = createClients({ region, endpoint: moto.endpoint, credentials });
  for (const w of bundle) {
    for (const role of w.manifest.roles) {
      await clients.iam.send(
        new iam.CreateRoleCommand({
          RoleName: role.arn.slice(role.arn.lastIndexOf("/") + 1),
          AssumeRolePolicyDocument: JSON.stringify(trustPolicy(role.service)),
        }),
      );
    }
  }
  clients.destroy();
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) await runDeployBench();
