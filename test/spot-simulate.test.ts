// A Spot job's compiled ASL executed by aws-local-stepfunctions through simulate(): interrupted runs
// retried by the infrastructure retry preset, interruptions beyond its attempts failing the run with
// the stopped task's description visible, capacity errors falling back to regular Fargate, and the
// job's own catch matching what its Spot run raises. Every time is VIRTUAL milliseconds.
import { fargate, job, workflow } from "@batchflow/batchflow";
import { simulate } from "@batchflow/batchflow/testing";
import { describe, expect, it } from "vitest";

const second = 1000;
const base = {
  cluster: "batch",
  network: { subnets: ["subnet-1"] },
  defaults: { task: fargate({ image: "batch:latest", spot: true }), command: ["make", "run"] },
};
const nightly = workflow("nightly", base, job("extract").then(job("load")));

describe("simulate() of a Spot job", () => {
  it("runs an interrupted job again after the preset's interval, then goes on", async () => {
    const run = await simulate(nightly, { jobs: { extract: { spotInterruptions: 1, duration: "1m" } } });
    expect(run.status).toBe("SUCCEEDED");
    expect(run.history("extract").map((a) => [a.attempt, a.outcome, a.exitCode])).toEqual([
      [1, "interrupted", 143],
      [2, "succeeded", 0],
    ]);
    // The Spot run's Retry, the preset: 10 s before the first retry.
    const retried = run.trace.find((e) => e.type === "StateRetried" && e.state === "extract-spot");
    expect(retried).toMatchObject({ delay: 10 * second });
    expect(run.ran("load")).toBe(true);
  });

  it("fails the run once interruptions outlast the preset's attempts, with the stopped task as the cause", async () => {
    const run = await simulate(nightly, { jobs: { extract: { spotInterruptions: 4 } } });
    expect(run.status).toBe("FAILED");
    expect(run.error).toBe("Batchflow.SpotInterrupted");
    expect(JSON.parse(run.cause ?? "{}")).toMatchObject({
      StopCode: "SpotInterruption",
      StoppedReason: "Your Spot Task was interrupted.",
      CapacityProviderName: "FARGATE_SPOT",
      Containers: [{ ExitCode: 143 }],
    });
    // 1 run and the preset's 3 retries, 10 s, 20 s and 40 s apart.
    expect(run.attempts("extract")).toBe(4);
    const delays = run.trace.flatMap((e) =>
      e.type === "StateRetried" && e.state === "extract-spot" ? [e.delay] : [],
    );
    expect(delays).toEqual([10 * second, 20 * second, 40 * second]);
    expect(run.ran("load")).toBe(false);
  });

  it("uses the workflow's infrastructureRetry for interruptions, and none when it is off", async () => {
    const twice = workflow(
      "twice",
      { ...base, infrastructureRetry: { maxAttempts: 1, interval: "1m" } },
      job("a"),
    );
    const once = await simulate(twice, { jobs: { a: { spotInterruptions: 1 } } });
    expect(once.status).toBe("SUCCEEDED");
    const more = await simulate(twice, { jobs: { a: { spotInterruptions: 2 } } });
    expect(more).toMatchObject({ status: "FAILED", error: "Batchflow.SpotInterrupted" });
    expect(more.attempts("a")).toBe(2);

    const off = workflow("off", { ...base, infrastructureRetry: false }, job("a"));
    const none = await simulate(off, { jobs: { a: { spotInterruptions: 1 } } });
    expect(none).toMatchObject({ status: "FAILED", error: "Batchflow.SpotInterrupted" });
    expect(none.attempts("a")).toBe(1);
  });

  it("raises any other failure of the run on Spot again as Batchflow.TaskFailed, exit code in the cause", async () => {
    const run = await simulate(nightly, { jobs: { extract: { exitCode: 3 } } });
    expect(run).toMatchObject({ status: "FAILED", error: "Batchflow.TaskFailed" });
    expect(JSON.parse(run.cause ?? "{}")).toMatchObject({ Containers: [{ ExitCode: 3 }] });
    expect(run.attempts("extract")).toBe(1);
  });

  it("lets the job's catch of States.TaskFailed handle a failure and an interruption that outlasted its retries", async () => {
    const guarded = workflow(
      "guarded",
      base,
      job("extract").catch(["States.TaskFailed"], job("cleanup", { spot: false })),
    );
    const failed = await simulate(guarded, { jobs: { extract: { exitCode: 2 } } });
    expect(failed.status).toBe("SUCCEEDED");
    expect(failed.ran("cleanup")).toBe(true);
    const interrupted = await simulate(guarded, { jobs: { extract: { spotInterruptions: 9 } } });
    expect(interrupted.status).toBe("SUCCEEDED");
    expect(interrupted.attempts("extract")).toBe(4);
    expect(interrupted.output).toMatchObject({ error: { Error: "Batchflow.SpotInterrupted" } });
  });

  it("runs the job on regular Fargate at once when Spot has no capacity", async () => {
    const run = await simulate(nightly, {
      jobs: { extract: { error: "ECS.AmazonECSException", failTimes: 1 } },
    });
    expect(run.status).toBe("SUCCEEDED");
    expect(run.history("extract").map((a) => [a.attempt, a.outcome])).toEqual([
      [1, "error"],
      [2, "succeeded"],
    ]);
    const entered = run.trace.flatMap((e) => (e.type === "StateEntered" ? [e.state] : []));
    expect(entered).toContain("extract-on-demand");
  });

  it("times a run out as any job: States.Timeout leaves the Spot run as it is", async () => {
    const short = workflow("short", base, job("a", { timeout: "1m" }));
    const run = await simulate(short, { jobs: { a: { duration: "2m" } } });
    expect(run).toMatchObject({ status: "FAILED", error: "States.Timeout" });
  });

  it("refuses a spotInterruptions that is not a count (BF1521)", async () => {
    await expect(simulate(nightly, { jobs: { extract: { spotInterruptions: -1 } } })).rejects.toMatchObject({
      code: "BF1521",
    });
  });
});
