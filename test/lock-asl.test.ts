// The lock states the compiler emits, executed by aws-local-stepfunctions against a real DynamoDB
// API (moto_server): the conditional writes are judged by DynamoDB, not by batchflow. Step Functions'
// DescribeExecution is answered from the executions this file runs (RUNNING until they end) and
// the holders it plants, with the error Step Functions gives for an execution it does not know.
import {
  type CompiledWorkflow,
  compile,
  describeExecution,
  dynamodbGetItem,
  dynamodbUpdateItem,
  lockErrors,
} from "@batchflow/aws";
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
import { TaskFailure } from "./support/run-asl.js";
import { validateAsl } from "./support/validate-asl.js";

const moto = useMoto();
const table = "batchflow-locks";
let locks: DynamoLocks;
// A lock waits a number of polls, and executeCompiled() runs Wait states at a tenth of their time:
// "2m" (24 polls of 5 s) is 12 s of trying here, far more than any holder in this file needs.
/** What DescribeExecution answers, by execution ARN; an ARN missing here does not exist. */
const statuses = new Map<string, string>();
/** Told of each DescribeExecution, by the ARN it asks about. */
let onDescribe: ((arn: string) => void) | undefined;

beforeEach(async () => {
  locks = dynamoLocks(moto());
  await locks.createTable(table);
  statuses.clear();
  onDescribe = undefined;
});

/** Every integration the lock and notification states call, but the Slack post (recorded). */
function services(posts: string[] = []) {
  return (resource: string, parameters: unknown): Promise<unknown> | unknown => {
    if (resource === dynamodbUpdateItem) return locks.updateItem(parameters);
    if (resource === dynamodbGetItem) return locks.getItem(parameters);
    if (resource === describeExecution) {
      const arn = (parameters as { ExecutionArn: string }).ExecutionArn;
      onDescribe?.(arn);
      const status = statuses.get(arn);
      if (status === undefined) {
        throw new TaskFailure("Sfn.ExecutionDoesNotExistException", `Execution Does Not Exist: '${arn}'`);
      }
      return { ExecutionArn: arn, Status: status };
    }
    posts.push((parameters as { RequestBody: { text: string } }).RequestBody.text);
    return {};
  };
}

/** A lock item held by another execution, in the state `status` (undefined: unknown to Step Functions). */
async function heldBy(lock: string, execution: string, status: string | undefined): Promise<void> {
  await locks.put(table, { LockName: lock, Owner: `${execution}#lock-acquire`, Execution: execution });
  if (status !== undefined) statuses.set(execution, status);
}

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
  expect(validateAsl(compiled.lockMachine!)).toEqual({ valid: true, errors: [] });
  return compiled;
}

/** One execution, RUNNING for DescribeExecution until it has ended. */
async function run(
  compiled: CompiledWorkflow,
  id: string,
  jobs: Record<string, ScriptedJob>,
  intervals: JobInterval[],
  posts: string[] = [],
) {
  const arn = executionArn(compiled.name, id);
  statuses.set(arn, "RUNNING");
  const result = await executeCompiled(compiled, { id, jobs, intervals, integration: services(posts) });
  statuses.set(arn, result.status);
  return result;
}

/**
 * A job that runs until another execution has asked Step Functions whether `holder` still runs,
 * and when it has started: a second run started then finds the lock held by a live run, whatever
 * the machine's load.
 */
function whileAsked(holder: string): { job: ScriptedJob; started: Promise<void> } {
  let start = (): void => {};
  const started = new Promise<void>((resolve) => {
    start = resolve;
  });
  const asked = new Promise<void>((resolve) => {
    onDescribe = (arn) => {
      if (arn === holder) resolve();
    };
  });
  return { job: { started: () => start(), until: asked }, started };
}

describe("a workflow lock", () => {
  it("makes a second workflow naming it wait, then run after the first (the talk's fuga and foo)", async () => {
    const fuga = locked("fuga-wf", { name: "fuga.lock", wait: "2m" });
    const foo = locked("foo-wf", { name: "fuga.lock", wait: "2m" });
    const intervals: JobInterval[] = [];
    // foo starts while fuga's job runs, and fuga's job ends only once foo has asked whether fuga
    // still runs: foo must find the lock held by a live run, whatever the machine's load.
    const holding = whileAsked(executionArn("fuga-wf", "a"));
    const [a, b] = await Promise.all([
      run(fuga, "a", { fuga: holding.job }, intervals),
      holding.started.then(() => run(foo, "b", { foo: { ms: 300 } }, intervals)),
    ]);
    expect([a.status, b.status], `${a.error ?? b.error}: ${a.cause ?? b.cause}`).toEqual([
      "SUCCEEDED",
      "SUCCEEDED",
    ]);
    expect(intervals.map((i) => i.job).sort()).toEqual(["foo", "fuga"]);
    expect(disjoint(intervals)).toBe(true);
    // foo's lock machine polled while fuga held the lock
    expect(b.lockMachineStates.filter((s) => s.endsWith("/poll")).length).toBeGreaterThan(0);
    expect((await locks.item(table, "fuga.lock"))?.Owner).toBeUndefined();
  });

  it("with wait 0 and onBusy skip ends the second run as skipped (flock -n)", async () => {
    const holder = locked("fuga-wf", { name: "fuga.lock", wait: "0s", onBusy: "skip" });
    const other = locked("foo-wf", { name: "fuga.lock", wait: "0s", onBusy: "skip" });
    const intervals: JobInterval[] = [];
    // As above: the second run tries while the first one's job runs.
    const holding = whileAsked(executionArn("fuga-wf", "a"));
    const [a, b] = await Promise.all([
      run(holder, "a", { fuga: holding.job }, intervals),
      holding.started.then(() => run(other, "b", {}, intervals)),
    ]);
    expect(a.status, `${a.error}: ${a.cause}`).toBe("SUCCEEDED");
    expect(b.status, `${b.error}: ${b.cause}`).toBe("SUCCEEDED");
    expect(b.output).toEqual({ skipped: true, lock: "fuga.lock", reason: 'lock "fuga.lock" was busy' });
    expect(intervals.map((i) => i.job)).toEqual(["fuga"]);
  });

  it("with onBusy fail fails with Batchflow.LockBusy once its tries have run out", async () => {
    const live = executionArn("other-wf", "live");
    await heldBy("fuga.lock", live, "RUNNING");
    const wf = locked("foo-wf", { name: "fuga.lock", wait: "2s", poll: "1s" });
    const result = await run(wf, "b", {}, []);
    expect(result.status).toBe("FAILED");
    expect(result.error).toBe(lockErrors.busy);
    expect(result.cause).toBe('lock "fuga.lock" stayed held by another run for the 2s this run waits');
    // wait 2s, poll 1s: two pauses, three tries, each asking whether the holder still runs.
    expect(result.lockMachineStates.filter((s) => s.endsWith("/poll"))).toHaveLength(2);
    expect(result.lockMachineStates.filter((s) => s.endsWith("/holder-status"))).toHaveLength(3);
    expect((await locks.item(table, "fuga.lock"))?.Execution).toBe(live);
  });

  it.each([
    ["has ended", "ABORTED"],
    ["failed", "FAILED"],
    ["timed out", "TIMED_OUT"],
    ["is unknown to Step Functions", undefined],
  ])("takes over at once a lock whose holder's execution %s", async (_, status) => {
    const gone = executionArn("other-wf", "gone");
    await heldBy("fuga.lock", gone, status);
    const wf = locked("fuga-wf", { name: "fuga.lock" });
    const result = await run(wf, "a", {}, []);
    expect(result.status).toBe("SUCCEEDED");
    expect(result.lockMachineStates).toContain("lock-fuga-lock-acquire/take-over");
    expect((await locks.item(table, "fuga.lock"))?.Owner).toBeUndefined();
  });

  it("does not take over a lock whose holder still runs, however long it has held it", async () => {
    await heldBy("fuga.lock", executionArn("other-wf", "live"), "RUNNING");
    const busy = await run(locked("fuga-wf", { name: "fuga.lock" }), "b", {}, []);
    expect(busy.error).toBe(lockErrors.busy);
    expect(busy.lockMachineStates).not.toContain("lock-fuga-lock-acquire/take-over");
    expect(busy.lockMachineStates).toContain("lock-fuga-lock-acquire/busy");
  });

  it("gives a dead holder's lock to exactly one of two takers; the other waits its turn", async () => {
    await heldBy("fuga.lock", executionArn("other-wf", "gone"), "ABORTED");
    const fuga = locked("fuga-wf", { name: "fuga.lock", wait: "2m" });
    const foo = locked("foo-wf", { name: "fuga.lock", wait: "2m" });
    const intervals: JobInterval[] = [];
    const [a, b] = await Promise.all([
      run(fuga, "a", { fuga: { ms: 300 } }, intervals),
      run(foo, "b", { foo: { ms: 300 } }, intervals),
    ]);
    expect([a.status, b.status], `${a.error ?? b.error}: ${a.cause ?? b.cause}`).toEqual([
      "SUCCEEDED",
      "SUCCEEDED",
    ]);
    expect(disjoint(intervals)).toBe(true);
    expect((await locks.item(table, "fuga.lock"))?.Owner).toBeUndefined();
  });

  it("writes the owner, its execution, the time taken and the workflow while held", async () => {
    const wf = locked("probe-wf", { name: "probe.lock" }, job("look"));
    let held: Record<string, string> | undefined;
    const result = await executeCompiled(wf, {
      id: "c",
      integration: async (resource, parameters) => {
        const out = await services()(resource, parameters);
        held ??= await locks.item(table, "probe.lock");
        return out;
      },
    });
    expect(result.status).toBe("SUCCEEDED");
    expect(held?.Owner).toBe(`${executionArn("probe-wf", "c")}#lock-probe-lock-acquire`);
    expect(held?.Execution).toBe(executionArn("probe-wf", "c"));
    expect(held?.Workflow).toBe("probe-wf");
    expect(held?.AcquiredAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
    expect(held).not.toHaveProperty("Expires");
  });

  it("after a job's failure that ends the run, the run fails with the job's own error and cause, and the lock is free at once", async () => {
    const wf = locked("fuga-wf", { name: "fuga.lock" });
    const result = await run(wf, "a", { fuga: { exitCode: 3 } }, []);
    expect(result.status).toBe("FAILED");
    expect(result.error).toBe("States.TaskFailed");
    expect(JSON.parse(result.cause!)).toMatchObject({
      Group: "batchflow:fuga",
      Containers: [{ ExitCode: 3 }],
    });
    // Nothing could catch the failure: no release after it, the item names the run that has ended,
    // and the next run takes it over at its first try.
    expect(result.lockMachineStates.filter((s) => s.includes("release"))).toEqual([]);
    expect((await locks.item(table, "fuga.lock"))?.Execution).toBe(executionArn("fuga-wf", "a"));
    const next = await run(wf, "b", {}, []);
    expect(next.status).toBe("SUCCEEDED");
    expect(next.lockMachineStates).toContain("lock-fuga-lock-acquire/take-over");
    expect((await locks.item(table, "fuga.lock"))?.Owner).toBeUndefined();
  });

  it("raises a caught States. error again as Batchflow., which a user's catch of the States. name still catches", async () => {
    const wf = compile(
      workflow(
        "w",
        base,
        sequence(job("a", { lock: { name: "a.lock" } }))
          .catch(["States.TaskFailed"], job("cleanup"))
          .then(job("b")),
      ),
    );
    expect(validateAsl(wf.stateMachine)).toEqual({ valid: true, errors: [] });
    const intervals: JobInterval[] = [];
    const result = await run(wf, "x", { a: { exitCode: 3 } }, intervals);
    expect(result.status).toBe("SUCCEEDED");
    expect(intervals.map((i) => i.job)).toEqual(["a", "cleanup", "b"]);
    expect(result.statesEntered).toContain("a-lock-raise");
    expect(result.lockMachineStates).toEqual(
      expect.arrayContaining(["a-lock-release-after-error/rethrow", "a-lock-release-after-error/rename"]),
    );
    expect((await locks.item(table, "a.lock"))?.Owner).toBeUndefined();
  });

  it("is free to the next run when a time budget inside it runs out", async () => {
    const wf = locked("fuga-wf", { name: "fuga.lock" }, sequence(job("slow")).timeout("2s"));
    const result = await run(wf, "a", { slow: { ms: 1500 } }, []);
    expect(result.status).toBe("FAILED");
    expect(result.error).toBe("Batchflow.GroupTimeout");
    // The budget's failure ends the run: the lock is free to the next run at once.
    const next = await run(wf, "b", { slow: { ms: 10 } }, []);
    expect(next.status).toBe("SUCCEEDED");
    expect(next.lockMachineStates).toContain("lock-fuga-lock-acquire/take-over");
    expect((await locks.item(table, "fuga.lock"))?.Owner).toBeUndefined();
  });
});

describe("a job lock", () => {
  it("guards only its job; with onBusy skip the job is passed over and the flow goes on", async () => {
    await heldBy("a.lock", executionArn("other-wf", "live"), "RUNNING");
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
    const lock: LockOptions = { name: "shared.lock", wait: "2m" };
    const wf = compile(workflow("w", base, parallel(job("x", { lock }), job("y", { lock }))));
    const intervals: JobInterval[] = [];
    const result = await run(wf, "x", { x: { ms: 400 }, y: { ms: 400 } }, intervals);
    expect(result.status).toBe("SUCCEEDED");
    expect(intervals).toHaveLength(2);
    expect(disjoint(intervals)).toBe(true);
  });

  it("left held by a branch that a failing sibling stopped is taken over once that run has ended", async () => {
    const wf = compile(workflow("w", base, parallel(job("b", { lock: { name: "b.lock" } }), job("c"))));
    // c fails once b holds its lock and runs (taking it is a call of the lock machine).
    let bStarted = (): void => {};
    const started = new Promise<void>((resolve) => {
      bStarted = resolve;
    });
    const first = await run(
      wf,
      "x",
      { b: { ms: 800, started: () => bStarted() }, c: { until: started, exitCode: 2 } },
      [],
    );
    expect(first.status).toBe("FAILED");
    expect(first.error).toBe("States.TaskFailed");
    // Stopped before its release: the item still names the run, which has ended.
    expect((await locks.item(table, "b.lock"))?.Execution).toBe(executionArn("w", "x"));
    const next = await run(wf, "y", {}, []);
    expect(next.status).toBe("SUCCEEDED");
    expect(next.lockMachineStates).toContain("b-lock-acquire/take-over");
    expect((await locks.item(table, "b.lock"))?.Owner).toBeUndefined();
  });
});

describe("a workflow lock with notifications", () => {
  const notify = { slack: { webhook: "https://hooks.slack.com/services/T/B/x" } };

  it("reports a busy lock as a failure when onBusy is fail", async () => {
    await heldBy("fuga.lock", executionArn("other-wf", "live"), "RUNNING");
    const wf = compile(workflow("fuga-wf", { ...base, notify, lock: { name: "fuga.lock" } }, job("fuga")));
    expect(validateAsl(wf.stateMachine)).toEqual({ valid: true, errors: [] });
    const posts: string[] = [];
    const result = await run(wf, "a", {}, [], posts);
    expect(result.error).toBe(lockErrors.busy);
    expect(posts).toHaveLength(1);
    expect(posts[0]).toContain(`failed: ${lockErrors.busy}: lock "fuga.lock" is held by another run.`);
  });

  it("ends a skipped run as skipped, without a message", async () => {
    await heldBy("fuga.lock", executionArn("other-wf", "live"), "RUNNING");
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
    const posts: string[] = [];
    const result = await run(wf, "a", {}, [], posts);
    expect(result.status).toBe("SUCCEEDED");
    expect(result.output).toEqual({ skipped: true, lock: "fuga.lock", reason: 'lock "fuga.lock" was busy' });
    expect(posts).toEqual([]);
  });
});
