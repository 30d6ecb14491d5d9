// The output directory as one unit: bundle.json, leftovers of killed compiles repaired by the next
// command and reported by --check, bundles deploy refuses, and output paths batchflow cannot use.
// The kills themselves are in atomic-output-kill.test.ts.
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { serializeBundleManifest } from "@batchflow/aws";
import { compile } from "@batchflow/batchflow";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import nightlyConfig from "../examples/nightly-report/batchflow.config.js";
import { nightly } from "../examples/nightly-report/workflows/nightly-report.js";
import seedConfig from "../examples/seed-migration/batchflow.config.js";
import { hourly } from "../examples/seed-migration/workflows/ads-hourly.js";
import { report } from "../examples/seed-migration/workflows/ads-report.js";
import { CliProject, cliBin, repoRoot, requireBuild, runCli, workflowFile } from "./support/cli-project.js";

const projects: CliProject[] = [];
const children: ChildProcess[] = [];
beforeAll(requireBuild);
afterEach(() => {
  for (const c of children.splice(0)) c.kill("SIGKILL");
  for (const p of projects.splice(0)) p.dispose();
});

/** A project with workflows a and b, compiled. */
function compiledProject(): CliProject {
  const p = new CliProject()
    .write("workflows/a.ts", workflowFile(`export const a = workflow("a", options, job("x"));`))
    .write("workflows/b.ts", workflowFile(`export const b = workflow("b", options, job("y"));`));
  projects.push(p);
  const run = p.run("compile");
  expect(run.stderr).toBe("");
  expect(run.status).toBe(0);
  return p;
}

/** Entries of dist/: the output and anything batchflow left beside it. */
function beside(p: CliProject): string[] {
  return spawnSync("ls", ["-A", join(p.dir, "dist")], { encoding: "utf8" })
    .stdout.split("\n")
    .filter(Boolean);
}

/** A pid that is surely gone: a process that has exited and been collected. */
function gonePid(): number {
  return spawnSync(process.execPath, ["-e", "0"]).pid;
}

/** plan --no-compile against an endpoint nothing listens on: reaching AWS at all fails with BF1605. */
function planNoCompile(p: CliProject, ...extra: string[]) {
  return spawnSync(
    process.execPath,
    [
      cliBin,
      "plan",
      "--no-compile",
      "--endpoint-url",
      "http://127.0.0.1:9",
      "--region",
      "ap-northeast-1",
      ...extra,
    ],
    {
      cwd: p.dir,
      encoding: "utf8",
      env: {
        ...process.env,
        NO_COLOR: "1",
        AWS_ACCESS_KEY_ID: "testing",
        AWS_SECRET_ACCESS_KEY: "testing",
        AWS_EC2_METADATA_DISABLED: "true",
        AWS_MAX_ATTEMPTS: "1",
      },
    },
  );
}

describe("bundle.json", () => {
  it.each([
    { example: "seed-migration", workflows: [hourly, report], config: seedConfig },
    { example: "nightly-report", workflows: [nightly], config: nightlyConfig },
  ])("of examples/$example matches its committed snapshot", async ({ example, workflows, config }) => {
    const manifests = workflows.map((w) => {
      const c = compile(w, { config });
      return { name: c.name, manifest: c.files.find((f) => f.path === "manifest.json")!.contents };
    });
    await expect(serializeBundleManifest(manifests)).toMatchFileSnapshot(
      `__snapshots__/examples/${example}/bundle.json`,
    );
  });

  it("is what batchflow compile writes, and nothing is left beside the output", async () => {
    const p = new CliProject();
    projects.push(p);
    const run = runCli(
      ["compile", "--out", join(p.dir, "dist/batchflow")],
      join(repoRoot, "examples/seed-migration"),
    );
    expect(run.status).toBe(0);
    expect(run.stdout).toContain("dist/batchflow/bundle.json");
    await expect(p.read("dist/batchflow/bundle.json")).toMatchFileSnapshot(
      "__snapshots__/examples/seed-migration/bundle.json",
    );
    expect(beside(p)).toEqual(["batchflow"]);
  });
});

describe("leftovers of a killed compile", () => {
  it("--check reports each as stale with what it was, repairs it, and passes the next time", () => {
    const p = compiledProject();
    const dead = gonePid();
    p.write(`dist/.batchflow.staging-${dead}-0a1b2c3d/a/manifest.json`, "{}");
    p.write("dist/.batchflow.previous/a/manifest.json", "{}");
    p.write(`dist/.batchflow.lock-${dead}`, `${dead}\n`);
    p.write("dist/batchflow/.staging-Ab12Cd/.replaced/b/manifest.json", "{}");
    const stale = p.run("compile", "--check");
    expect(stale.status).toBe(1);
    expect(stale.stderr.split("\n")).toEqual([
      "dist/batchflow is stale; run batchflow compile and commit the result:",
      `  stale   dist/.batchflow.lock-${dead}  lock of a batchflow process (pid ${dead}) that is gone: removed`,
      "  stale   dist/.batchflow.previous  the previous output of a compile killed after its switch: removed",
      `  stale   dist/.batchflow.staging-${dead}-0a1b2c3d  staging of a compile (pid ${dead}) that did not finish: removed`,
      "  stale   dist/batchflow/.staging-Ab12Cd  staging left by an older batchflow: removed",
      "",
    ]);
    expect(beside(p)).toEqual(["batchflow"]);
    const fresh = p.run("compile", "--check");
    expect(fresh.stderr).toBe("");
    expect(fresh.status).toBe(0);
  });

  it("every command puts the previous output back when a compile was killed between its two renames", () => {
    const p = compiledProject();
    const before = p.files("dist/batchflow").map((f) => [f, p.read(`dist/batchflow/${f}`)]);
    renameSync(join(p.dir, "dist/batchflow"), join(p.dir, "dist/.batchflow.previous"));
    p.write(`dist/.batchflow.staging-${gonePid()}-00ff00ff/bundle.json`, "{}");
    const plan = planNoCompile(p);
    expect(plan.stderr).toContain(
      "recovered: dist/.batchflow.previous  the previous output of a compile killed between the two renames of its switch: put back as dist/batchflow",
    );
    // The bundle was whole again: plan went on to ask AWS (nothing listens there).
    expect(plan.stderr).toContain("error BF1605");
    expect(plan.status).toBe(1);
    expect(beside(p)).toEqual(["batchflow"]);
    expect(p.files("dist/batchflow").map((f) => [f, p.read(`dist/batchflow/${f}`)])).toEqual(before);
  });

  it("a staging folder of a process that still runs is left alone", () => {
    const p = compiledProject();
    const running = spawn("sleep", ["30"]);
    children.push(running);
    const theirs = `.batchflow.staging-${running.pid}-12345678`;
    p.write(`dist/${theirs}/bundle.json`, "{}");
    const run = p.run("compile");
    expect(run.status).toBe(0);
    expect(run.stderr).toBe("");
    expect(beside(p)).toEqual([theirs, "batchflow"].sort());
  });
});

describe("batchflow compile of some files", () => {
  it("keeps the other workflows and lists them all in bundle.json", () => {
    const p = compiledProject();
    const b = p.read("dist/batchflow/b/state-machine.asl.json");
    p.write(
      "workflows/a.ts",
      workflowFile(`export const a = workflow("a", options, job("x").then(job("z")));`),
    );
    const run = p.run("compile", "workflows/a.ts");
    expect(run.stderr).toBe("");
    expect(p.read("dist/batchflow/a/state-machine.asl.json")).toContain('"z"');
    expect(p.read("dist/batchflow/b/state-machine.asl.json")).toBe(b);
    expect(
      JSON.parse(p.read("dist/batchflow/bundle.json")).workflows.map((w: { name: string }) => w.name),
    ).toEqual(["a", "b"]);
    expect(p.run("compile", "--check").status).toBe(0);
  });

  it("refuses when the output it would keep is not one complete bundle (BF1418)", () => {
    const p = compiledProject();
    p.remove("dist/batchflow/b");
    const run = p.run("compile", "workflows/a.ts");
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("error BF1418: cannot add to ");
    expect(run.stderr).toContain('workflow "b" is missing; nothing was written');
    expect(run.stderr).toContain("hint: run batchflow compile without file arguments");
    expect(p.exists("dist/batchflow/a/manifest.json")).toBe(true);
    expect(p.run("compile").status).toBe(0);
    expect(p.exists("dist/batchflow/b/manifest.json")).toBe(true);
  });
});

describe("plan and deploy --no-compile refuse a bundle that is not one whole compile, before any AWS call", () => {
  it.each([
    {
      what: "a workflow folder missing (the defect: prune would have deleted its resources)",
      spoil: (p: CliProject) => p.remove("dist/batchflow/b"),
      error:
        /error BF1642: workflow "b": the bundle is incomplete: bundle\.json lists workflow "b", but .*dist\/batchflow\/b is missing; nothing was planned or deleted/,
    },
    {
      what: "an extra workflow folder",
      spoil: (p: CliProject) => {
        for (const f of p.files("dist/batchflow/b"))
          p.write(`dist/batchflow/c/${f}`, p.read(`dist/batchflow/b/${f}`).replaceAll('"b"', '"c"'));
      },
      error:
        /error BF1643: workflow "c": the bundle is mixed: .*dist\/batchflow\/c holds a compiled workflow that bundle\.json does not list/,
    },
    {
      what: "a workflow from another compile",
      spoil: (p: CliProject) => {
        p.write(
          "workflows/b.ts",
          workflowFile(`export const b = workflow("b", options, job("y").then(job("v")));`),
        );
        const bundle = p.read("dist/batchflow/bundle.json");
        expect(p.run("compile").status).toBe(0);
        p.write("dist/batchflow/bundle.json", bundle);
      },
      error:
        /error BF1644: workflow "b": the bundle is mixed: .*dist\/batchflow\/b\/manifest\.json is not the one bundle\.json names/,
    },
    {
      what: "no bundle.json (an older batchflow's, or copied by hand)",
      spoil: (p: CliProject) => p.remove("dist/batchflow/bundle.json"),
      error:
        /error BF1640: .*dist\/batchflow has no bundle\.json: it was not written by one whole batchflow compile/,
    },
    {
      what: "an unreadable bundle.json",
      spoil: (p: CliProject) => p.write("dist/batchflow/bundle.json", '{"format":2}'),
      error: /error BF1641: .*bundle\.json cannot be read: unsupported format 2/,
    },
  ])("$what", ({ spoil, error }) => {
    const p = compiledProject();
    spoil(p);
    // --prune included: it would delete what the bundle does not define.
    const plan = planNoCompile(p, "--prune");
    expect(plan.status).toBe(1);
    expect(plan.stderr).toMatch(error);
    expect(plan.stderr).toContain("hint: run batchflow compile (without file arguments)");
    expect(plan.stderr).not.toContain("BF1605");
  });
});

describe("an output path batchflow cannot use", () => {
  it("is a coded error saying what, where and what to do, never an internal error", () => {
    const p = compiledProject();
    p.write("a-file", "x");
    const cases: Array<[string[], RegExp]> = [
      [["--out", "a-file"], /error BF1410: cannot write the output: .*\/a-file is a file, not a directory/],
      [
        ["--out", "a-file/out"],
        /error BF1410: cannot write the output: .*\/a-file is a file, so the output directory .*\/a-file\/out cannot be created under it/,
      ],
      [["--out", "."], /error BF1417: the output directory .* is the project directory or holds it/],
      [["--out", "/"], /error BF1417: the output directory \/ is the file system root/],
      // /proc takes no new entries; Node's own recursive mkdir would loop forever there.
      [
        ["--out", "/proc/self/batchflow/out"],
        /error BF1414: cannot write the output: the directory \/proc\/self\/batchflow cannot be created/,
      ],
    ];
    for (const [args, message] of cases) {
      const run = p.run("compile", ...args);
      expect(run.status, args.join(" ")).toBe(1);
      expect(run.stderr, args.join(" ")).toMatch(message);
      expect(run.stderr).toMatch(/\n {2}hint: /);
      expect(run.stderr).not.toContain("internal error");
    }
    expect(p.read("a-file")).toBe("x");
  });

  // Root passes every permission check, so chmod 0555 alone would not stop it: as root the CLI
  // runs as nobody (setpriv); as another user chmod does the job.
  const asRoot = process.getuid?.() === 0;
  const setpriv = spawnSync("setpriv", ["--version"]).status === 0;
  it.skipIf(asRoot && !setpriv)("a directory this user cannot write is BF1411 (EACCES), exit 1", () => {
    const p = compiledProject();
    mkdirSync(join(p.dir, "locked"));
    chmodSync(join(p.dir, "locked"), 0o555);
    chmodSync(p.dir, 0o755);
    const command = [cliBin, "compile", "--out", "locked/out"];
    const run = asRoot
      ? spawnSync(
          "setpriv",
          ["--reuid=65534", "--regid=65534", "--clear-groups", process.execPath, ...command],
          {
            cwd: p.dir,
            encoding: "utf8",
            env: { ...process.env, NO_COLOR: "1", HOME: "/tmp" },
          },
        )
      : spawnSync(process.execPath, command, {
          cwd: p.dir,
          encoding: "utf8",
          env: { ...process.env, NO_COLOR: "1" },
        });
    expect(run.stderr).toMatch(
      /error BF1411: cannot write the output: permission denied on .*\/locked\/\.out\.lock-\d+ \(EACCES\)/,
    );
    expect(run.stderr).toContain("let this user write there, or pass --out a directory you can write");
    expect(run.status).toBe(1);
  });

  // A read-only file system, for real: a read-only bind mount in a mount namespace of the CLI's
  // own (unshare -m), which needs root's CAP_SYS_ADMIN; elsewhere this test cannot be set up.
  const roMount = (() => {
    const probe = spawnSync(
      "unshare",
      ["-m", "sh", "-c", "mount --bind -o ro /tmp /tmp && touch /tmp/.bf-ro-probe"],
      {
        encoding: "utf8",
      },
    );
    return probe.stderr.includes("Read-only file system");
  })();
  it.skipIf(!roMount)("a directory on a read-only file system is BF1412 (EROFS), exit 1", () => {
    const p = compiledProject();
    const ro = join(p.dir, "ro");
    mkdirSync(ro);
    const run = spawnSync(
      "unshare",
      [
        "-m",
        "sh",
        "-c",
        `mount --bind -o ro "$1" "$1" && exec "$2" "$3" compile --out "$1/out"`,
        "sh",
        ro,
        process.execPath,
        cliBin,
      ],
      { cwd: p.dir, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } },
    );
    expect(run.stderr).toMatch(
      /error BF1412: cannot write the output: .*\/ro\/\.out\.lock-\d+ is on a read-only file system/,
    );
    expect(run.stderr).toContain("pass --out a directory on a writable file system");
    expect(run.status).toBe(1);
    writeFileSync(join(ro, "still-writable-outside-the-namespace"), "");
    rmSync(join(ro, "still-writable-outside-the-namespace"));
  });
});
