import { readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Workflow } from "@batchflow/batchflow";
import { simulate } from "@batchflow/batchflow/testing";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { CliProject, requireBuild } from "./support/cli-project.js";
import { runCliWith } from "./support/run-project.js";

/*
 * One workflow, two ways: `batchflow run` with real processes whose behaviour is scripted in
 * their commands, and simulate() with the same behaviour written as a scenario. Both execute the
 * same compiled ASL, so they must visit the same states with the same attempt counts.
 */
const workflowSource = `import { fargate, job, parallel, sequence, workflow } from "@batchflow/batchflow";

const task = fargate({ image: "img" });
// Fails until it has run three times: a counter file in the working directory.
const flaky = 'n=$(cat flaky.count 2>/dev/null || echo 0); n=$((n+1)); echo $n > flaky.count; [ $n -ge 3 ]';

export const agree = workflow(
  "agree",
  { cluster: "batch", network: { subnets: ["subnet-a"] }, defaults: { task, command: ["true"] } },
  sequence(
    job("first"),
    parallel(
      job("flaky", { command: flaky }).retry({ on: ["States.TaskFailed"], interval: "1s", maxAttempts: 3 }),
      job("broken", { command: "exit 2" }).catch(["States.TaskFailed"], job("cleanup")),
      job("steady"),
    ),
    job("last"),
  ),
);
`;

interface TraceLine {
  readonly type: string;
  readonly state?: string;
  readonly job?: string;
  readonly exitCode?: number;
}

const projects: CliProject[] = [];
beforeAll(requireBuild);
afterEach(() => {
  for (const p of projects.splice(0)) p.dispose();
});

describe("simulate() and batchflow run", () => {
  it("visit the same states with the same attempt counts and end the same way", async () => {
    const project = new CliProject().write("workflows/agree.ts", workflowSource);
    projects.push(project);

    const run = runCliWith(["run", "agree", "--json", "trace.jsonl", "--time-scale", "0"], project.dir);
    expect(run.stderr).not.toMatch(/error BF/);
    expect(run.status).toBe(0);
    const trace = readFileSync(join(project.dir, "trace.jsonl"), "utf8")
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as TraceLine);

    const { agree } = (await import(pathToFileURL(join(project.dir, "workflows/agree.ts")).href)) as {
      agree: Workflow<"first" | "flaky" | "broken" | "cleanup" | "steady" | "last">;
    };
    const sim = await simulate(agree, { jobs: { flaky: { failTimes: 2 }, broken: { exitCode: 2 } } });

    expect(sim.status).toBe("SUCCEEDED");
    const realAttempts = countBy(trace.filter((t) => t.type === "JobStarted").map((t) => t.job!));
    for (const job of ["first", "flaky", "broken", "cleanup", "steady", "last"] as const) {
      expect(sim.attempts(job), job).toBe(realAttempts[job] ?? 0);
    }
    expect(realAttempts).toMatchObject({ flaky: 3, broken: 1, cleanup: 1 });

    const realStates = countBy(trace.filter((t) => t.type === "StateEntered").map((t) => t.state!));
    const simStates = countBy(
      sim.trace.filter((t) => t.type === "StateEntered").map((t) => (t as { state: string }).state),
    );
    expect(simStates).toEqual(realStates);

    const realExit = trace.find((t) => t.type === "JobEnded" && t.job === "broken")?.exitCode;
    expect(realExit).toBe(2);
    expect(sim.history("broken")[0]?.exitCode).toBe(2);
  });
});

function countBy(values: ReadonlyArray<string>): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const v of values) counts[v] = (counts[v] ?? 0) + 1;
  return counts;
}
