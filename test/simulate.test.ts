// simulate() from the public `@batchflow/batchflow/testing` entry, on the bundled examples: the talk's hourly
// workflow (examples/seed-migration: a dag, job locks and Slack notifications) and the nightly
// report (examples/nightly-report). Every time
// asserted is VIRTUAL milliseconds; nothing here waits in real time.
import { BatchflowError, fargate, job, sequence, workflow } from "@batchflow/batchflow";
import { type Simulation, simulate } from "@batchflow/batchflow/testing";
import { describe, expect, it } from "vitest";
import nightlyConfig from "../examples/nightly-report/batchflow.config.js";
import { nightly } from "../examples/nightly-report/workflows/nightly-report.js";
import seedConfig from "../examples/seed-migration/batchflow.config.js";
import { hourly } from "../examples/seed-migration/workflows/ads-hourly.js";

const second = 1000;
const minute = 60 * second;
const hour = 60 * minute;
const real = { setTimeout, clearTimeout, setImmediate, setInterval, Date };
const seed = { config: seedConfig };
const night = { config: nightlyConfig };

const expectRealTimers = () => {
  expect(globalThis.setTimeout).toBe(real.setTimeout);
  expect(globalThis.clearTimeout).toBe(real.clearTimeout);
  expect(globalThis.setImmediate).toBe(real.setImmediate);
  expect(globalThis.setInterval).toBe(real.setInterval);
  expect(globalThis.Date).toBe(real.Date);
};
const retryDelays = (run: Simulation, state: string) =>
  run.trace.flatMap((e) => (e.type === "StateRetried" && e.state === state ? [e.delay] : []));
const containerOf = (cause: string | undefined) =>
  (JSON.parse(cause ?? "{}") as { Containers: Array<{ ExitCode?: number; Name: string }> }).Containers[0];

describe("simulate() on the seed example (ads-hourly)", () => {
  it("runs hoge, then fuga and foo one at a time: both wait for hoge, and they share fuga.lock", async () => {
    const run = await simulate(
      hourly,
      { jobs: { hoge: { duration: "5m" }, fuga: { duration: "10m" }, foo: { duration: "3m" } } },
      seed,
    );

    expect(run).toMatchObject({ workflow: "ads-hourly", status: "SUCCEEDED", duration: 18 * minute });
    expect(run.timing("hoge")).toEqual({ start: 0, end: 5 * minute });
    expect(run.timing("fuga")).toEqual({ start: 5 * minute, end: 15 * minute });
    // foo asked for fuga.lock at 5m too, and polled every 5 s until fuga gave it back
    expect(run.timing("foo")).toEqual({ start: 15 * minute, end: 18 * minute });
    const jobEvents = run.trace.flatMap((e) =>
      e.type === "JobStarted" || e.type === "JobEnded" ? [`${e.type} ${e.job} @${e.at / minute}m`] : [],
    );
    expect(jobEvents).toEqual([
      "JobStarted hoge @0m",
      "JobEnded hoge @5m",
      "JobStarted fuga @5m",
      "JobEnded fuga @15m",
      "JobStarted foo @15m",
      "JobEnded foo @18m",
    ]);
    // the success message of the Slack notification, to the success channel
    expect(run.notifications).toHaveLength(1);
    expect(run.notifications[0]).toMatchObject({ via: "slack", channel: "#batch" });
    // Started and ended on the virtual clock: 18 minutes apart.
    const [, started = "", ended = ""] =
      /^:white_check_mark: \*ads-hourly\* succeeded\. Started (\S+), ended (\S+)\. /.exec(
        run.notifications[0]!.text,
      ) ?? [];
    expect(Date.parse(ended) - Date.parse(started)).toBe(1080_000);
  });

  it("exit code 2 fails the execution with States.TaskFailed (its lock catches nothing: the failure ends the run) and an ECS cause carrying ExitCode 2", async () => {
    const run = await simulate(hourly, { jobs: { fuga: { exitCode: 2 } } }, seed);

    expect(run).toMatchObject({ status: "FAILED", error: "States.TaskFailed" });
    expect(containerOf(run.cause)).toMatchObject({ ExitCode: 2, Name: "main", LastStatus: "STOPPED" });
    expect(JSON.parse(run.cause ?? "")).toMatchObject({
      StopCode: "EssentialContainerExited",
      Group: "batchflow:fuga",
      Tags: [{ Key: "batchflow:job", Value: "fuga" }],
    });
    // The slide retries only States.Timeout: an exit code is not retried.
    expect(run.attempts("fuga")).toBe(1);
    expect(run.history("fuga")).toEqual([
      {
        job: "fuga",
        attempt: 1,
        start: 0,
        end: 0,
        outcome: "failed",
        exitCode: 2,
        error: "States.TaskFailed",
      },
    ]);
    const failed = run.trace.find((e) => e.type === "StateFailed" && e.state === "fuga");
    expect(failed).toMatchObject({ error: "States.TaskFailed", attempt: 1 });
  });

  it("an infrastructure error is retried by the preset: 4 attempts, 10 s / 20 s / 40 s apart", async () => {
    const run = await simulate(hourly, { jobs: { hoge: { error: "ECS.AmazonECSException" } } }, seed);

    expect(run).toMatchObject({ status: "FAILED", error: "ECS.AmazonECSException", duration: 70 * second });
    expect(run.attempts("hoge")).toBe(4);
    expect(retryDelays(run, "hoge")).toEqual([10 * second, 20 * second, 40 * second]);
    expect(run.ran("fuga")).toBe(false);

    const recovers = await simulate(
      hourly,
      { jobs: { hoge: { error: "AmazonECS.Unknown", failTimes: 2 } } },
      seed,
    );
    // 10 s + 20 s of retries, then fuga and foo: whichever waits for fuga.lock polls once, 5 s later
    expect(recovers).toMatchObject({ status: "SUCCEEDED", duration: 35 * second });
    expect(recovers.attempts("hoge")).toBe(3);
  });

  it("45 minutes against a 30-minute timeout: States.Timeout, retried by the slide's policy, 3 × 30 min + 3 s + 4.5 s", async () => {
    const run = await simulate(hourly, { jobs: { hoge: { duration: "45m" } } }, seed);

    expect(run).toMatchObject({ status: "FAILED", error: "States.Timeout", cause: "States.Timeout" });
    expect(run.attempts("hoge")).toBe(3);
    expect(retryDelays(run, "hoge")).toEqual([3000, 4500]);
    expect(run.duration).toBe(3 * 30 * minute + 3000 + 4500);
    expect(run.history("hoge").map(({ start, end, outcome }) => [start, end, outcome])).toEqual([
      [0, 30 * minute, "timed-out"],
      [30 * minute + 3000, 60 * minute + 3000, "timed-out"],
      [60 * minute + 7500, 90 * minute + 7500, "timed-out"],
    ]);
    expect(run.timing("hoge")).toEqual({ start: 60 * minute + 7500, end: 90 * minute + 7500 });
    expect([run.ran("fuga"), run.ran("foo")]).toEqual([false, false]);
  });

  it('a group budget (.timeout("1h") on a sequence) ends a long group at exactly 1 h', async () => {
    const batch = fargate({ image: "000000000000.dkr.ecr.ap-northeast-1.amazonaws.com/batch:production" });
    const budgeted = workflow(
      "budgeted",
      { defaults: { task: batch, command: (name) => ["make", "run", name], timeout: "45m" } },
      sequence(job("extract"), job("load")).timeout("1h").then(job("report")),
    );

    const run = await simulate(
      budgeted,
      { jobs: { extract: { duration: "40m" }, load: { duration: "40m" } } },
      seed,
    );

    expect(run).toMatchObject({
      status: "FAILED",
      error: "Batchflow.GroupTimeout",
      cause: "group-extract-load ran longer than its 1h budget",
      duration: hour,
    });
    expect(run.history("load")).toEqual([
      { job: "load", attempt: 1, start: 40 * minute, end: hour, outcome: "stopped" },
    ]);
    expect(run.ran("report")).toBe(false);
  });

  it("is unaffected by a failure thrown in an earlier simulation: the fake clock is always uninstalled", async () => {
    await simulate(hourly, { jobs: { hoge: { duration: "2h" } } }, seed);
    expectRealTimers();

    const error = await simulate(
      hourly,
      { jobs: { hoge: { duration: "45m" } } },
      { ...seed, stepLimit: 3 },
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BatchflowError);
    expect((error as BatchflowError).code).toBe("BF1524");
    expectRealTimers();

    await expect(simulate(hourly, { jobs: { fugo: {} } } as never, seed)).rejects.toThrow(
      'error BF1520: workflow "ads-hourly": the scenario names job "fugo", which is not in this workflow; its jobs are: hoge, fuga, foo\n  hint: did you mean "fuga"?',
    );
    expectRealTimers();

    // Real timers work as before.
    const started = Date.now();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(Date.now() - started).toBeGreaterThanOrEqual(15);
  });
});

describe("simulate() on the nightly report", () => {
  it("retries counted: an extract failing twice is retried (States.TaskFailed policy) and the run SUCCEEDS", async () => {
    const run = await simulate(nightly, { jobs: { "extract-clicks": { failTimes: 2 } } }, night);

    expect(run.status).toBe("SUCCEEDED");
    expect(run.attempts("extract-clicks")).toBe(3);
    expect(run.attempts("extract-impressions")).toBe(1);
    // jitter: "full" is simulated as the full delay: 30 s, then 60 s.
    expect(retryDelays(run, "extract-clicks")).toEqual([30 * second, 60 * second]);
    expect(run.timing("extract-clicks")).toEqual({ start: 90 * second, end: 90 * second });
    expect(run.timing("aggregate").start).toBe(90 * second);
    expect(run.ran("notify-failure")).toBe(false);
    expect(run.output).toEqual({ date: "yesterday" });
  });

  it("catch path: a failing aggregate is caught, notify-failure runs and the execution SUCCEEDS", async () => {
    const run = await simulate(nightly, { jobs: { aggregate: { exitCode: 1, duration: "10m" } } }, night);

    expect(run.status).toBe("SUCCEEDED");
    expect(run.attempts("aggregate")).toBe(1); // retried on States.Timeout only
    expect(run.ran("notify-failure")).toBe(true);
    expect(run.timing("notify-failure").start).toBe(10 * minute);
    expect([run.ran("publish"), run.ran("archive")]).toEqual([false, false]);
    expect(run.output).toMatchObject({ date: "yesterday", error: { Error: "States.TaskFailed" } });
    expect(containerOf((run.output as { error: { Cause: string } }).error.Cause)?.ExitCode).toBe(1);
    const caught = run.trace.find((e) => e.type === "StateCaught");
    expect(caught).toMatchObject({ state: "group-extract-impressions-archive", next: "notify-failure" });
  });

  it("the 3 h budget stops a slow aggregate at exactly 3 h; the catch turns it into a notification", async () => {
    const run = await simulate(nightly, { jobs: { aggregate: { duration: "2h" } } }, night);

    expect(run.status).toBe("SUCCEEDED");
    expect(run.history("aggregate").map(({ start, end, outcome }) => [start, end, outcome])).toEqual([
      [0, 90 * minute, "timed-out"],
      [91 * minute, 3 * hour, "stopped"],
    ]);
    expect(run.timing("notify-failure")).toEqual({ start: 3 * hour, end: 3 * hour });
    expect(run.output).toMatchObject({ error: { Error: "Batchflow.GroupTimeout" } });
    expect(run.duration).toBe(3 * hour);
  });

  it("hours of virtual time take no real waiting", async () => {
    const run = await simulate(
      nightly,
      {
        defaultDuration: "15m",
        jobs: { aggregate: { duration: "85m" }, "extract-conversions": { failTimes: 2, duration: "19m" } },
      },
      night,
    );

    expect(run.status).toBe("SUCCEEDED");
    expect(run.duration).toBe(3 * 19 * minute + 90 * second + 85 * minute + 15 * minute);
    expect(run.duration).toBeGreaterThan(2 * hour);
  });
});

describe("simulate() of a catch with { rethrow: true }", () => {
  const reporting = workflow(
    "reporting",
    {
      cluster: "c",
      network: { subnets: ["subnet-a"] },
      defaults: { task: fargate({ image: "img" }), command: ["run"] },
    },
    sequence(job("load").catch("States.ALL", job("alert"), { rethrow: true }), job("next")),
  );

  it("runs the handler and fails with the job's failure under batchflow's name; a success runs neither", async () => {
    const failed = await simulate(reporting, { jobs: { load: { exitCode: 4 } } });
    expect(failed).toMatchObject({ status: "FAILED", error: "Batchflow.TaskFailed" });
    expect(containerOf(failed.cause)).toMatchObject({ ExitCode: 4 });
    expect([failed.ran("alert"), failed.ran("next")]).toEqual([true, false]);
    const ok = await simulate(reporting);
    expect(ok.status).toBe("SUCCEEDED");
    expect([ok.ran("alert"), ok.ran("next")]).toEqual([false, true]);
  });
});

describe("simulate() of a finally", () => {
  const cleaned = workflow(
    "cleaned",
    {
      cluster: "c",
      network: { subnets: ["subnet-a"] },
      defaults: { task: fargate({ image: "img" }), command: ["run"] },
    },
    sequence(job("extract"), job("load")).finally(job("cleanup")).then(job("report")),
  );

  it("runs the handler after a success and after a failure; the failure stands", async () => {
    const ok = await simulate(cleaned);
    expect(ok.status).toBe("SUCCEEDED");
    expect([ok.ran("cleanup"), ok.ran("report")]).toEqual([true, true]);
    const failed = await simulate(cleaned, { jobs: { load: { exitCode: 2 } } });
    expect(failed).toMatchObject({ status: "FAILED", error: "Batchflow.TaskFailed" });
    expect([failed.ran("cleanup"), failed.ran("report")]).toEqual([true, false]);
  });
});

describe("concurrent simulate() calls", () => {
  it("queue up and each get their own correct result", async () => {
    const [a, b, c] = await Promise.all([
      simulate(hourly, { jobs: { hoge: { duration: "45m" } } }, seed),
      simulate(nightly, { jobs: { "extract-clicks": { failTimes: 2 } } }, night),
      simulate(hourly, { jobs: { fuga: { exitCode: 2, duration: "1m" } } }, seed),
    ]);

    expect(a).toMatchObject({ status: "FAILED", error: "States.Timeout", duration: 90 * minute + 7500 });
    expect(a.attempts("hoge")).toBe(3);
    expect(b.status).toBe("SUCCEEDED");
    expect(b.attempts("extract-clicks")).toBe(3);
    expect(c).toMatchObject({ status: "FAILED", error: "States.TaskFailed", duration: minute });
    // foo waited for fuga.lock while fuga ran, and was stopped with its branch when fuga failed
    expect(c.ran("foo")).toBe(false);
    expectRealTimers();
  });
});
