// Commands typed in a folder inside the project work on the whole project; the paths typed on the
// command line stay relative to the folder they were typed in.
import { join } from "node:path";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { CliProject, requireBuild, runCli, workflowFile } from "./support/cli-project.js";
import { readTrace, runCliWith, runWorkflowFile } from "./support/run-project.js";

const projects: CliProject[] = [];
beforeAll(requireBuild);
afterEach(() => {
  for (const p of projects.splice(0)) p.dispose();
});

function project(): CliProject {
  const p = new CliProject();
  projects.push(p);
  return p;
}

describe("the project root", () => {
  it("compile in workflows/ compiles the project into the root's dist/batchflow; files and --out are the typed folder's", () => {
    const p = project()
      .write("workflows/a.ts", workflowFile(`export const a = workflow("a", options, job("x"));`))
      .write("workflows/nested/b.ts", workflowFile(`export const b = workflow("b", options, job("y"));`));
    const inWorkflows = join(p.dir, "workflows");
    const all = runCli(["compile"], inWorkflows);
    expect(all.stderr).toBe("");
    expect(all.status).toBe(0);
    expect(all.stdout).toContain("2 workflows compiled to dist/batchflow");
    expect(p.files("dist/batchflow").filter((f) => f.endsWith("manifest.json"))).toEqual([
      "a/manifest.json",
      "b/manifest.json",
    ]);
    expect(p.exists("workflows/dist")).toBe(false);

    const one = runCli(["compile", "nested/b.ts", "--out", "../build"], inWorkflows);
    expect(one.status).toBe(0);
    expect(one.stdout).toContain("1 workflow compiled to build");
    expect(p.files("build").filter((f) => f.endsWith("manifest.json"))).toEqual(["b/manifest.json"]);

    const missing = runCli(["compile", "nope.ts"], inWorkflows);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain("error BF1405: workflows/nope.ts does not exist");
  });

  it("a batchflow.config.ts above wins over a nearer package.json", () => {
    const p = project()
      .write(
        "batchflow.config.ts",
        `import { defineConfig } from "@batchflow/batchflow";\nexport default defineConfig({ workflows: ["flows/*.ts"] });\n`,
      )
      .write("flows/c.ts", workflowFile(`export const c = workflow("c", options, job("z"));`))
      .write("tools/package.json", "{}\n")
      .write("tools/sub/.keep", "");
    const run = runCli(["compile", "--check"], join(p.dir, "tools/sub"));
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("missing dist/batchflow/c/manifest.json");
  });

  it("run in a folder: jobs run in the root; --input @file and --json FILE are the folder's", () => {
    const p = project()
      .write(
        "workflows/w.ts",
        runWorkflowFile(
          `export const where = workflow("where", options, job("where", { command: 'pwd > where.txt; printf "%s" "$DAY" > day.txt', env: { DAY: input("day") } }));`,
        ),
      )
      .write("inputs/monday.json", `{"day":"mon"}\n`);
    const run = runCliWith(
      ["run", "where", "--input", "@monday.json", "--json", "trace.jsonl"],
      join(p.dir, "inputs"),
    );
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    expect(p.read("where.txt").trim()).toBe(p.dir);
    expect(p.read("day.txt")).toBe("mon");
    expect(readTrace(join(p.dir, "inputs/trace.jsonl")).at(-1)?.type).toBe("ExecutionSucceeded");
    expect(p.exists(".batchflow/runs")).toBe(true);
  });

  it("plan --out in a folder reads the bundle from that folder", () => {
    const p = project().write(
      "workflows/a.ts",
      workflowFile(`export const a = workflow("a", options, job("x"));`),
    );
    const run = runCli(
      ["plan", "--no-compile", "--out", "out", "--endpoint-url", "http://127.0.0.1:9"],
      join(p.dir, "workflows"),
    );
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(
      `error BF1612: the bundle directory ${join(p.dir, "workflows/out")} does not exist`,
    );
  });
});
