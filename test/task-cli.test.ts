// batchflow compile, run and the loader with a task(...) exported beside a workflow: the task's
// folder is written (and recognised by compile --check), run refuses it, a name clash is refused.

import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { CliProject, requireBuild } from "./support/cli-project.js";

beforeAll(requireBuild);

const projects: CliProject[] = [];
afterEach(() => {
  for (const p of projects.splice(0)) p.dispose();
});

function project(taskName = "tmp-cleanup"): CliProject {
  const p = new CliProject();
  projects.push(p);
  p.write(
    "workflows/jobs.ts",
    `import { cron, fargate, job, task, workflow } from "@batchflow/batchflow";

const image = fargate({ image: "123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/batch:prod" });
const options = { cluster: "batch", network: { subnets: ["subnet-a"] } };

export const nightly = workflow("nightly", { ...options, schedule: cron("0 1 * * *") }, job("a", { task: image, command: ["a"] }));

export const cleanup = task(${JSON.stringify(taskName)}, {
  ...options,
  task: image,
  schedule: [cron("0 3 * * *"), cron("0 13 * * *", { timezone: "Asia/Tokyo" })],
  command: ["make", "cleanup"],
});
`,
  );
  return p;
}

describe("batchflow with a scheduled task", () => {
  it("compile writes the task's folder beside the workflow's and names its schedules; --check finds it up to date", () => {
    const p = project();
    const compiled = p.run("compile");
    expect(compiled.stderr).toBe("");
    expect(compiled.status).toBe(0);
    expect(compiled.stdout).toContain("tmp-cleanup  scheduled task, 2 schedules, on cluster batch");
    expect(compiled.stdout).toContain("tmp-cleanup.2  scheduler cron(0 13 * * ? *) Asia/Tokyo");
    expect(compiled.stdout).toContain("1 workflow and 1 scheduled task compiled");
    expect(p.files("dist/batchflow/tmp-cleanup")).toEqual([
      "iam/execution-role.json",
      "iam/schedule-role.json",
      "manifest.json",
      "schedule-2.json",
      "schedule.json",
      "task-definitions/tmp-cleanup.json",
    ]);
    expect(p.run("compile", "--check").status).toBe(0);
  });

  it("run refuses a task (BF1335) and a task named like a workflow is refused (BF1249)", () => {
    const ran = project().run("run", "tmp-cleanup");
    expect(ran.status).toBe(2);
    expect(ran.stderr).toContain('BF1335: task "tmp-cleanup": "tmp-cleanup" is a scheduled task');
    const clash = project("nightly").run("compile");
    expect(clash.status).not.toBe(0);
    expect(clash.stderr).toContain('BF1249: task "nightly": a workflow and a task are both named "nightly"');
  });
});
