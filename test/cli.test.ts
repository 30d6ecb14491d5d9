import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { CliProject, repoRoot, requireBuild, runCli, workflowFile } from "./support/cli-project.js";

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

describe("batchflow compile", () => {
  it("compiles the seed example to exactly the committed snapshot files", () => {
    const p = project();
    const run = runCli(["compile", "--out", join(p.dir, "out")], join(repoRoot, "examples/seed-migration"));
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/✓ ads-hourly {2}3 jobs, rule cron\(35 \* \* \* \? \*\)/);
    expect(run.stdout).toMatch(/✓ ads-report {2}1 job, rule cron\(0 3 \* \* \? \*\)/);
    const files = p.files("out/ads-hourly");
    expect(files).toEqual([
      "iam/execution-role.json",
      "iam/notify-role.json",
      "iam/schedule-role.json",
      "iam/state-machine-role.json",
      "lock-machine.asl.json",
      "lock-table.json",
      "manifest.json",
      "notify-connection.json",
      "notify-machine.asl.json",
      "notify-rule.json",
      "schedule.json",
      "state-machine.asl.json",
      "task-definitions/ads-hourly.json",
    ]);
    for (const workflow of ["ads-hourly", "ads-report"]) {
      for (const file of p.files(`out/${workflow}`)) {
        const snapshot = readFileSync(
          join(repoRoot, "test/__snapshots__/examples/seed-migration", workflow, file),
          "utf8",
        );
        expect(p.read(`out/${workflow}/${file}`), file).toBe(snapshot);
      }
    }
  });

  it("finds workflows/**/*.ts without a config, takes named and default exports, and writes dist/batchflow", () => {
    const p = project()
      .write(
        "workflows/a.ts",
        workflowFile(
          `export const one = workflow("one", options, job("x"));\nexport default workflow("two", options, job("y"));`,
        ),
      )
      .write(
        "workflows/nested/b.ts",
        workflowFile(
          `export const three = workflow("three", { ...options, schedule: cron("0 3 * * 1-5") }, job("z"));`,
        ),
      );
    const run = p.run("compile");
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    expect(p.files("dist/batchflow").filter((f) => f.endsWith("manifest.json"))).toEqual([
      "one/manifest.json",
      "three/manifest.json",
      "two/manifest.json",
    ]);
    expect(JSON.parse(p.read("dist/batchflow/three/schedule.json")).rule.ScheduleExpression).toBe(
      "cron(0 3 ? * 2-6 *)",
    );
  });

  it("finds .mts workflow files too, and never loads a test, a spec or a declaration file", () => {
    const throwing = 'throw new Error("loaded");\n';
    const p = project()
      .write("workflows/esm.mts", workflowFile(`export const esm = workflow("esm", options, job("x"));`))
      .write("workflows/esm.spec.ts", throwing)
      .write("workflows/esm.test.mts", throwing)
      .write("workflows/types.d.mts", throwing);
    const run = p.run("compile");
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    expect(p.files("dist/batchflow").filter((f) => f.endsWith("manifest.json"))).toEqual([
      "esm/manifest.json",
    ]);
  });

  it("names each of a workflow's several schedules, and warns of the minutes two of them share", () => {
    const p = project().write(
      "workflows/split.ts",
      workflowFile(
        `export const split = workflow("split", { ...options, schedule: [cron("0 3 * * 1-5"), cron("0 12 1 * *", { timezone: "Asia/Tokyo" })] }, job("a"));`,
      ),
    );
    const run = p.run("compile");
    expect(run.status).toBe(0);
    expect(run.stdout).toContain(
      [
        "✓ split  1 job, 2 schedules",
        "    split  rule cron(0 3 ? * 2-6 *)",
        "    split.2  scheduler cron(0 12 1 * ? *) Asia/Tokyo",
      ].join("\n"),
    );
    expect(run.stdout).toMatch(/split\/schedule-2\.json/);
    // 12:00 in Tokyo is 03:00 UTC: on a 1st that is a weekday both start the workflow.
    expect(run.stderr).toMatch(
      /warning BF1115: workflow "split": schedules 1 \(cron\("0 3 \* \* 1-5"\)\) and 2 \(cron\("0 12 1 \* \*", \{ timezone: "Asia\/Tokyo" \}\)\) both fire at \d{4}-\d\d-01 03:00/,
    );
    expect(run.stderr).toMatch(/hint: to run once on those days, give the workflow a lock/);
  });

  it("reads batchflow.config.ts: globs, output directory and project defaults", () => {
    const p = project()
      .write(
        "batchflow.config.ts",
        `import { defineConfig } from "@batchflow/batchflow";\nexport default defineConfig({ workflows: ["jobs/*.ts"], out: "build/sfn", cluster: "from-config", network: { subnets: ["subnet-c"] }, defaultTimeout: "2h" });\n`,
      )
      .write(
        "jobs/w.ts",
        `import { fargate, job, workflow } from "@batchflow/batchflow";\nexport const w = workflow("w", { defaults: { task: fargate({ image: "i" }), command: ["run"] } }, job("a"));\n`,
      );
    const run = p.run("compile");
    expect(run.stderr).toBe("");
    const asl = JSON.parse(p.read("build/sfn/w/state-machine.asl.json"));
    expect(asl.States.a.Parameters.Cluster).toBe("from-config");
    expect(asl.States.a.TimeoutSeconds).toBe(7200);
  });

  it("reports every problem at once with codes, names and the user's file:line, writes nothing and exits 1", () => {
    const p = project().write(
      "workflows/bad.ts",
      workflowFile(
        [
          `export const bad = workflow("bad", { ...options, schedule: cron("0 0 1 * 1") },`,
          `  sequence(job("dup"), job("dup"), job("r").retry({ backoff: 0.5 }), job("big", { cpu: 256, memory: 8192 })));`,
        ].join("\n"),
      ),
    );
    const run = p.run("compile");
    expect(run.status).toBe(1);
    expect(run.stdout).toBe("");
    for (const code of ["BF1103", "BF1203", "BF1207"]) expect(run.stderr).toContain(code);
    expect(run.stderr).toMatch(
      /workflows\/bad\.ts:7:2[4-7] error BF1203: workflow "bad", job "dup": the job name "dup" is used twice/,
    );
    // The second compile reads the transpiled file from jiti's cache: the same line and column.
    const again = p.run("compile");
    expect(again.stderr).toBe(run.stderr);
    expect(run.stderr).toMatch(/hint: /);
    expect(run.stderr).toMatch(/problems found; nothing was written/);
    expect(run.stderr).not.toMatch(noStackTrace);
    expect(p.exists("dist")).toBe(false);
  });

  it("keeps the previous output whole when a later compile fails", () => {
    const p = project().write(
      "workflows/w.ts",
      workflowFile(`export const w = workflow("w", options, job("a"));`),
    );
    expect(p.run("compile").status).toBe(0);
    const before = p.read("dist/batchflow/w/state-machine.asl.json");
    p.write("workflows/x.ts", workflowFile(`export const x = workflow("x", options, job("bad name"));`));
    p.write(
      "workflows/w.ts",
      workflowFile(`export const w = workflow("w", options, job("a").then(job("b")));`),
    );
    const run = p.run("compile");
    expect(run.status).toBe(1);
    expect(p.read("dist/batchflow/w/state-machine.asl.json")).toBe(before);
    expect(p.exists("dist/batchflow/x")).toBe(false);
    expect(p.files("dist/batchflow").some((f) => f.includes(".staging"))).toBe(false);
  });

  it("removes the output of a workflow that no longer exists, but only on a whole-project compile", () => {
    const p = project()
      .write("workflows/keep.ts", workflowFile(`export const keep = workflow("keep", options, job("a"));`))
      .write("workflows/gone.ts", workflowFile(`export const gone = workflow("gone", options, job("a"));`));
    expect(p.run("compile").status).toBe(0);
    p.remove("workflows/gone.ts");
    p.write("dist/batchflow/not-ours/file.txt", "kept");
    expect(p.run("compile", "workflows/keep.ts").status).toBe(0);
    expect(p.exists("dist/batchflow/gone/manifest.json")).toBe(true);
    const run = p.run("compile");
    expect(run.stdout).toMatch(/gone {2}removed/);
    expect(p.exists("dist/batchflow/gone")).toBe(false);
    expect(p.read("dist/batchflow/not-ours/file.txt")).toBe("kept");
  });

  it("--check passes on fresh output and lists changed, missing and extra files when stale, writing nothing", () => {
    const p = project().write(
      "workflows/w.ts",
      workflowFile(`export const w = workflow("w", options, job("a"));`),
    );
    expect(p.run("compile").status).toBe(0);
    const fresh = p.run("compile", "--check");
    expect(fresh.status).toBe(0);
    expect(fresh.stdout).toMatch(/up to date/);

    p.write(
      "workflows/w.ts",
      workflowFile(`export const w = workflow("w", options, job("a").timeout("5m"));`),
    );
    p.write("dist/batchflow/w/stray.json", "{}");
    p.remove("dist/batchflow/w/iam/execution-role.json");
    const stale = p.run("compile", "--check");
    expect(stale.status).toBe(1);
    expect(stale.stderr).toMatch(/changed dist\/batchflow\/w\/state-machine\.asl\.json/);
    expect(stale.stderr).toMatch(/missing dist\/batchflow\/w\/iam\/execution-role\.json/);
    expect(stale.stderr).toMatch(/extra {3}dist\/batchflow\/w\/stray\.json/);
    expect(p.exists("dist/batchflow/w/stray.json")).toBe(true);
    expect(p.exists("dist/batchflow/w/iam/execution-role.json")).toBe(false);
  });
});

describe("batchflow compile: files that cannot be used", () => {
  it("shows the user's error and where it was thrown when a file fails to load", () => {
    const p = project().write(
      "workflows/boom.ts",
      `import { job } from "@batchflow/batchflow";\n\nconst x: number = 1;\nif (x) throw new Error("database URL missing");\n`,
    );
    const run = p.run("compile");
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(
      /workflows\/boom\.ts:4:\d+ error BF1402: workflows\/boom\.ts failed to load: Error: database URL missing/,
    );
    expect(run.stderr).not.toMatch(noStackTrace);
  });

  it("reports a syntax error as a load failure", () => {
    const p = project().write("workflows/syntax.ts", `export const = ;\n`);
    const run = p.run("compile");
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(
      // The column of the "=" (tsc's too), counted from 1 as every other position.
      /workflows\/syntax\.ts:1:14 error BF1402: workflows\/syntax\.ts failed to load: SyntaxError: Unexpected token/,
    );
    expect(run.stderr).not.toMatch(noStackTrace);
  });

  it("names a named import its module does not export, at the import, as Node would", () => {
    const p = project()
      .write("lib/common.ts", 'export const cmd = ["true"];\n')
      .write(
        "workflows/imports.ts",
        'import { job } from "@batchflow/batchflow";\nimport { cmd, nope } from "../lib/common.js";\nexport const j = job("a", { command: cmd });\nnope();\n',
      );
    const run = p.run("compile");
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(
      "workflows/imports.ts:2:15 error BF1402: workflows/imports.ts failed to load: SyntaxError: the module '../lib/common.js' does not provide an export named 'nope'",
    );
    expect(run.stderr).not.toMatch(noStackTrace);
  });

  it("reports builder misuse at the user's line", () => {
    const p = project().write(
      "workflows/misuse.ts",
      workflowFile(`export const w = workflow("w", options, job("a").then("b" as never));`),
    );
    const run = p.run("compile");
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(
      /workflows\/misuse\.ts:6:\d+ error BF1001: then\(\) takes a flow, not the string "b"/,
    );
  });

  it("reports a file that exports no workflow", () => {
    const p = project().write("workflows/empty.ts", `export const answer = 42;\n`);
    const run = p.run("compile");
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/BF1401: workflows\/empty\.ts exports no workflow/);
  });

  it("reports two workflows with one name", () => {
    const p = project()
      .write("workflows/a.ts", workflowFile(`export const a = workflow("same", options, job("x"));`))
      .write("workflows/b.ts", workflowFile(`export const b = workflow("same", options, job("y"));`));
    const run = p.run("compile");
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(
      /BF1403: workflow "same": two workflows are named "same": export a of workflows\/a\.ts and export b of workflows\/b\.ts/,
    );
  });

  it("reports a workflow named like another's lock or notify machine, and writes nothing", () => {
    const p = project()
      .write(
        "workflows/a.ts",
        workflowFile(`export const a = workflow("nightly", options, job("x", { lock: { name: "l" } }));`),
      )
      .write(
        "workflows/b.ts",
        workflowFile(`export const b = workflow("nightly-locks", options, job("y"));`),
      );
    const run = p.run("compile");
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(
      /BF1419: workflow "nightly-locks": workflow "nightly-locks" has the name of the lock machine of workflow "nightly"/,
    );
    expect(p.exists("dist/batchflow")).toBe(false);

    const notified = project()
      .write(
        "workflows/a.ts",
        workflowFile(
          `export const a = workflow("nightly", { ...options, notify: { sns: "arn:aws:sns:us-east-1:123456789012:t" } }, job("x"));`,
        ),
      )
      .write(
        "workflows/b.ts",
        workflowFile(`export const b = workflow("nightly-notify", options, job("y"));`),
      );
    expect(notified.run("compile").stderr).toMatch(
      /BF1419: workflow "nightly-notify": workflow "nightly-notify" has the name of the notify machine of workflow "nightly"/,
    );
  });

  it("reports a named file that does not exist", () => {
    const p = project();
    const run = p.run("compile", "nope.ts");
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/BF1405: nope\.ts does not exist/);
  });
});

describe("batchflow usage", () => {
  it("exits 2 with a hint on an unknown command or flag", () => {
    const p = project();
    const unknown = p.run("deploi");
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(
      /BF1420: unknown command "deploi"\n {2}hint: did you mean batchflow deploy\?/,
    );
    const flag = p.run("compile", "--frobnicate");
    expect(flag.status).toBe(2);
    expect(flag.stderr).toMatch(/BF1421: unknown option --frobnicate for batchflow compile/);
  });

  it("exits 2 when there is nothing to compile", () => {
    const run = project().run("compile");
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/no workflow files found/);
  });

  it("prints help and its version", () => {
    const p = project();
    expect(p.run("--help").stdout).toMatch(/^ {2}compile \[file\.ts \.\.\.\] +compile workflows/m);
    expect(p.run("compile", "--help").stdout).toMatch(/^ {2}-o, --out DIR +output directory/m);
    expect(p.run("--version").stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });
});
