import { fargate, input, isBatchflowError, job, map, parallel, workflow } from "@batchflow/core";
import { describe, expect, it } from "vitest";
import { simulate } from "../simulate/simulate.js";

const hourly = workflow(
  "hourly",
  {
    cluster: "batch",
    network: { subnets: ["subnet-a"] },
    input: { files: ["a", "b", "c"] },
    defaults: {
      task: fargate({ image: "000000000000.dkr.ecr.ap-northeast-1.amazonaws.com/batch:1" }),
      command: (name) => ["make", "run", name],
      timeout: "30m",
    },
  },
  job("hoge")
    .then(parallel(job("fuga").retry({ on: ["States.TaskFailed"], maxAttempts: 2 }), job("bar")))
    .then(map(input("files"), () => job("each")))
    .then(job("never"))
    .catch(["States.ALL"], job("cleanup")),
);

describe("a simulation's graph()", () => {
  it("colours each job by how it ended, with its attempts and virtual times", async () => {
    const run = await simulate(hourly, {
      jobs: {
        hoge: { duration: "2m" },
        fuga: { failTimes: 1, duration: "1m" },
        bar: { exitCode: 3, duration: "5m" },
      },
    });
    expect(run.status).toBe("SUCCEEDED");
    const text = await run.graph();
    const line = (job: string) => text.split("\n").find((l) => l.includes(`bf_job_${job}[`)) ?? "";
    expect(line("hoge")).toContain("succeeded · 1 attempt · 2m 0s · started +0 ms");
    expect(line("fuga")).toContain("retried · 2 attempts");
    expect(line("bar")).toContain("caught (exit 3) · 1 attempt");
    expect(line("never")).toContain("skipped: not run");
    expect(line("cleanup")).toContain("succeeded · 1 attempt");
    expect(text).toContain("class bf_job_bar bf_caught");
    expect(text).toMatch(/class [\w,]*bf_job_never[\w,]* bf_skipped/);
  });

  it("draws the run as an SVG page, and the state graph on request", async () => {
    const run = await simulate(hourly, {
      jobs: { each: { byItem: (item) => ({ exitCode: item === "b" ? 1 : 0 }) } },
    });
    const html = await run.graph({ format: "html" });
    expect(html).toContain('<tr data-job="each" class="caught">');
    expect(html).toMatch(/<g id="job&#45;each" class="node job caught">/);
    const states = await run.graph({ level: "states", format: "dot" });
    expect(states).toContain('class="job succeeded"');
  });

  it("refuses an option it does not take, with the one that was meant (BF1526)", async () => {
    const run = await simulate(hourly);
    const problem = await run.graph({ fromat: "svg" } as never).catch((e: unknown) => e);
    expect(isBatchflowError(problem) && problem.code).toBe("BF1526");
    expect(String((problem as Error).message)).toContain('did you mean "format"?');
    const level = await run.graph({ level: "job" as never }).catch((e: unknown) => e);
    expect(isBatchflowError(level) && level.code).toBe("BF1526");
  });
});
