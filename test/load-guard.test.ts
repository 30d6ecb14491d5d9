// Workflow and config files that end the process while batchflow loads them (process.exit), whose
// top-level await can never settle (Node would exit silently), or that never finish: each is
// reported with its code and file, exit 1, in every command that loads them; never a silent exit.
import { spawnSync } from "node:child_process";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { CliProject, type CliRun, cliBin, requireBuild, workflowFile } from "./support/cli-project.js";

const projects: CliProject[] = [];
beforeAll(requireBuild);
afterEach(() => {
  for (const p of projects.splice(0)) p.dispose();
});

/** A project of one good workflow, whose jobs would leave `ran` behind, and the files given. */
function project(files: Record<string, string>): CliProject {
  const p = new CliProject().write(
    "workflows/good.ts",
    workflowFile(`export const good = workflow("good", options, job("a", { command: ["touch", "ran"] }));`),
  );
  projects.push(p);
  for (const [path, contents] of Object.entries(files)) p.write(path, contents);
  return p;
}

/**
 * The built CLI, with a deadline far above any of these runs: a process that did not end by
 * itself is killed and shows as status -1, which no test accepts.
 */
function batchflow(p: CliProject, args: ReadonlyArray<string>, env: Record<string, string> = {}): CliRun {
  const result = spawnSync(process.execPath, [cliBin, ...args], {
    cwd: p.dir,
    encoding: "utf8",
    timeout: 60_000,
    env: { ...process.env, NO_COLOR: "1", ...env },
  });
  return { status: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

const exits = `import { job } from "@batchflow/batchflow";

const url = process.env.BF_TEST_DATABASE_URL;
if (!url) process.exit(3);
export const unused = job("never");
`;

const neverSettles = `import { job } from "@batchflow/batchflow";

await new Promise(() => {});
export const unused = job("never");
`;

// Offline: every AWS call of plan and deploy would go to a closed port (none is made).
const aws = ["--endpoint-url", "http://127.0.0.1:9", "--region", "ap-northeast-1"];

describe("loading files that exit or never finish", () => {
  it("reports process.exit() during the load with the file and line, in compile, compile --check, run, plan and deploy", () => {
    const p = project({ "workflows/exits.ts": exits });
    for (const args of [
      ["compile"],
      ["compile", "--check"],
      ["run", "good"],
      ["plan", ...aws],
      ["deploy", "--yes", ...aws],
    ]) {
      const run = batchflow(p, args);
      expect(run.status, args.join(" ")).toBe(1);
      expect(run.stderr).toContain(
        "workflows/exits.ts:4:19 error BF1406: workflows/exits.ts called process.exit(3) while batchflow was loading it\n  hint: ",
      );
    }
    expect(p.exists("dist")).toBe(false);
    expect(p.exists("ran")).toBe(false);
  });

  it("reports a config file that exits, also for deploy --no-compile", () => {
    const p = project({
      "batchflow.config.ts": `import { defineConfig } from "@batchflow/batchflow";\nprocess.exit();\nexport default defineConfig({});\n`,
    });
    for (const args of [["compile"], ["deploy", "--no-compile", "--yes", ...aws]]) {
      const run = batchflow(p, args);
      expect(run.status, args.join(" ")).toBe(1);
      expect(run.stderr).toContain(
        "batchflow.config.ts:2:9 error BF1406: batchflow.config.ts called process.exit() while batchflow was loading it",
      );
    }
  });

  it("reports process.exit() from a timer of a file whose top level awaits it", () => {
    const p = project({
      "workflows/later.ts": `await new Promise((resolve) => setTimeout(resolve, 50));\nawait new Promise(() => setTimeout(() => process.exit(0), 10));\nexport const x = 1;\n`,
    });
    const run = batchflow(p, ["compile"]);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(
      /^workflows\/later\.ts:2:\d+ error BF1406: workflows\/later\.ts called process\.exit\(0\)/m,
    );
  });

  it("reports a top-level await that can never settle, where Node would exit silently", () => {
    const p = project({ "workflows/stuck.ts": neverSettles });
    for (const args of [["compile"], ["compile", "--check"], ["run", "good"], ["plan", ...aws]]) {
      const run = batchflow(p, args);
      expect(run.status, args.join(" ")).toBe(1);
      expect(run.stderr).toBe(
        "error BF1407: workflows/stuck.ts never finished loading: its top level awaits a promise that nothing is left to settle\n" +
          "  hint: batchflow runs the file's top level to find its workflows: remove that await, or make sure what it waits for resolves or rejects (also in the modules it imports)\n",
      );
    }
    expect(p.exists("ran")).toBe(false);
  });

  it("gives up on a load that keeps the process busy after BATCHFLOW_LOAD_TIMEOUT, and ends the process", () => {
    const p = project({
      "workflows/busy.ts": `import { createServer } from "node:net";\nconst server = createServer().listen(0, "127.0.0.1");\nawait new Promise(() => setInterval(() => {}, 1000));\nexport const x = server;\n`,
    });
    const run = batchflow(p, ["compile"], { BATCHFLOW_LOAD_TIMEOUT: "1s" });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("error BF1408: workflows/busy.ts was still loading after 1 s\n");
    expect(run.stderr).toContain("BATCHFLOW_LOAD_TIMEOUT=120s");

    const bad = batchflow(p, ["compile"], { BATCHFLOW_LOAD_TIMEOUT: "soon" });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('error BF1409: BATCHFLOW_LOAD_TIMEOUT="soon" is not a duration');
  });

  it("ends when the command is done, though a file left an interval running (a build step must not hang)", () => {
    const p = project({
      "workflows/ticks.ts": workflowFile(
        'setInterval(() => {}, 1000);\nexport const ticks = workflow("ticks", options, job("t"));',
      ),
    });
    for (const args of [["compile"], ["run", "good"]]) {
      const run = batchflow(p, args);
      expect(run.stderr, args.join(" ")).toBe("");
      expect(run.status, args.join(" ")).toBe(0);
    }
  });

  it("restores process.exit after the load: a good project compiles and exits 0", () => {
    const p = project({});
    const run = batchflow(p, ["compile"]);
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    expect(p.exists("dist/batchflow/good/manifest.json")).toBe(true);
  });

  it("reports what a file's timers and unawaited promises do after its load, and exits 1: never exit 0 on a file's process.exit(0)", () => {
    // A whole workflow beside it: the compile goes on, and the file's timer fires meanwhile.
    const late = (line: string) =>
      workflowFile(`${line}\nexport const late = workflow("late", options, job("b"));`);
    const cases: ReadonlyArray<[string, RegExp]> = [
      [
        "setTimeout(() => process.exit(0), 0);",
        /^workflows\/late\.ts:6:\d+ error BF1406: workflows\/late\.ts called process\.exit\(0\) after batchflow loaded it, from a timer or a callback$/m,
      ],
      [
        'Promise.reject(new Error("late"));',
        /^workflows\/late\.ts:6:\d+ error BF1402: workflows\/late\.ts rejected a promise that nothing awaited after batchflow loaded it: Error: late$/m,
      ],
      [
        'setTimeout(() => { throw new Error("timer"); }, 0);',
        /^workflows\/late\.ts:6:\d+ error BF1402: workflows\/late\.ts threw in a timer or a callback after batchflow loaded it: Error: timer$/m,
      ],
    ];
    for (const [line, reported] of cases) {
      const p = project({ "workflows/late.ts": late(line) });
      const run = batchflow(p, ["compile"]);
      expect(run.stderr, line).toMatch(reported);
      expect(run.stderr).not.toMatch(/internal error|at .*\(node:/);
      expect(run.status, line).toBe(1);
    }
  });
});
