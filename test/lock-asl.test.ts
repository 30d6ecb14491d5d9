// The lock states the compiler emits, executed by aws-local-stepfunctions against a real DynamoDB
// API (moto_server): the conditional writes are judged by DynamoDB, not by batchflow.
import { type CompiledWorkflow, clockSeconds, compile, dynamodbUpdateItem, lockErrors } from "@batchflow/aws";
import {
  type Flow,
  fargate,
  job,
  type LockOptions,
  parallel,
  sequence,
  workflow,
} from "@batchflow/batchflow";
import { beforeEach, describe, expect, it } from "vitest";
import {
  disjoint,
  executeCompiled,
  executionArn,
  type JobInterval,
  type ScriptedJob,
} from "./support/asl-execution.js";
import { useMoto } from "./support/moto.js";
import { type DynamoLocks, dynamoLocks } from "./support/moto-lock-handler.js";
import { validateAsl } from "./support/validate-asl.js";

const moto = useMoto();
const table = "batchflow-locks";
let locks: DynamoLocks;

beforeEach(async () => {
  locks = dynamoLocks(moto());
  await locks.createTable(table);
});

const task = fargate({ image: "batch:latest", cpu: 256, memory: 512 });
const base = {
  cluster: "batch",
  network: { subnets: ["subnet-1"] },
  defaults: { task, command: (n: string) => ["make", "run", n] },
};

function locked(
  name: string,
  lock: LockOptions,
  body: Flow = job(name.replace(/-wf$/, "")),
): CompiledWorkflow {
  const compiled = compile(workflow(name, { ...base, lock }, body));
  expect(validateAsl(compiled.stateMachine)).toEqual({ valid: true, errors: [] });
  return compiled;
}

function run(
  compiled: CompiledWorkflow,
  id: string,
  jobs: Record<string, ScriptedJob>,
  intervals: JobInterval[],
) {
  return executeCompiled(compiled, {
    id,
    jobs,
    intervals,
    integration: (resource, parameters) => {
      if (resource !== dynamodbUpdateItem) throw new Error(`unexpected integration ${resource}`);
      return locks.updateItem(parameters);
    },
  });
}

describe("a workflow lock", () => {
  it("makes a second workflow naming it wait, then run after the first (the talk's fuga and foo)", async () => {
    const fuga = locked("fuga-wf", { name: "fuga.lock", wait: "20s" });
    const foo = locked("foo-wf", { name: "fuga.lock", wait: "20s" });
    const intervals: JobInterval[] = [];
    const [a, b] = await Promise.all([
      run(fuga, "a", { fuga: { ms: 800 } }, intervals),
      new Promise((r) => setTimeout(r, 100)).then(() => run(foo, "b", { foo: { ms: 300 } }, intervals)),
    ]);
    expect([a.status, b.status]).toEqual(["SUCCEEDED", "SUCCEEDED"]);
    expect(intervals.map((i) => i.job).sort()).toEqual(["foo", "fuga"]);
    expect(disjoint(intervals)).toBe(true);
    // foo polled while fuga held the lock
    expect(b.statesEntered.filter((s) => s.endsWith("-poll")).length).toBeGreaterThan(0);
    expect((await locks.item(table, "fuga.lock"))?.Owner).toBeUndefined();
  });

  it("with wait 0 and onBusy skip ends the second run as skipped (flock -n)", async () => {
    const holder = locked("fuga-wf", { name: "fuga.lock", wait: "0s", onBusy: "skip" });
    const other = locked("foo-wf", { name: "fuga.lock", wait: "0s", onBusy: "skip" });
    const intervals: JobInterval[] = [];
    const [a, b] = await Promise.all([
      run(holder, "a", { fuga: { ms: 600 } }, intervals),
      new Promise((r) => setTimeout(r, 150)).then(() => run(other, "b", {}, intervals)),
    ]);
    expect(a.status).toBe("SUCCEEDED");
    expect(b.status).toBe("SUCCEEDED");
    expect(b.output).toEqual({ skipped: true, lock: "fuga.lock", reason: 'lock "fuga.lock" was busy' });
    expect(intervals.map((i) => i.job)).toEqual(["fuga"]);
  });

  it("with onBusy fail fails with Batchflow.LockBusy once wait has run out", async () => {
    await locks.put(table, {
      LockName: "fuga.lock",
      Owner: "someone-else",
      Expires: clockSeconds(new Date().toISOString()) + 3600,
    });
    const wf = locked("foo-wf", { name: "fuga.lock", wait: "2s", poll: "1s" });
    const started = Date.now();
    const result = await run(wf, "b", {}, []);
    expect(result.status).toBe("FAILED");
    expect(result.error).toBe(lockErrors.busy);
    expect(result.cause).toBe('lock "fuga.lock" stayed held by another run for the 2s this run waits');
    expect(Date.now() - started).toBeGreaterThanOrEqual(1900);
    expect((await locks.item(table, "fuga.lock"))?.Owner).toBe("someone-else");
  });

  it("takes over a lock whose lease has expired, and not one whose lease runs", async () => {
    const now = clockSeconds(new Date().toISOString());
    await locks.put(table, { LockName: "fuga.lock", Owner: "crashed-run", Expires: now - 5 });
    const wf = locked("fuga-wf", { name: "fuga.lock" });
    expect((await run(wf, "a", {}, [])).status).toBe("SUCCEEDED");
    await locks.put(table, { LockName: "fuga.lock", Owner: "live-run", Expires: now + 600 });
    const busy = await run(wf, "b", {}, []);
    expect(busy.error).toBe(lockErrors.busy);
  });

  it("writes the owner, now + lease, the time taken and the workflow while held", async () => {
    const wf = locked("probe-wf", { name: "probe.lock", lease: "2h" }, job("look"));
    const before = clockSeconds(new Date().toISOString());
    let held: Record<string, string> | undefined;
    const result = await executeCompiled(wf, {
      id: "c",
      integration: async (_, parameters) => {
        const out = await locks.updateItem(parameters);
        held ??= await locks.item(table, "probe.lock");
        return out;
      },
    });
    expect(result.status).toBe("SUCCEEDED");
    expect(held?.Owner).toBe(`${executionArn("probe-wf", "c")}#lock-probe-lock-acquire`);
    expect(Number(held?.Expires)).toBeGreaterThanOrEqual(before + 7200);
    expect(Number(held?.Expires)).toBeLessThanOrEqual(clockSeconds(new Date().toISOString()) + 7200);
    expect(held?.Workflow).toBe("probe-wf");
    expect(held?.AcquiredAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
  });

  it("is released when a job fails, and the run fails with the job's own error and cause", async () => {
    const wf = locked("fuga-wf", { name: "fuga.lock" });
    const result = await run(wf, "a", { fuga: { exitCode: 3 } }, []);
    expect(result.status).toBe("FAILED");
    expect(result.error).toBe("States.TaskFailed");
    expect(JSON.parse(result.cause!)).toMatchObject({
      Group: "batchflow:fuga",
      Containers: [{ ExitCode: 3 }],
    });
    expect((await locks.item(table, "fuga.lock"))?.Owner).toBeUndefined();
  });

  it("is released when a time budget inside it runs out", async () => {
    const wf = locked("fuga-wf", { name: "fuga.lock" }, sequence(job("slow")).timeout("2s"));
    const result = await run(wf, "a", { slow: { ms: 1500 } }, []);
    expect(result.status).toBe("FAILED");
    expect(result.error).toBe("Batchflow.GroupTimeout");
    expect((await locks.item(table, "fuga.lock"))?.Owner).toBeUndefined();
  });
});

describe("a job lock", () => {
  it("guards only its job; with onBusy skip the job is passed over and the flow goes on", async () => {
    await locks.put(table, {
      LockName: "a.lock",
      Owner: "someone-else",
      Expires: clockSeconds(new Date().toISOString()) + 600,
    });
    const wf = compile(
      workflow("w", base, job("a", { lock: { name: "a.lock", onBusy: "skip" } }).then(job("b"))),
    );
    expect(validateAsl(wf.stateMachine)).toEqual({ valid: true, errors: [] });
    const intervals: JobInterval[] = [];
    const result = await run(wf, "x", {}, intervals);
    expect(result.status).toBe("SUCCEEDED");
    expect(intervals.map((i) => i.job)).toEqual(["b"]);
    expect(result.statesEntered).toContain("a-lock-skipped");
  });

  it("excludes another job of the same execution that names it", async () => {
    const lock: LockOptions = { name: "shared.lock", wait: "20s" };
    const wf = compile(workflow("w", base, parallel(job("x", { lock }), job("y", { lock }))));
    const intervals: JobInterval[] = [];
    const result = await run(wf, "x", { x: { ms: 400 }, y: { ms: 400 } }, intervals);
    expect(result.status).toBe("SUCCEEDED");
    expect(intervals).toHaveLength(2);
    expect(disjoint(intervals)).toBe(true);
  });

  it("left held by a branch that a failing sibling stopped is released by the run's clean-up", async () => {
    const wf = compile(workflow("w", base, parallel(job("b", { lock: { name: "b.lock" } }), job("c"))));
    let sawHeld = false;
    const result = await executeCompiled(wf, {
      id: "x",
      jobs: { b: { ms: 800 }, c: { ms: 200, exitCode: 2 } },
      integration: async (_, parameters) => {
        const out = await locks.updateItem(parameters);
        sawHeld ||= (await locks.item(table, "b.lock"))?.Owner !== undefined;
        return out;
      },
    });
    expect(sawHeld).toBe(true);
    expect(result.status).toBe("FAILED");
    expect(result.error).toBe("States.TaskFailed");
    expect(result.statesEntered.some((s) => s.startsWith("w-release-"))).toBe(true);
    expect((await locks.item(table, "b.lock"))?.Owner).toBeUndefined();
  });
});

describe("a workflow lock with notifications", () => {
  const notify = { slack: { webhook: "https://hooks.slack.com/services/T/B/x" } };

  it("reports a busy lock as a failure when onBusy is fail", async () => {
    await locks.put(table, {
      LockName: "fuga.lock",
      Owner: "someone-else",
      Expires: clockSeconds(new Date().toISOString()) + 600,
    });
    const wf = compile(workflow("fuga-wf", { ...base, notify, lock: { name: "fuga.lock" } }, job("fuga")));
    expect(validateAsl(wf.stateMachine)).toEqual({ valid: true, errors: [] });
    const posts: string[] = [];
    const result = await executeCompiled(wf, {
      id: "a",
      integration: (resource, parameters) => {
        if (resource === dynamodbUpdateItem) return locks.updateItem(parameters);
        posts.push((parameters as { RequestBody: { text: string } }).RequestBody.text);
        return {};
      },
    });
    expect(result.error).toBe(lockErrors.busy);
    expect(posts).toHaveLength(1);
    expect(posts[0]).toContain(`failed: ${lockErrors.busy}: lock "fuga.lock" is held by another run.`);
  });

  it("ends a skipped run as skipped, without a message", async () => {
    await locks.put(table, {
      LockName: "fuga.lock",
      Owner: "someone-else",
      Expires: clockSeconds(new Date().toISOString()) + 600,
    });
    const wf = compile(
      workflow(
        "fuga-wf",
        {
          ...base,
          notify: { ...notify, on: ["failure", "success"] },
          lock: { name: "fuga.lock", onBusy: "skip" },
        },
        job("fuga"),
      ),
    );
    expect(validateAsl(wf.stateMachine)).toEqual({ valid: true, errors: [] });
    const calls: string[] = [];
    const result = await executeCompiled(wf, {
      id: "a",
      integration: (resource, parameters) => {
        calls.push(resource);
        return resource === dynamodbUpdateItem ? locks.updateItem(parameters) : {};
      },
    });
    expect(result.status).toBe("SUCCEEDED");
    expect(result.output).toEqual({ skipped: true, lock: "fuga.lock", reason: 'lock "fuga.lock" was busy' });
    expect(calls.every((c) => c === dynamodbUpdateItem)).toBe(true);
  });
});
