import {
  type Flow,
  fargate,
  input,
  isBatchflowError,
  job,
  parallel,
  sequence,
  type Workflow,
  workflow,
} from "@batchflow/core";
import { describe, expect, it } from "vitest";
import type { Simulation, SimulationEvent } from "./result.js";
import { simulate } from "./simulate.js";
import { simulateConcurrent } from "./simulate-concurrent.js";

const minute = 60_000;
const real = { setTimeout, setImmediate, Date };

function testWorkflow<J extends string>(
  body: Flow<J>,
  extra: { input?: Record<string, unknown> } = {},
): Workflow<J> {
  return workflow(
    "sim",
    {
      cluster: "batch",
      network: { subnets: ["subnet-a"] },
      defaults: {
        task: fargate({ image: "000000000000.dkr.ecr.ap-northeast-1.amazonaws.com/batch:1" }),
        command: (name) => ["make", "run", name],
        timeout: "30m",
      },
      ...extra,
    },
    body,
  );
}

const codeOf = async (promise: Promise<unknown>): Promise<string | undefined> => {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  return isBatchflowError(error) ? error.code : String(error);
};
const ofType = <T extends SimulationEvent["type"]>(run: Simulation, type: T) =>
  run.trace.filter((e): e is Extract<SimulationEvent, { type: T }> => e.type === type);
const expectChronological = (run: Simulation) => {
  const times = run.trace.map((e) => e.at);
  expect(times).toEqual([...times].sort((a, b) => a - b));
  expect(run.trace[0]?.type).toBe("ExecutionStarted");
  expect(run.trace.at(-1)?.at).toBe(run.duration);
};

describe("simulate", () => {
  it("runs jobs the scenario leaves out as instant successes", async () => {
    const run = await simulate(testWorkflow(sequence(job("a"), job("b"))));

    expect(run).toMatchObject({ workflow: "sim", status: "SUCCEEDED", duration: 0, output: {} });
    expect(run.error).toBeUndefined();
    expect([run.attempts("a"), run.attempts("b")]).toEqual([1, 1]);
    expect(run.timing("b")).toEqual({ start: 0, end: 0 });
    expect(run.trace.map((e) => e.type)).toEqual([
      "ExecutionStarted",
      ...["StateEntered", "JobStarted", "JobEnded", "StateExited"],
      ...["StateEntered", "JobStarted", "JobEnded", "StateExited"],
      "ExecutionSucceeded",
    ]);
    expect(run.history("a")).toEqual([
      { job: "a", attempt: 1, start: 0, end: 0, outcome: "succeeded", exitCode: 0 },
    ]);
  });

  it("adds durations up in virtual time (strings or milliseconds), with defaultDuration for the rest", async () => {
    const run = await simulate(testWorkflow(sequence(job("a"), job("b"), job("c"))), {
      jobs: { a: { duration: "5m" }, b: { duration: 90_000 } },
      defaultDuration: "250ms",
    });

    expect(run.timing("a")).toEqual({ start: 0, end: 5 * minute });
    expect(run.timing("b")).toEqual({ start: 5 * minute, end: 5 * minute + 90_000 });
    expect(run.timing("c")).toEqual({ start: 390_000, end: 390_250 });
    expect(run.duration).toBe(390_250);
    expectChronological(run);
  });

  it("starts with the workflow's input; a scenario input replaces it", async () => {
    const wf = testWorkflow(job("report", { env: { REPORT_DATE: input("date") } }), {
      input: { date: "yesterday" },
    });

    expect((await simulate(wf)).output).toEqual({ date: "yesterday" });
    expect((await simulate(wf, { input: { date: "2026-01-31" } })).output).toEqual({ date: "2026-01-31" });
  });

  it("an input path that is missing fails the state before the job starts (attempts 0)", async () => {
    const wf = testWorkflow(job("report", { env: { REPORT_DATE: input("date") } }));

    const run = await simulate(wf, { input: {} });

    expect(run).toMatchObject({ status: "FAILED", error: "States.Runtime" });
    expect(run.attempts("report")).toBe(0);
    expect(run.ran("report")).toBe(false);
  });

  it("honours IntervalSeconds, BackoffRate and MaxDelaySeconds between retries", async () => {
    const wf = testWorkflow(
      job("flaky").retry({
        on: ["States.TaskFailed"],
        interval: "10s",
        backoff: 3,
        maxDelay: "20s",
        maxAttempts: 3,
      }),
    );

    const run = await simulate(wf, { jobs: { flaky: { exitCode: 1 } } });

    expect(run).toMatchObject({ status: "FAILED", error: "States.TaskFailed", duration: 50_000 });
    expect(run.attempts("flaky")).toBe(4);
    expect(ofType(run, "StateRetried").map((e) => [e.attempt, e.delay, e.at])).toEqual([
      [2, 10_000, 10_000],
      [3, 20_000, 30_000],
      [4, 20_000, 50_000],
    ]);
    expect(run.history("flaky").map((a) => [a.attempt, a.outcome, a.exitCode])).toEqual([
      [1, "failed", 1],
      [2, "failed", 1],
      [3, "failed", 1],
      [4, "failed", 1],
    ]);
  });

  it("simulates FULL jitter as the full computed delay, deterministically", async () => {
    const wf = testWorkflow(
      job("flaky").retry({
        on: ["States.TaskFailed"],
        interval: "30s",
        backoff: 2,
        maxAttempts: 2,
        jitter: "full",
      }),
    );
    const delays = async () =>
      ofType(await simulate(wf, { jobs: { flaky: { failTimes: 2 } } }), "StateRetried").map((e) => e.delay);

    expect(await delays()).toEqual([30_000, 60_000]);
    expect(await delays()).toEqual([30_000, 60_000]);
  });

  it("times an attempt out at TimeoutSeconds, including one that would end exactly then", async () => {
    const wf = testWorkflow(job("slow"));

    const exactly = await simulate(wf, { jobs: { slow: { duration: "30m" } } });
    expect(exactly).toMatchObject({ status: "FAILED", error: "States.Timeout", cause: "States.Timeout" });
    expect(exactly.history("slow")).toEqual([
      { job: "slow", attempt: 1, start: 0, end: 30 * minute, outcome: "timed-out", error: "States.Timeout" },
    ]);

    const justInTime = await simulate(wf, { jobs: { slow: { duration: 30 * minute - 1 } } });
    expect(justInTime).toMatchObject({ status: "SUCCEEDED", duration: 30 * minute - 1 });
  });

  it("starts every branch of a wide parallel group at once (more than the interpreter's 40)", async () => {
    const names = Array.from({ length: 100 }, (_, i) => `shard-${i}`);
    const wf = testWorkflow(
      job("first")
        .then(parallel(...names.map((n) => job(n))))
        .then(job("last")),
    );
    const jobs = Object.fromEntries(names.map((n, i) => [n, { duration: ((i % 7) + 1) * minute }]));

    const run = await simulate(wf, { jobs });

    expect(run.status).toBe("SUCCEEDED");
    expect(new Set(names.map((n) => run.timing(n).start))).toEqual(new Set([0]));
    expect(run.timing("last")).toEqual({ start: 7 * minute, end: 7 * minute });
    expect(run.trace.some((e) => "state" in e && e.state.includes("~"))).toBe(false);
    expectChronological(run);
  });

  it("stops the other branches when one fails; none of them starts later", async () => {
    const names = Array.from({ length: 60 }, (_, i) => `shard-${i}`);
    const wf = testWorkflow(parallel(...names.map((n) => job(n))));
    const jobs = Object.fromEntries(names.map((n) => [n, { duration: "10m" }]));

    const run = await simulate(wf, { jobs: { ...jobs, "shard-59": { duration: "2m", exitCode: 1 } } });

    expect(run).toMatchObject({ status: "FAILED", error: "States.TaskFailed", duration: 2 * minute });
    expect(run.history("shard-59")[0]).toMatchObject({ outcome: "failed", exitCode: 1, end: 2 * minute });
    expect(run.history("shard-0")).toEqual([
      { job: "shard-0", attempt: 1, start: 0, end: 2 * minute, outcome: "stopped" },
    ]);
    expect(names.every((n) => run.attempts(n) === 1)).toBe(true);
    expectChronological(run);
  });

  it("a stopped branch's job does not come back when the catch path outlives it", async () => {
    const wf = testWorkflow(
      parallel(job("long"), job("breaks")).catch("States.ALL", job("cleanup")).then(job("after")),
    );

    const run = await simulate(wf, {
      jobs: {
        long: { duration: "10m" },
        breaks: { duration: "1m", exitCode: 4 },
        cleanup: { duration: "20m" },
      },
    });

    expect(run.status).toBe("SUCCEEDED");
    expect(run.history("long")).toEqual([
      { job: "long", attempt: 1, start: 0, end: minute, outcome: "stopped" },
    ]);
    expect(run.timing("cleanup")).toEqual({ start: minute, end: 21 * minute });
    expect(run.timing("after")).toEqual({ start: 21 * minute, end: 21 * minute });
    expect(ofType(run, "JobEnded").filter((e) => e.job === "long")).toHaveLength(1);
    expect(ofType(run, "StateCaught")).toEqual([
      {
        type: "StateCaught",
        at: minute,
        state: "parallel-long-breaks",
        stateType: "Parallel",
        error: "States.TaskFailed",
        next: "cleanup",
      },
    ]);
    expect(run.output).toMatchObject({ error: { Error: "States.TaskFailed" } });
  });

  it("a group budget ends a long group at exactly its timeout", async () => {
    const wf = testWorkflow(
      sequence(job("a", { timeout: "50m" }), job("b", { timeout: "50m" })).timeout("1h"),
    );

    const late = await simulate(wf, { jobs: { a: { duration: "40m" }, b: { duration: "40m" } } });
    expect(late).toMatchObject({ status: "FAILED", error: "Batchflow.GroupTimeout", duration: 60 * minute });
    expect(late.history("b")).toEqual([
      { job: "b", attempt: 1, start: 40 * minute, end: 60 * minute, outcome: "stopped" },
    ]);

    const inTime = await simulate(wf, { jobs: { a: { duration: "20m" }, b: { duration: "20m" } } });
    expect(inTime).toMatchObject({ status: "SUCCEEDED", duration: 40 * minute });
  });

  it("handles waits and timeouts longer than Node's 24.8-day timer limit", async () => {
    const wf = testWorkflow(
      job("epic", { timeout: "40d" }).retry({ on: ["States.TaskFailed"], interval: "30d", maxAttempts: 1 }),
    );
    const day = 86_400_000;

    const run = await simulate(wf, { jobs: { epic: { duration: "25d", failTimes: 1 } } });

    expect(run.status).toBe("SUCCEEDED");
    expect(run.history("epic").map((a) => [a.start, a.end, a.outcome])).toEqual([
      [0, 25 * day, "failed"],
      [55 * day, 80 * day, "succeeded"],
    ]);
  });

  it("fails with a scripted error name and cause", async () => {
    const run = await simulate(testWorkflow(job("a")), {
      jobs: { a: { error: { name: "MyApp.Quota", cause: "quota exceeded" } } },
    });
    expect(run).toMatchObject({ status: "FAILED", error: "MyApp.Quota", cause: "quota exceeded" });
    expect(run.history("a")[0]).toMatchObject({ outcome: "error", error: "MyApp.Quota" });
  });

  it("timing() throws BF1522 for a job that never ran; accessors throw BF1520 for unknown names", async () => {
    const run = await simulate(testWorkflow(sequence(job("a"), job("b"))), { jobs: { a: { exitCode: 1 } } });

    expect(run.ran("b")).toBe(false);
    expect(run.attempts("b")).toBe(0);
    expect(run.history("b")).toEqual([]);
    expect(() => run.timing("b")).toThrow(
      /BF1522: workflow "sim", job "b": timing\("b"\): job "b" never ran/,
    );
    const loose = run as unknown as Simulation<string>;
    expect(() => loose.attempts("c")).toThrow(
      /BF1520: workflow "sim": asked about job "c", which is not in this workflow; its jobs are: a, b/,
    );
  });

  it("rejects bad arguments before touching the timers", async () => {
    const wf = testWorkflow(job("a"));
    expect(await codeOf(simulate(wf, { jobs: { nope: {} } } as never))).toBe("BF1520");
    expect(await codeOf(simulate({} as never))).toBe("BF1521");
    expect(await codeOf(simulate(wf, {}, { stepLimit: 0 }))).toBe("BF1521");
    const typo = await simulate(wf, {}, { confg: {} } as never).catch((e: unknown) => e);
    expect(String(typo)).toMatch(
      /BF1521: simulate\(\) options: unknown option "confg"\n {2}hint: did you mean "config"\?/,
    );
    expect(String(await simulate(wf, {}, { stepLimit: "5" } as never).catch((e: unknown) => e))).toMatch(
      /stepLimit must be a whole number above 0, got "5"/,
    );
    expect(await codeOf(simulateConcurrent([{ workflow: wf }], { steplimit: 5 } as never))).toBe("BF1521");
    expect(await codeOf(simulate(wf, {}, null as never))).toBe("BF1521");
    expect(await codeOf(simulate(workflow("no-cluster", {}, job("a"))))).toMatch(/^BF12/);
    expect(globalThis.setTimeout).toBe(real.setTimeout);
  });

  it("BF1524 when the step limit is reached; the clock is uninstalled", async () => {
    const wf = testWorkflow(
      job("forever").retry({ on: ["States.TaskFailed"], interval: "1s", backoff: 1, maxAttempts: 10_000 }),
    );

    const error = await simulate(wf, { jobs: { forever: { exitCode: 1 } } }, { stepLimit: 50 }).catch(
      (e: unknown) => e,
    );

    expect(isBatchflowError(error) && error.code).toBe("BF1524");
    expect(globalThis.setTimeout).toBe(real.setTimeout);
    expect(globalThis.setImmediate).toBe(real.setImmediate);
    expect(globalThis.Date).toBe(real.Date);
    // The next simulation is not disturbed.
    expect((await simulate(testWorkflow(job("a")))).status).toBe("SUCCEEDED");
  });
});
