// Locks in simulate() and simulateConcurrent(): the compiled lock states (a conditional DynamoDB
// write, a read of the holder, DescribeExecution of the holder's execution, a poll loop) run against
// the simulation's shared in-memory lock store and its executions, on one virtual clock. Every time
// asserted is virtual milliseconds.
import { fargate, job, type LockOptions, parallel, type Workflow, workflow } from "@batchflow/batchflow";
import { type Simulation, simulate, simulateConcurrent } from "@batchflow/batchflow/testing";
import { describe, expect, it } from "vitest";

const second = 1000;
const minute = 60 * second;
const options = {
  cluster: "batch",
  network: { subnets: ["subnet-a"] },
  defaults: { task: fargate({ image: "batch:1" }), command: ["true"], timeout: "30m" },
} as const;

const locked = (lock: LockOptions, name = "locked") =>
  workflow(name, { ...options, lock }, job("extract").then(job("load")));

/** Every [start, end] of every job attempt of the runs, sorted by start. */
const intervals = (runs: ReadonlyArray<Simulation>, jobs: ReadonlyArray<string>) =>
  runs
    .flatMap((run) => jobs.flatMap((j) => run.history(j).map((a) => [a.start, a.end] as const)))
    .sort((a, b) => a[0] - b[0]);

const neverOverlap = (list: ReadonlyArray<readonly [number, number]>) =>
  list.every((interval, i) => i === 0 || list[i - 1]![1] <= interval[0]);

describe("simulateConcurrent() with a workflow lock", () => {
  it("runs 5 executions one after the other when they wait long enough: no two hold the lock at once", async () => {
    const wf = locked({ name: "fuga.lock", wait: "2h", poll: "1m" });
    const runs = await simulateConcurrent(
      Array.from({ length: 5 }, () => ({ workflow: wf, scenario: { defaultDuration: "5m" } })),
    );

    expect(runs.map((r) => r.status)).toEqual(Array(5).fill("SUCCEEDED"));
    for (const run of runs) expect(run.attempts("extract") + run.attempts("load")).toBe(2);
    // Each run holds the lock for its whole body: extract then load, 10 minutes.
    const bodies = runs
      .map((run) => [run.timing("extract").start, run.timing("load").end] as const)
      .sort((a, b) => a[0] - b[0]);
    expect(neverOverlap(bodies)).toBe(true);
    expect(neverOverlap(intervals(runs, ["extract", "load"]))).toBe(true);
    // Waiters try every minute: each starts within a minute of the previous release.
    for (let i = 1; i < bodies.length; i++)
      expect(bodies[i]![0] - bodies[i - 1]![1]).toBeLessThanOrEqual(minute);

    // The trace shows each lock call: the first run takes the lock at once, the others after busy tries.
    const first = runs.find((r) => r.timing("extract").start === 0)!;
    const lockEvents = first.trace.filter((e) => e.type.startsWith("Lock")).map((e) => e.type);
    expect(lockEvents).toEqual(["LockAcquired", "LockReleased"]);
    const last = runs.find((r) => r.timing("extract").start === bodies[4]![0])!;
    const busy = last.trace.filter((e) => e.type === "LockBusy");
    expect(busy.length).toBeGreaterThan(3);
    expect(busy[0]).toMatchObject({ lock: "fuga.lock", holder: { workflow: "locked" } });
    expect(last.trace.filter((e) => e.type === "LockAcquired")).toHaveLength(1);
    expect(last.trace.find((e) => e.type === "LockReleased")).toMatchObject({
      lock: "fuga.lock",
      held: true,
    });
  });

  it('with wait "0s" and onBusy "skip", exactly one runs and the others end at once as skipped', async () => {
    const wf = locked({ name: "fuga.lock", wait: "0s", onBusy: "skip" });
    const runs = await simulateConcurrent(
      Array.from({ length: 5 }, () => ({ workflow: wf, scenario: { defaultDuration: "5m" } })),
    );

    expect(runs.map((r) => r.status)).toEqual(Array(5).fill("SUCCEEDED"));
    const ran = runs.filter((r) => r.ran("extract"));
    expect(ran).toHaveLength(1);
    expect(ran[0]!.skipped).toBeUndefined();
    const skipped = runs.filter((r) => !r.ran("extract"));
    for (const run of skipped) {
      expect(run.skipped).toEqual({ lock: "fuga.lock", reason: 'lock "fuga.lock" was busy' });
      expect(run.output).toEqual({ skipped: true, lock: "fuga.lock", reason: 'lock "fuga.lock" was busy' });
      expect(run.ran("load")).toBe(false);
      expect(run.duration).toBe(0);
      expect(run.trace.filter((e) => e.type.startsWith("Lock")).map((e) => e.type)).toEqual([
        "LockBusy",
        "LockNotAcquired",
      ]);
      expect(run.trace.find((e) => e.type === "LockNotAcquired")).toMatchObject({
        lock: "fuga.lock",
        onBusy: "skip",
        jobs: ["extract", "load"],
      });
    }
  });

  it('with onBusy "fail" (the default) the others fail with Batchflow.LockBusy', async () => {
    const wf = locked({ name: "fuga.lock", wait: "1m" });
    const [holder, waiter] = await simulateConcurrent([
      { workflow: wf, scenario: { defaultDuration: "10m" } },
      { workflow: wf, startAfter: "1s" },
    ]);

    expect(holder.status).toBe("SUCCEEDED");
    expect(waiter).toMatchObject({ status: "FAILED", error: "Batchflow.LockBusy", startedAt: second });
    expect(waiter.cause).toContain('lock "fuga.lock"');
    expect(waiter.ran("extract")).toBe(false);
    // It kept trying for its minute of wait (every 3 s: wait / 20).
    const busy = waiter.trace.filter((e) => e.type === "LockBusy");
    expect(busy.at(-1)!.at - busy[0]!.at).toBeGreaterThanOrEqual(minute);
    expect(waiter.duration).toBeGreaterThanOrEqual(minute);
    expect(waiter.trace.find((e) => e.type === "LockNotAcquired")).toMatchObject({ onBusy: "fail" });
  });

  it("never hands a holder's lock to a waiter while the holder runs, however long it runs", async () => {
    const wf = locked({ name: "fuga.lock", wait: "1h" });
    const [holder, waiter] = await simulateConcurrent([
      { workflow: wf, scenario: { jobs: { extract: { duration: "25m" }, load: { duration: "25m" } } } },
      { workflow: wf, startAfter: "1m", scenario: { defaultDuration: "1m" } },
    ]);

    expect(holder.status).toBe("SUCCEEDED");
    expect(waiter.status).toBe("SUCCEEDED");
    // 50 minutes of holding: the waiter goes in only after the release.
    expect(waiter.timing("extract").start).toBeGreaterThanOrEqual(holder.timing("load").end);
    expect(holder.trace.find((e) => e.type === "LockReleased")).toMatchObject({ held: true });
    expect(waiter.trace.find((e) => e.type === "LockBusy")).toMatchObject({
      holder: { workflow: "locked", execution: expect.stringMatching(/:execution:locked:simulation-1$/) },
    });
  });

  it("takes over at once a lock whose holder ended without releasing it", async () => {
    // A failing sibling stops b's branch before its release runs: the item still names run 1.
    const holder = workflow("holder", options, parallel(job("b", { lock: { name: "b.lock" } }), job("c")));
    const taker = workflow("taker", { ...options, lock: { name: "b.lock" } }, job("t"));
    const [first, second] = await simulateConcurrent([
      {
        workflow: holder as Workflow<"b" | "c">,
        scenario: { jobs: { b: { duration: "10m" }, c: { duration: "1m", exitCode: 2 } } },
      },
      { workflow: taker as Workflow<"t">, startAfter: "5m", scenario: { defaultDuration: "1m" } },
    ]);

    expect(first.status).toBe("FAILED");
    expect(first.trace.some((e) => e.type === "LockReleased")).toBe(false);
    expect(second.status).toBe("SUCCEEDED");
    // One try at 5m: busy, the holder has ended, taken over. No wait.
    expect(second.timing("t").start).toBe(5 * minute);
    const lockCalls = second.trace.flatMap((e) =>
      e.type === "LockBusy" || e.type === "LockReleased"
        ? [[e.type, e.state]]
        : e.type === "LockAcquired"
          ? [[e.type, e.state, e.takeOver ?? false]]
          : [],
    );
    // The lock machine's calls are traced under the workflow state that called it.
    expect(lockCalls).toEqual([
      ["LockBusy", "lock-b-lock-acquire"],
      ["LockAcquired", "lock-b-lock-acquire", true],
      ["LockReleased", "lock-b-lock-release"],
    ]);
  });

  it("keeps each run's own attempts, timings and start", async () => {
    const a = workflow("a", { ...options, lock: { name: "shared", wait: "1h" } }, job("a1"));
    const b = workflow("b", { ...options, lock: { name: "shared", wait: "1h" } }, job("b1"));
    const [ra, rb] = await simulateConcurrent([
      { workflow: a, scenario: { jobs: { a1: { duration: "3m", failTimes: 0 } } } },
      { workflow: b, scenario: { jobs: { b1: { duration: "2m", exitCode: 4 } } }, startAfter: "30s" },
    ]);

    expect(ra).toMatchObject({ workflow: "a", status: "SUCCEEDED", startedAt: 0 });
    expect(ra.timing("a1")).toEqual({ start: 0, end: 3 * minute });
    expect(rb).toMatchObject({
      workflow: "b",
      status: "FAILED",
      error: "States.TaskFailed",
      startedAt: 30 * second,
    });
    expect(rb.timing("b1").start).toBeGreaterThanOrEqual(3 * minute);
    expect(rb.duration).toBe(rb.timing("b1").end - 30 * second);
    // Different workflows, one lock: b waited for a.
    expect(rb.trace.some((e) => e.type === "LockBusy")).toBe(true);
    // The failure ended the run, which frees the lock: nothing was released by hand.
    expect(rb.trace.filter((e) => e.type === "LockReleased")).toEqual([]);
  });
});

describe("simulate() with locks", () => {
  it("takes and releases a workflow lock around the jobs, and a job lock around its job", async () => {
    const wf = workflow(
      "both",
      { ...options, lock: { name: "outer" } },
      job("first").then(parallel(job("guarded", { lock: { name: "inner", onBusy: "skip" } }), job("free"))),
    );
    const run = await simulate(wf, { defaultDuration: "1m" });

    expect(run.status).toBe("SUCCEEDED");
    expect(run.ran("guarded")).toBe(true);
    const locks = run.trace.flatMap((e) =>
      e.type === "LockAcquired" || e.type === "LockReleased"
        ? [
            `${e.type} ${e.lock} @${e.at / minute}m${e.type === "LockReleased" && !e.held ? " (not held)" : ""}`,
          ]
        : [],
    );
    expect(locks).toEqual([
      "LockAcquired outer @0m",
      "LockAcquired inner @1m",
      "LockReleased inner @2m",
      "LockReleased outer @2m",
    ]);
    // Lock states are not jobs: they have no attempts and the scenario cannot name them.
    const started = run.trace.flatMap((e) => (e.type === "JobStarted" ? [e.job] : []));
    expect(started.sort()).toEqual(["first", "free", "guarded"]);
  });

  it("skips a job whose lock another execution holds, and goes on with the rest", async () => {
    const holder = workflow("holder", { ...options, lock: { name: "inner" } }, job("hold"));
    const wf = workflow(
      "skipper",
      options,
      job("before")
        .then(job("guarded", { lock: { name: "inner", onBusy: "skip" } }))
        .then(job("after")),
    );
    const [, run] = await simulateConcurrent([
      { workflow: holder as Workflow<"hold">, scenario: { defaultDuration: "1h" } },
      { workflow: wf, startAfter: "1m", scenario: { defaultDuration: "1m" } },
    ]);

    expect(run.status).toBe("SUCCEEDED");
    expect(run.skipped).toBeUndefined();
    expect([run.ran("before"), run.ran("guarded"), run.ran("after")]).toEqual([true, false, true]);
    expect(run.trace.find((e) => e.type === "LockNotAcquired")).toMatchObject({
      lock: "inner",
      onBusy: "skip",
      jobs: ["guarded"],
    });
  });
});

describe("simulateConcurrent() arguments", () => {
  it("rejects an empty list, unknown fields and bad start times with BF1521", async () => {
    const wf = locked({ name: "x" });
    await expect(simulateConcurrent([] as never)).rejects.toMatchObject({ code: "BF1521" });
    await expect(simulateConcurrent([{ workflow: wf, start: 5 } as never])).rejects.toMatchObject({
      code: "BF1521",
      message: expect.stringContaining('unknown field "start"'),
    });
    await expect(simulateConcurrent([{ workflow: wf, startAfter: "soon" as never }])).rejects.toMatchObject({
      code: "BF1521",
      message: expect.stringContaining("startAfter"),
    });
  });
});
