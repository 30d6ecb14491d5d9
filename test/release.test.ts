// The package as users get it: the tarball `pnpm release:pack` makes (scripts/release-pack.mjs,
// run here first, on the build the test line made, with its checks) is published to a verdaccio
// registry on loopback, then installed into new projects
// outside this workspace, with npm and with pnpm, and used as the README and docs say: --version,
// init, compile, compile --check, run, the project's own vitest test with simulate() and an ASL
// snapshot, tsc with skipLibCheck false under NodeNext (the npm project) and Bundler resolution
// (the pnpm one), and (in the npm project) a locked, notifying run and plan against moto_server.
// BATCHFLOW_RELEASE_NODES=system,22,24 (`pnpm test:release`) repeats it on those
// Node.js versions; the test line runs it on this machine's.
import { spawnSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ecs } from "@batchflow/deploy/aws-sdk";
import { build } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoRoot, requireBuild } from "./support/cli-project.js";
import { motoEnv, testCredentials, testRegion, useMoto } from "./support/moto.js";
import { type Registry, startRegistry } from "./support/registry.js";
import { type ShellRun, type UserShell, userShell } from "./support/user-shell.js";

const moto = useMoto();
const releaseDir = join(repoRoot, "release");
const { version } = JSON.parse(readFileSync(join(repoRoot, "packages/batchflow/package.json"), "utf8")) as {
  version: string;
};
const nodes = (process.env.BATCHFLOW_RELEASE_NODES ?? "system").split(",").map((v) => v.trim());

let registry: Registry;
const scratch = mkdtempSync(join(tmpdir(), "batchflow-release-"));

beforeAll(async () => {
  requireBuild();
  // Packed here, not by the test line before vitest starts: the other tests need no tarball, and
  // this file's packing (and its publint and arethetypeswrong checks) runs beside them.
  const pack = spawnSync(process.execPath, [join(repoRoot, "scripts/release-pack.mjs")], {
    encoding: "utf8",
  });
  if (pack.status !== 0) throw new Error(`scripts/release-pack.mjs failed:\n${pack.stdout}\n${pack.stderr}`);
  const tarballs = readdirSync(releaseDir).filter((f) => f.endsWith(".tgz"));
  registry = await startRegistry();
  for (const tarball of tarballs) registry.publish(join(releaseDir, tarball));
}, 120_000);

afterAll(async () => {
  await registry?.stop();
  rmSync(scratch, { recursive: true, force: true });
});

/** Fails with the command's own output, so a broken step says what it printed. */
async function ok(running: Promise<ShellRun>, what: string): Promise<ShellRun> {
  const run = await running;
  expect(run.status, `${what} exited ${run.status}:\n${run.stdout}\n${run.stderr}`).toBe(0);
  return run;
}

/**
 * The installed bin keeps the CLI's bytecode between runs where Node.js can (22.1 and later), in
 * the directory NODE_COMPILE_CACHE names; on Node.js 20 it runs as before and writes nothing.
 */
async function expectCompileCache(shell: UserShell, dir: string): Promise<void> {
  const cache = join(dir, ".compile-cache");
  const run = shell.run(dir, "npx", ["--no-install", "batchflow", "--version"], {
    NODE_COMPILE_CACHE: cache,
  });
  expect((await ok(run, "batchflow --version with NODE_COMPILE_CACHE")).stdout.trim()).toBe(version);
  const [major = 0, minor = 0] = shell.nodeVersion.slice(1).split(".").map(Number);
  const cached = existsSync(cache) ? readdirSync(cache, { recursive: true }).length : 0;
  if (major > 22 || (major === 22 && minor >= 1)) expect(cached).toBeGreaterThan(0);
  else expect(cached).toBe(0);
  rmSync(cache, { recursive: true, force: true });
}

function figure(label: string, value: string): void {
  // Figures for the closing note of issue 9; printed, never asserted.
  console.log(`[release figure] ${label}: ${value}`);
}

function installedSize(dir: string): string {
  let bytes = 0;
  for (const entry of readdirSync(join(dir, "node_modules"), { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) bytes += readFileSync(join(entry.parentPath, entry.name)).byteLength;
  }
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

describe.each(nodes)("@batchflow/batchflow from a registry, on Node.js %s", (node) => {
  let shell: UserShell;
  beforeAll(() => {
    shell = userShell(node, registry.url, scratch);
  }, 180_000);

  // The two projects proceed side by side (an install mostly waits on the registry); each plans
  // in a region of its own, so that one's cluster is not in the other's fresh account.
  it.concurrent("installs with npm into a project that has a package.json, and works as the docs say", async () => {
    const dir = join(scratch, `npm-node-${node}`);
    mkdirSync(dir);
    const npx = (...args: string[]) => shell.run(dir, "npx", ["--no-install", ...args]);
    await ok(shell.run(dir, "npm", ["init", "-y"]), "npm init -y");
    const install = await ok(shell.run(dir, "npm", ["install", "-D", "@batchflow/batchflow"]), "npm install");
    expect(install.stderr).not.toMatch(/EBADENGINE|Unsupported engine/);
    figure(
      `npm install -D @batchflow/batchflow (${shell.nodeVersion})`,
      `${(install.ms / 1000).toFixed(1)} s`,
    );
    figure("installed size (node_modules)", installedSize(dir));

    expect((await ok(npx("batchflow", "--version"), "batchflow --version")).stdout.trim()).toBe(version);
    await expectCompileCache(shell, dir);
    await expectDslBundleWithoutSdk(dir);
    const init = await ok(npx("batchflow", "init"), "batchflow init");
    expect(init.stdout).toContain("batchflow compile");
    await ok(shell.run(dir, "npm", ["install"]), "npm install after init");
    await userProject(
      shell,
      dir,
      (args) => npx("batchflow", ...args),
      (...args) => npx(...args),
      { region: testRegion, resolution: "NodeNext", ciRun: true, lockAndPlan: true },
    );
  }, 600_000);

  it.concurrent("installs with pnpm into a project made by `pnpm dlx @batchflow/batchflow init`, and works as the docs say", async () => {
    const dir = join(scratch, `pnpm-node-${node}`);
    await ok(
      shell.run(scratch, shell.pnpm, ["dlx", "@batchflow/batchflow", "init", dir]),
      "pnpm dlx ... init",
    );
    const install = await ok(shell.run(dir, shell.pnpm, ["install"]), "pnpm install");
    expect(install.stdout + install.stderr).not.toMatch(/Unsupported engine/);
    const exec = (...args: string[]) => shell.run(dir, shell.pnpm, ["exec", ...args]);
    expect((await ok(exec("batchflow", "--version"), "batchflow --version")).stdout.trim()).toBe(version);
    await userProject(shell, dir, (args) => exec("batchflow", ...args), exec, {
      region: "us-west-2",
      resolution: "Bundler",
      ciRun: false,
      lockAndPlan: false,
    });
  }, 600_000);
});

/**
 * A user's bundler that imports only the DSL and compile() from the installed package takes none
 * of the AWS SDK, the interpreter or the CLI.
 */
async function expectDslBundleWithoutSdk(dir: string): Promise<void> {
  writeFileSync(
    join(dir, "dsl-only.mjs"),
    'import { compile, cron, fargate, job, workflow } from "@batchflow/batchflow";\n' +
      'const task = fargate({ image: "busybox" });\n' +
      'const w = workflow("w", { schedule: cron("0 * * * *"), cluster: "c", network: { subnets: ["subnet-a"] }, defaults: { task, command: ["true"] } }, job("a"));\n' +
      "console.log(compile(w).stateMachine.StartAt);\n",
  );
  const result = await build({
    absWorkingDir: dir,
    entryPoints: ["dsl-only.mjs"],
    bundle: true,
    platform: "node",
    format: "esm",
    write: false,
    metafile: true,
    logLevel: "silent",
  });
  const inputs = Object.keys(result.metafile.inputs);
  expect(
    inputs.filter((path) => /@aws-sdk|@smithy|aws-local-stepfunctions|jiti|asl-validator/.test(path)),
  ).toEqual([]);
  // The package bundles the AWS SDK and the interpreter into chunks of its own dist/: the paths
  // above cannot show them, their code can (a client class, the interpreter's abort error).
  const code = result.outputFiles.map((f) => f.text).join("\n");
  for (const marker of ["ECSClient", "ExecutionAbortedError", "createJiti"])
    expect(code).not.toContain(marker);
  const bytes = result.outputFiles.reduce((n, f) => n + f.contents.byteLength, 0);
  figure(
    "a bundle of the DSL and compile() only",
    `${(bytes / 1024).toFixed(0)} KiB, ${inputs.length} input files`,
  );
}

/**
 * How a project checks its types and runs its tests. The package's declarations are the same files
 * whichever manager installed them, so each resolution is checked in one of the two projects (the
 * npm one as `batchflow init` writes it, NodeNext; the pnpm one as a bundler-based project sees the
 * package), and CI's second test run (snapshots present, `CI` set) in the npm one: each would
 * otherwise cost the test line as much again.
 */
interface ProjectChecks {
  /** moto's region for `plan`: each project's fresh account is its own. */
  readonly region: string;
  readonly resolution: "NodeNext" | "Bundler";
  readonly ciRun: boolean;
  /**
   * The locked, notifying run and the two plans: the same installed code whichever manager put it
   * there, so the npm project runs them and the pnpm one leaves them out of the test line.
   */
  readonly lockAndPlan: boolean;
}

/** The steps a user takes in a project that `batchflow init` made. */
async function userProject(
  shell: UserShell,
  dir: string,
  batchflow: (args: ReadonlyArray<string>) => Promise<ShellRun>,
  exec: (...args: string[]) => Promise<ShellRun>,
  checks: ProjectChecks,
): Promise<void> {
  const { region } = checks;
  const compiled = await ok(batchflow(["compile"]), "batchflow compile");
  expect(compiled.stdout).toContain("hello");
  expect(existsSync(join(dir, "dist/batchflow/hello/state-machine.asl.json"))).toBe(true);
  await ok(batchflow(["compile", "--check"]), "batchflow compile --check");

  const run = await ok(batchflow(["run", "hello", "--graph"]), "batchflow run hello --graph");
  expect(run.stdout).toMatch(/SUCCEEDED/);
  // The run's picture: Graphviz in WebAssembly, loaded from the installed @viz-js/viz.
  const picture = /^graph: (.+)$/m.exec(run.stdout)?.[1] ?? "";
  expect(readFileSync(join(dir, picture), "utf8")).toMatch(/<g id="job&#45;\w+" class="node job succeeded">/);

  if (checks.lockAndPlan) await lockedRun(dir, batchflow);

  // The generated test: simulate() and a snapshot of the ASL. The first run writes the snapshot
  // (as on a developer's machine), the second compares with it as CI does.
  const first = await ok(exec("vitest", "run"), "vitest run (writes the snapshot)");
  expect(first.stdout).toMatch(/Tests +3 passed \(3\)/);
  expect(readFileSync(join(dir, "test/__snapshots__/hello.test.ts.snap"), "utf8")).toContain(
    '"StartAt": "extract"',
  );
  if (checks.ciRun) {
    const inCi = await ok(
      shell.run(dir, "npx", ["--no-install", "vitest", "run"], { CI: "true" }),
      "vitest run in CI",
    );
    expect(inCi.stdout).toMatch(/Tests +3 passed \(3\)/);
  }

  // skipLibCheck false, so that the package's declarations are checked too: NodeNext with the
  // project's own tsconfig (its workflows and tests), or the package's two entries under Bundler
  // resolution, as a bundler-based project sees them.
  const tsconfig = JSON.parse(readFileSync(join(dir, "tsconfig.json"), "utf8")) as {
    compilerOptions: Record<string, unknown>;
  };
  expect(tsconfig.compilerOptions.skipLibCheck).toBe(false);
  if (checks.resolution === "NodeNext") {
    await ok(exec("tsc", "--noEmit", "-p", "tsconfig.json"), "tsc (NodeNext)");
  } else {
    writeFileSync(
      join(dir, "bundler-entries.ts"),
      'import { compile } from "@batchflow/batchflow";\n' +
        'import { simulate, type Simulation } from "@batchflow/batchflow/testing";\n' +
        'import { hello } from "./workflows/hello.js";\n' +
        "export const machine = compile(hello).stateMachine;\n" +
        "export const run: Promise<Simulation> = simulate(hello);\n",
    );
    writeFileSync(
      join(dir, "tsconfig.bundler.json"),
      JSON.stringify({
        extends: "./tsconfig.json",
        compilerOptions: { module: "preserve", moduleResolution: "bundler", skipLibCheck: false, types: [] },
        include: ["bundler-entries.ts", "batchflow.config.ts", "workflows"],
      }),
    );
    await ok(exec("tsc", "--noEmit", "-p", "tsconfig.bundler.json"), "tsc (Bundler)");
  }

  if (checks.lockAndPlan) await plans(shell, dir, region);
}

/**
 * A workflow with a lock and notifications runs its lock machine (with the file lock store and
 * the interpreter's JSONPath fast path) and its notify machine from the installed package.
 */
async function lockedRun(
  dir: string,
  batchflow: (args: ReadonlyArray<string>) => Promise<ShellRun>,
): Promise<void> {
  const guarded = join(dir, "workflows/guarded.ts");
  writeFileSync(
    guarded,
    'import { fargate, job, secret, workflow } from "@batchflow/batchflow";\n' +
      'const task = fargate({ image: "busybox" });\n' +
      'const webhook = secret("arn:aws:secretsmanager:us-east-1:000000000000:secret:slack-webhook-AbCdEf");\n' +
      'export const guarded = workflow("guarded", { cluster: "c", network: { subnets: ["subnet-a"] }, defaults: { task, command: ["true"] }, lock: { name: "nightly", wait: "1m" }, notify: { slack: { webhook, success: "#batch" } } }, job("one", { lock: { name: "one", onBusy: "skip" } }));\n',
  );
  const locked = await ok(batchflow(["run", "guarded", "--dry-notify"]), "batchflow run guarded");
  expect(locked.stdout).toMatch(
    /lock nightly acquired[\s\S]*lock one acquired[\s\S]*lock one released[\s\S]*lock nightly released/,
  );
  expect(locked.stdout).toContain("#batch");
  expect(locked.stdout).toMatch(/SUCCEEDED/);
  rmSync(guarded);
}

/** plan against moto: a fresh account first (one block: what is missing and the command that fixes it), then with the cluster there. */
async function plans(shell: UserShell, dir: string, region: string): Promise<void> {
  const aws = ["--endpoint-url", moto().endpoint, "--region", region];
  const env = { ...motoEnv(moto()), AWS_REGION: region };
  const fresh = await shell.run(dir, "npx", ["--no-install", "batchflow", "plan", ...aws], env);
  expect(fresh.status, fresh.stdout + fresh.stderr).toBe(1);
  expect(fresh.stderr).toContain("create-cluster");
  const cluster = new ecs.ECSClient({ region, endpoint: moto().endpoint, credentials: testCredentials });
  await cluster.send(new ecs.CreateClusterCommand({ clusterName: "batch" }));
  const planned = await shell.run(
    dir,
    "npx",
    ["--no-install", "batchflow", "plan", "--create-roles", ...aws],
    env,
  );
  expect(planned.status, planned.stdout + planned.stderr).toBe(0);
  expect(planned.stdout).toContain("hello");
}
