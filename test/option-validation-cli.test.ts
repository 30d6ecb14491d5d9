// The option checks seen through `batchflow compile`: a user's typo, a wrong type and a throwing
// defaults.command are coded problems at the user's file:line (through the CLI's loader and its source
// maps), never "internal error".
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CliProject, requireBuild } from "./support/cli-project.js";

const projects: CliProject[] = [];
const project = () => {
  const p = new CliProject();
  projects.push(p);
  return p;
};

beforeAll(requireBuild);
afterAll(() => {
  for (const p of projects) p.dispose();
});

const header = `import { cron, fargate, job, workflow } from "@batchflow/batchflow";
const task = fargate({ image: "123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/batch:prod" });
const options = { cluster: "batch", network: { subnets: ["subnet-a"] }, defaults: { task } };
`;

describe("batchflow compile, given options that do not match their types", () => {
  it("reports an unknown key at the user's line, and writes nothing", () => {
    const p = project().write(
      "workflows/typo.ts",
      `${header}export const a = workflow("a", { ...options, schedul: cron("35 * * * *") } as never, job("x"));\n`,
    );
    const run = p.run("compile");
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(
      /workflows\/typo\.ts:4:\d+ error BF1011: workflow\("a"\) options: unknown option "schedul"\n {2}hint: did you mean "schedule"\?/,
    );
    expect(run.stderr).not.toMatch(/internal error/);
    expect(p.exists("dist")).toBe(false);
  });

  it("reports a throwing defaults.command at the line that threw, with the workflow and the job", () => {
    const p = project().write(
      "workflows/throws.ts",
      [
        header,
        "const command = (name: string): string[] => {",
        '  if (name === "fuga") throw new Error("no target");',
        '  return ["make", "run", name];',
        "};",
        'export const b = workflow("b", { ...options, defaults: { task, command } }, job("hoge").then(job("fuga")));',
        "",
      ].join("\n"),
    );
    const run = p.run("compile");
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(
      /workflows\/throws\.ts:6:\d+ error BF1225: workflow "b", job "fuga": defaults\.command threw for this job: Error: no target/,
    );
    expect(run.stderr).not.toMatch(/internal error/);
  });

  it("reports cron(123) as a coded error at its call instead of an internal error", () => {
    const p = project().write(
      "workflows/cron.ts",
      `${header}export const c = workflow("c", { ...options, schedule: cron(123 as never) }, job("x"));\n`,
    );
    const run = p.run("compile");
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(
      /workflows\/cron\.ts:4:\d+ error BF1107: cron\(\) takes the crontab line as a string/,
    );
    expect(run.stderr).not.toMatch(/internal error/);
  });
});

describe("batchflow compile, given a project config that is a plain object", () => {
  const workflowFile = `${header}export const a = workflow("a", options, job("x"));\nexport const b = workflow("b", options, job("y"));\n`;

  it("checks it once, at its export, before reading its globs: a string of globs is BF1012, not a walk of the disk", () => {
    const p = project()
      .write("workflows/ab.ts", workflowFile)
      .write(
        "batchflow.config.ts",
        '// plain, no defineConfig\nexport default { clustr: "batch", workflows: "workflows/*.ts", out: 5 };\n',
      );
    for (const command of ["compile", "graph", "explain"]) {
      const run = p.run(command);
      expect(run.status, command).toBe(1);
      expect(run.stderr).not.toMatch(/internal error/);
      const problems = run.stderr.split("\n").filter((l) => / error BF/.test(l));
      expect(problems).toEqual([
        'batchflow.config.ts:2:1 error BF1011: the project config: unknown option "clustr"',
        "batchflow.config.ts:2:1 error BF1012: the project config: workflows must be a list of globs, not a string",
        "batchflow.config.ts:2:1 error BF1012: the project config: out must be a string (a directory), not the number 5",
      ]);
    }
  });

  it("says what a default export that is no object is", () => {
    const p = project()
      .write("workflows/ab.ts", workflowFile)
      .write("batchflow.config.ts", "export default 42;\n");
    const run = p.run("compile");
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(
      "batchflow.config.ts:1:1 error BF1404: batchflow.config.ts exports the number 42 as its default, not a config object",
    );
  });
});
