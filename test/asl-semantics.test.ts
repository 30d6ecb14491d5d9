// Compiles real workflows with the public DSL, validates the emitted ASL with asl-validator, then
// EXECUTES it with aws-local-stepfunctions (test/support/run-asl.ts) to show that the state machine does
// what docs/ARCHITECTURE §4 says the DSL means. Every ECS Task is served by an in-process handler.
import {
  compile,
  type ErrorName,
  fargate,
  job,
  parallel,
  secret,
  sequence,
  tryCompile,
} from "@batchflow/batchflow";
import { describe, expect, it } from "vitest";
import nightlyConfig from "../examples/nightly-report/batchflow.config.js";
import { nightly } from "../examples/nightly-report/workflows/nightly-report.js";
import seedConfig from "../examples/seed-migration/batchflow.config.js";
import { hourly } from "../examples/seed-migration/workflows/ads-hourly.js";
import { misplacedStatesAll } from "./support/asl-graph.js";
import {
  assertValidAsl,
  attemptsOf,
  barrier,
  baseOptions,
  callCounts,
  compileValid,
  containerOverride,
  environmentOf,
  scripted,
  stateNamed,
  testWorkflow,
} from "./support/flow-fixtures.js";
import {
  collectStates,
  eventsOfType,
  runAsl,
  type TaskCall,
  TaskFailure,
  type TaskHandler,
} from "./support/run-asl.js";

const allSucceed: TaskHandler = () => ({});
const taskFailed = "States.TaskFailed";
const ecsException = "ECS.AmazonECSException";
const ecsUnknown = "AmazonECS.Unknown";
/** The default infrastructure retrier, as every job's first retrier. */
const presetRetrier = {
  ErrorEquals: [ecsException, ecsUnknown],
  IntervalSeconds: 10,
  MaxAttempts: 3,
  BackoffRate: 2,
};

describe("sequence", () => {
  it("a.then(b).then(c) runs a, b, c in that order, once each", async () => {
    const { stateMachine } = compileValid(testWorkflow(job("a").then(job("b")).then(job("c"))));

    const run = await runAsl(stateMachine, { task: allSucceed });

    expect(run.status).toBe("SUCCEEDED");
    expect(attemptsOf(run.tasks)).toEqual(["a#1", "b#1", "c#1"]);
    expect(run.tasks.map((call) => containerOverride(call).Command)).toEqual([
      ["make", "run", "a"],
      ["make", "run", "b"],
      ["make", "run", "c"],
    ]);
    expect(run.handlerErrors).toEqual([]);
  });

  it("stops at the first failing step when nothing retries or catches it", async () => {
    const { stateMachine } = compileValid(testWorkflow(sequence(job("a"), job("b"), job("c"))));

    const run = await runAsl(stateMachine, { task: scripted({ b: taskFailed }) });

    expect(run).toMatchObject({ status: "FAILED", error: taskFailed });
    expect(attemptsOf(run.tasks)).toEqual(["a#1", "b#1"]);
  });
});

describe("parallel", () => {
  /** Serves `jobs` only once all of them are running at the same time; fails the Task otherwise. */
  const meetingOf = (jobs: ReadonlyArray<string>, patienceMs?: number): TaskHandler => {
    const meet = barrier(jobs.length, patienceMs);
    return async ({ state }) => {
      if (!jobs.includes(state)) return {};
      if (await meet.arrive()) return {};
      throw new TaskFailure("Test.RanAlone", `${state} never met ${jobs.filter((j) => j !== state)}`);
    };
  };

  it("runs all branches at the same time: a and b each wait at a barrier for the other", async () => {
    const { stateMachine } = compileValid(testWorkflow(parallel(job("a"), job("b")).then(job("c"))));

    const run = await runAsl(stateMachine, { task: meetingOf(["a", "b"]) });

    expect(run.status).toBe("SUCCEEDED");
    expect(callCounts(run.tasks)).toEqual({ a: 1, b: 1, c: 1 });
    expect(run.tasks.at(-1)?.state).toBe("c");
    expect(eventsOfType(run.events, "ParallelBranchSucceeded")).toHaveLength(2);
  });

  it("control: the same barrier fails jobs that run one after the other", async () => {
    const { stateMachine } = compileValid(testWorkflow(job("a").then(job("b"))));

    const run = await runAsl(stateMachine, { task: meetingOf(["a", "b"], 50) });

    expect(run).toMatchObject({ status: "FAILED", error: "Test.RanAlone" });
    expect(attemptsOf(run.tasks)).toEqual(["a#1"]);
  });

  it(".then([b, c]) fans out: b and c run concurrently after a, then d", async () => {
    const { stateMachine } = compileValid(
      testWorkflow(
        job("a")
          .then([job("b"), job("c")])
          .then(job("d")),
      ),
    );

    const run = await runAsl(stateMachine, { task: meetingOf(["b", "c"]) });

    expect(run.status).toBe("SUCCEEDED");
    const order = run.tasks.map((call) => call.state);
    expect(order[0]).toBe("a");
    expect(order.slice(1, 3).sort()).toEqual(["b", "c"]);
    expect(order[3]).toBe("d");
    expect(stateNamed(stateMachine, "parallel-b-c").Type).toBe("Parallel");
  });

  it("the group fails when one branch fails, and the step after it does not run", async () => {
    const { stateMachine } = compileValid(testWorkflow(parallel(job("a"), job("b")).then(job("c"))));

    const run = await runAsl(stateMachine, { task: scripted({ b: taskFailed }) });

    expect(run).toMatchObject({ status: "FAILED", error: taskFailed });
    expect(callCounts(run.tasks).c).toBeUndefined();
  });
});

describe("job retry", () => {
  const flaky = job("flaky").retry({ on: [taskFailed], maxAttempts: 2 });

  it("emits the infrastructure preset first, then the retrier 1:1", () => {
    const { stateMachine } = compileValid(testWorkflow(flaky));
    expect(stateNamed(stateMachine, "flaky").Retry).toEqual([
      presetRetrier,
      { ErrorEquals: [taskFailed], IntervalSeconds: 1, MaxAttempts: 2, BackoffRate: 2 },
    ]);
  });

  it("maxAttempts 2: fail, fail, pass = 3 runs and the execution SUCCEEDS", async () => {
    const { stateMachine } = compileValid(testWorkflow(flaky));

    const run = await runAsl(stateMachine, {
      noRetryDelay: true,
      task: scripted({ flaky: [taskFailed, taskFailed, "ok"] }),
    });

    expect(run.status).toBe("SUCCEEDED");
    expect(attemptsOf(run.tasks)).toEqual(["flaky#1", "flaky#2", "flaky#3"]);
  });

  it("maxAttempts 2: failing 3 times FAILS the execution with States.TaskFailed", async () => {
    const { stateMachine } = compileValid(testWorkflow(flaky));

    const run = await runAsl(stateMachine, {
      noRetryDelay: true,
      task: scripted({ flaky: taskFailed }),
    });

    expect(run).toMatchObject({ status: "FAILED", error: taskFailed });
    expect(attemptsOf(run.tasks)).toEqual(["flaky#1", "flaky#2", "flaky#3"]);
  });

  it("does not retry errors the policy does not name", async () => {
    const { stateMachine } = compileValid(
      testWorkflow(job("flaky", { timeout: "1s" }).retry({ on: ["States.Timeout"], maxAttempts: 2 })),
    );

    const run = await runAsl(stateMachine, { noRetryDelay: true, task: scripted({ flaky: taskFailed }) });

    expect(run).toMatchObject({ status: "FAILED", error: taskFailed });
    expect(run.tasks).toHaveLength(1);
  });
});

describe("group retry", () => {
  const groupRetry = { on: [taskFailed], maxAttempts: 2 } as const;

  it("sequence(a, b).retry(...) retries only the failing step: a runs once, b three times", async () => {
    const { stateMachine } = compileValid(testWorkflow(sequence(job("a"), job("b")).retry(groupRetry)));

    const run = await runAsl(stateMachine, {
      noRetryDelay: true,
      task: scripted({ b: [taskFailed, taskFailed, "ok"] }),
    });

    expect(run.status).toBe("SUCCEEDED");
    expect(attemptsOf(run.tasks)).toEqual(["a#1", "b#1", "b#2", "b#3"]);
    // Both jobs carry the group's retrier: a would have been retried too.
    expect(stateNamed(stateMachine, "a").Retry).toEqual(stateNamed(stateMachine, "b").Retry);
  });

  it("a job's own retry wins over its group's", async () => {
    const { stateMachine } = compileValid(
      testWorkflow(
        sequence(job("a"), job("b").retry({ on: [taskFailed], maxAttempts: 1 })).retry({
          on: [taskFailed],
          maxAttempts: 3,
        }),
      ),
    );

    const failsAlways = await runAsl(stateMachine, { noRetryDelay: true, task: scripted({ b: taskFailed }) });
    expect(failsAlways).toMatchObject({ status: "FAILED", error: taskFailed });
    expect(attemptsOf(failsAlways.tasks)).toEqual(["a#1", "b#1", "b#2"]);

    const aFlaky = await runAsl(stateMachine, {
      noRetryDelay: true,
      task: scripted({ a: [taskFailed, taskFailed, taskFailed, "ok"] }),
    });
    expect(aFlaky.status).toBe("SUCCEEDED");
    expect(attemptsOf(aFlaky.tasks)).toEqual(["a#1", "a#2", "a#3", "a#4", "b#1"]);
  });

  it("parallel(a, b).retry(...) retries the failing branch's job", async () => {
    const { stateMachine } = compileValid(testWorkflow(parallel(job("a"), job("b")).retry(groupRetry)));

    const run = await runAsl(stateMachine, {
      noRetryDelay: true,
      task: scripted({ b: [taskFailed, "ok"] }),
    });

    expect(run.status).toBe("SUCCEEDED");
    expect(callCounts(run.tasks)).toEqual({ a: 1, b: 2 });
  });
});

describe("infrastructure retry preset", () => {
  it("retries ECS.AmazonECSException 3 times by default (4 calls), then fails with it", async () => {
    const { stateMachine } = compileValid(testWorkflow(job("a")));

    const run = await runAsl(stateMachine, { noRetryDelay: true, task: scripted({ a: ecsException }) });

    expect(run).toMatchObject({ status: "FAILED", error: ecsException });
    expect(attemptsOf(run.tasks)).toEqual(["a#1", "a#2", "a#3", "a#4"]);
  });

  it("a capacity error that clears on the 4th call lets the execution SUCCEED", async () => {
    const { stateMachine } = compileValid(testWorkflow(job("a")));

    const run = await runAsl(stateMachine, {
      noRetryDelay: true,
      task: scripted({ a: [ecsException, ecsUnknown, ecsException, "ok"] }),
    });

    expect(run.status).toBe("SUCCEEDED");
    expect(run.tasks).toHaveLength(4);
  });

  it("comes before a job's own retry, and does not retry application failures", async () => {
    const { stateMachine } = compileValid(testWorkflow(job("a").retry({ on: ["States.Timeout"] })));
    expect(stateNamed(stateMachine, "a").Retry).toEqual([
      presetRetrier,
      { ErrorEquals: ["States.Timeout"], IntervalSeconds: 1, MaxAttempts: 3, BackoffRate: 2 },
    ]);

    const infra = await runAsl(stateMachine, { noRetryDelay: true, task: scripted({ a: ecsException }) });
    expect(infra.tasks).toHaveLength(4);

    const app = await runAsl(stateMachine, { noRetryDelay: true, task: scripted({ a: taskFailed }) });
    expect(app).toMatchObject({ status: "FAILED", error: taskFailed });
    expect(app.tasks).toHaveLength(1);
  });

  it("is not shadowed by a States.TaskFailed retrier: capacity errors get the preset's 3 retries", async () => {
    // In a Task's Retry, States.TaskFailed matches every error but States.Timeout, ECS ones included, and
    // the first matching retrier decides: the preset comes first, so it takes ECS.AmazonECSException.
    const { stateMachine } = compileValid(testWorkflow(job("a").retry({ on: [taskFailed], maxAttempts: 1 })));
    expect(stateNamed(stateMachine, "a").Retry).toEqual([
      presetRetrier,
      { ErrorEquals: [taskFailed], IntervalSeconds: 1, MaxAttempts: 1, BackoffRate: 2 },
    ]);

    const infra = await runAsl(stateMachine, { noRetryDelay: true, task: scripted({ a: ecsException }) });
    expect(infra).toMatchObject({ status: "FAILED", error: ecsException });
    expect(attemptsOf(infra.tasks)).toEqual(["a#1", "a#2", "a#3", "a#4"]);

    const app = await runAsl(stateMachine, { noRetryDelay: true, task: scripted({ a: taskFailed }) });
    expect(app).toMatchObject({ status: "FAILED", error: taskFailed });
    expect(attemptsOf(app.tasks)).toEqual(["a#1", "a#2"]);
  });

  it("leaves an infrastructure error the job's own retry names to that retry", async () => {
    const { stateMachine } = compileValid(testWorkflow(job("a").retry({ on: [ecsUnknown], maxAttempts: 1 })));
    expect(stateNamed(stateMachine, "a").Retry).toEqual([
      { ...presetRetrier, ErrorEquals: [ecsException] },
      { ErrorEquals: [ecsUnknown], IntervalSeconds: 1, MaxAttempts: 1, BackoffRate: 2 },
    ]);

    const unknown = await runAsl(stateMachine, { noRetryDelay: true, task: scripted({ a: ecsUnknown }) });
    expect(unknown).toMatchObject({ status: "FAILED", error: ecsUnknown });
    expect(attemptsOf(unknown.tasks)).toEqual(["a#1", "a#2"]);

    const capacity = await runAsl(stateMachine, { noRetryDelay: true, task: scripted({ a: ecsException }) });
    expect(capacity).toMatchObject({ status: "FAILED", error: ecsException });
    expect(attemptsOf(capacity.tasks)).toEqual(["a#1", "a#2", "a#3", "a#4"]);
  });

  it("is left out when the job's own retries name both infrastructure errors", () => {
    const { stateMachine } = compileValid(
      testWorkflow(job("a").retry({ on: [ecsUnknown, ecsException], maxAttempts: 6, interval: "1m" })),
    );
    expect(stateNamed(stateMachine, "a").Retry).toEqual([
      { ErrorEquals: [ecsUnknown, ecsException], IntervalSeconds: 60, MaxAttempts: 6, BackoffRate: 2 },
    ]);
  });

  it("a custom preset is merged over the default: it keeps the infrastructure errors, not States.ALL", async () => {
    const { stateMachine } = compileValid(
      testWorkflow(job("a").retry({ on: ["States.ALL"], maxAttempts: 1 }), {
        infrastructureRetry: { interval: "1m" },
      }),
    );

    // States.ALL alone, in the last retrier, as Step Functions requires (asl-validator 4 does not check it).
    expect(stateNamed(stateMachine, "a").Retry).toEqual([
      { ...presetRetrier, IntervalSeconds: 60 },
      { ErrorEquals: ["States.ALL"], IntervalSeconds: 1, MaxAttempts: 1, BackoffRate: 2 },
    ]);
    expect(misplacedStatesAll(stateMachine)).toEqual([]);

    const infra = await runAsl(stateMachine, { noRetryDelay: true, task: scripted({ a: ecsException }) });
    expect(infra).toMatchObject({ status: "FAILED", error: ecsException });
    expect(attemptsOf(infra.tasks)).toEqual(["a#1", "a#2", "a#3", "a#4"]);
    const app = await runAsl(stateMachine, { noRetryDelay: true, task: scripted({ a: taskFailed }) });
    expect(app).toMatchObject({ status: "FAILED", error: taskFailed });
    expect(attemptsOf(app.tasks)).toEqual(["a#1", "a#2"]);
  });

  it('refuses infrastructureRetry: { on: ["States.ALL"] } with BF1208', () => {
    const result = tryCompile(testWorkflow(job("a"), { infrastructureRetry: { on: ["States.ALL"] } }));

    expect(result.compiled).toBeUndefined();
    expect(result.diagnostics).toMatchObject([
      {
        code: "BF1208",
        severity: "error",
        workflow: "wf",
        message: 'infrastructureRetry cannot retry "States.ALL"',
      },
    ]);
  });

  it("infrastructureRetry: false turns it off: one call", async () => {
    const { stateMachine } = compileValid(testWorkflow(job("a"), { infrastructureRetry: false }));
    expect(stateNamed(stateMachine, "a").Retry).toBeUndefined();

    const run = await runAsl(stateMachine, { noRetryDelay: true, task: scripted({ a: ecsException }) });

    expect(run).toMatchObject({ status: "FAILED", error: ecsException });
    expect(attemptsOf(run.tasks)).toEqual(["a#1"]);
  });
});

describe("the talk's one-liner: hoge then fuga, retried on States.Timeout", () => {
  const talk = () =>
    testWorkflow(
      job("hoge", { timeout: "1s" })
        .then(job("fuga", { timeout: "1s" }))
        .retry({ on: ["States.Timeout"], interval: "3s", maxAttempts: 2, backoff: 1.5 }),
    );

  it("emits TimeoutSeconds 1 and the retrier on both jobs", () => {
    const { stateMachine } = compileValid(talk());
    for (const name of ["hoge", "fuga"]) {
      const state = stateNamed(stateMachine, name);
      expect(state.TimeoutSeconds).toBe(1);
      expect(state.Retry).toEqual([
        presetRetrier,
        { ErrorEquals: ["States.Timeout"], IntervalSeconds: 3, MaxAttempts: 2, BackoffRate: 1.5 },
      ]);
    }
  });

  it("hoge outliving its timeout once is retried, then fuga runs: SUCCEEDED", async () => {
    const { stateMachine } = compileValid(talk());

    const run = await runAsl(stateMachine, {
      taskTimeoutMs: 50,
      noRetryDelay: true,
      task: scripted({ hoge: ["slow", "ok"] }),
    });

    expect(run.status).toBe("SUCCEEDED");
    expect(attemptsOf(run.tasks)).toEqual(["hoge#1", "hoge#2", "fuga#1"]);
    expect(eventsOfType(run.events, "StateFailed").map((e) => [e.state.name, e.Error])).toEqual([
      ["hoge", "States.Timeout"],
    ]);
  });

  it("hoge timing out on every attempt runs 3 times and FAILS with States.Timeout; fuga never runs", async () => {
    const { stateMachine } = compileValid(talk());

    const run = await runAsl(stateMachine, {
      taskTimeoutMs: 50,
      noRetryDelay: true,
      task: scripted({ hoge: "slow" }),
    });

    expect(run).toMatchObject({ status: "FAILED", error: "States.Timeout" });
    expect(attemptsOf(run.tasks)).toEqual(["hoge#1", "hoge#2", "hoge#3"]);
  });
});

describe("catch", () => {
  it("a job-level catch runs the handler with the error at $.error, then the step after the job", async () => {
    const { stateMachine } = compileValid(
      testWorkflow(job("a").catch([taskFailed], job("cleanup")).then(job("next"))),
    );

    const run = await runAsl(stateMachine, { input: { day: "mon" }, task: scripted({ a: taskFailed }) });

    expect(run.status).toBe("SUCCEEDED");
    expect(attemptsOf(run.tasks)).toEqual(["a#1", "cleanup#1", "next#1"]);
    const cleanup = run.tasks[1]!;
    expect(cleanup.input).toMatchObject({ day: "mon", error: { Error: taskFailed } });
    expect((cleanup.input as { error: { Cause: string } }).error.Cause).toContain("a attempt 1");
  });

  it("when the job succeeds, the handler does not run", async () => {
    const { stateMachine } = compileValid(
      testWorkflow(job("a").catch([taskFailed], job("cleanup")).then(job("next"))),
    );

    const run = await runAsl(stateMachine, { task: allSucceed });

    expect(run.status).toBe("SUCCEEDED");
    expect(attemptsOf(run.tasks)).toEqual(["a#1", "next#1"]);
  });

  it("catches only after the job's retries are used up", async () => {
    const { stateMachine } = compileValid(
      testWorkflow(
        job("a")
          .retry({ on: [taskFailed], maxAttempts: 1 })
          .catch([taskFailed], job("cleanup")),
      ),
    );

    const run = await runAsl(stateMachine, { noRetryDelay: true, task: scripted({ a: taskFailed }) });

    expect(run.status).toBe("SUCCEEDED");
    expect(attemptsOf(run.tasks)).toEqual(["a#1", "a#2", "cleanup#1"]);
  });

  it("an error not in the list is not caught: the execution FAILS with it", async () => {
    const { stateMachine } = compileValid(
      testWorkflow(job("a", { timeout: "1s" }).catch([taskFailed], job("cleanup")).then(job("next"))),
    );

    // States.TaskFailed matches every Task error except States.Timeout, so time the job out.
    const run = await runAsl(stateMachine, { taskTimeoutMs: 50, task: scripted({ a: "slow" }) });

    expect(run).toMatchObject({ status: "FAILED", error: "States.Timeout" });
    expect(attemptsOf(run.tasks)).toEqual(["a#1"]);
  });

  it("a specific error list catches only that error", async () => {
    const { stateMachine } = compileValid(
      testWorkflow(job("a").catch(["Custom.Error"], job("cleanup")).then(job("next")), {
        infrastructureRetry: false,
      }),
    );

    const caught = await runAsl(stateMachine, { task: scripted({ a: "Custom.Error" }) });
    expect(caught.status).toBe("SUCCEEDED");
    expect(attemptsOf(caught.tasks)).toEqual(["a#1", "cleanup#1", "next#1"]);

    const notCaught = await runAsl(stateMachine, { task: scripted({ a: ecsException }) });
    expect(notCaught).toMatchObject({ status: "FAILED", error: ecsException });
    expect(attemptsOf(notCaught.tasks)).toEqual(["a#1"]);
  });

  it("a group-level catch on a sequence catches its 2nd job's failure and continues after the group", async () => {
    const { stateMachine } = compileValid(
      testWorkflow(
        sequence(job("a"), job("b"), job("c")).catch(["States.ALL"], job("handler")).then(job("after")),
      ),
    );

    const run = await runAsl(stateMachine, { input: { day: "tue" }, task: scripted({ b: taskFailed }) });

    expect(run.status).toBe("SUCCEEDED");
    expect(attemptsOf(run.tasks)).toEqual(["a#1", "b#1", "handler#1", "after#1"]);
    expect(run.tasks[2]!.input).toMatchObject({ day: "tue", error: { Error: taskFailed } });
  });

  it("a group-level catch is skipped when the group succeeds", async () => {
    const { stateMachine } = compileValid(
      testWorkflow(sequence(job("a"), job("b")).catch(["States.ALL"], job("handler")).then(job("after"))),
    );

    const run = await runAsl(stateMachine, { task: allSucceed });

    expect(run.status).toBe("SUCCEEDED");
    expect(attemptsOf(run.tasks)).toEqual(["a#1", "b#1", "after#1"]);
  });

  it("a group-level catch on a parallel catches a branch failure", async () => {
    const { stateMachine } = compileValid(
      testWorkflow(parallel(job("a"), job("b")).catch([taskFailed], job("handler")).then(job("after"))),
    );

    const run = await runAsl(stateMachine, { task: scripted({ a: taskFailed }) });

    expect(run.status).toBe("SUCCEEDED");
    expect(callCounts(run.tasks)).toMatchObject({ a: 1, handler: 1, after: 1 });
    expect(run.tasks.at(-1)?.state).toBe("after");
  });

  it("a handler that fails makes the execution fail", async () => {
    const { stateMachine } = compileValid(
      testWorkflow(job("a").catch(["States.ALL"], job("cleanup")).then(job("next"))),
    );

    const run = await runAsl(stateMachine, { task: scripted({ a: taskFailed, cleanup: "Cleanup.Failed" }) });

    expect(run).toMatchObject({ status: "FAILED", error: "Cleanup.Failed" });
    expect(callCounts(run.tasks).next).toBeUndefined();
  });
});

describe("catch with { rethrow: true }", () => {
  const reraising = job("a").catch(["States.ALL"], job("alert"), { rethrow: true });

  it("runs the handler, then fails with the caught error: a States. name as Batchflow., with its cause", async () => {
    const { stateMachine } = compileValid(testWorkflow(reraising.then(job("next"))));
    // The handler ends in check, rename and raise: no state raises a States. name itself.
    expect(stateMachine.States["alert-rethrow"]).toEqual({
      Type: "Choice",
      Choices: [{ Variable: "$.error.Error", StringMatches: "States.*", Next: "alert-rethrow-rename" }],
      Default: "alert-rethrow-raise",
    });
    expect(stateMachine.States["alert-rethrow-raise"]).toEqual({
      Type: "Fail",
      ErrorPath: "$.error.Error",
      CausePath: "$.error.Cause",
    });

    const run = await runAsl(stateMachine, { task: scripted({ a: taskFailed }) });

    expect(run).toMatchObject({
      status: "FAILED",
      error: "Batchflow.TaskFailed",
      cause: "a attempt 1: States.TaskFailed",
    });
    expect(attemptsOf(run.tasks)).toEqual(["a#1", "alert#1"]);
  });

  it("raises a name of the user's own as it is, and does nothing when the job succeeds", async () => {
    const { stateMachine } = compileValid(testWorkflow(reraising.then(job("next"))));
    const failed = await runAsl(stateMachine, { task: scripted({ a: "Report.Invalid" }) });
    expect(failed).toMatchObject({
      status: "FAILED",
      error: "Report.Invalid",
      cause: "a attempt 1: Report.Invalid",
    });
    const ok = await runAsl(stateMachine, { task: allSucceed });
    expect(ok.status).toBe("SUCCEEDED");
    expect(attemptsOf(ok.tasks)).toEqual(["a#1", "next#1"]);
  });

  it("an enclosing catch of States.TaskFailed also matches what the handler raised again", async () => {
    const { stateMachine } = compileValid(
      testWorkflow(sequence(reraising, job("b")).catch([taskFailed], job("outer")).then(job("after"))),
    );
    const run = await runAsl(stateMachine, { task: scripted({ a: taskFailed }) });
    expect(run.status).toBe("SUCCEEDED");
    expect(attemptsOf(run.tasks)).toEqual(["a#1", "alert#1", "outer#1", "after#1"]);
    expect(run.tasks[2]!.input).toMatchObject({ error: { Error: "Batchflow.TaskFailed" } });
  });

  it("a handler that fails itself fails with its own error", async () => {
    const { stateMachine } = compileValid(testWorkflow(reraising));
    const run = await runAsl(stateMachine, { task: scripted({ a: taskFailed, alert: "Alert.Failed" }) });
    expect(run).toMatchObject({ status: "FAILED", error: "Alert.Failed" });
  });
});

describe("finally", () => {
  const body = sequence(job("a"), job("b")).finally(job("cleanup")).then(job("after"));

  it("runs the handler after a success, then goes on", async () => {
    const { stateMachine } = compileValid(testWorkflow(body));
    const run = await runAsl(stateMachine, { task: allSucceed });
    expect(run.status).toBe("SUCCEEDED");
    expect(attemptsOf(run.tasks)).toEqual(["a#1", "b#1", "cleanup#1", "after#1"]);
    // A success reaches the handler without a failure at $.batchflowFinally.
    expect(run.tasks[2]!.input).not.toHaveProperty("batchflowFinally");
  });

  it("runs the handler after a failure, then fails with it again (States.X as Batchflow.X, same cause)", async () => {
    const { stateMachine } = compileValid(testWorkflow(body));
    const run = await runAsl(stateMachine, { task: scripted({ b: taskFailed }) });
    expect(run).toMatchObject({
      status: "FAILED",
      error: "Batchflow.TaskFailed",
      cause: "b attempt 1: States.TaskFailed",
    });
    expect(attemptsOf(run.tasks)).toEqual(["a#1", "b#1", "cleanup#1"]);
    expect(run.tasks[2]!.input).toMatchObject({ batchflowFinally: { Error: taskFailed } });
  });

  it("runs after a catch handler that fails too, and a catch added after it sees the failure again", async () => {
    const { stateMachine } = compileValid(
      testWorkflow(
        job("a")
          .catch("States.ALL", job("fix"))
          .finally(job("cleanup"))
          .catch(taskFailed, job("outer"))
          .then(job("after")),
      ),
    );
    // The catch handler's own error, raised again after cleanup, is not States.TaskFailed: FAILED.
    const run = await runAsl(stateMachine, { task: scripted({ a: taskFailed, fix: "Fix.Failed" }) });
    expect(run).toMatchObject({ status: "FAILED", error: "Fix.Failed" });
    expect(attemptsOf(run.tasks)).toEqual(["a#1", "fix#1", "cleanup#1"]);
    const caught = await runAsl(stateMachine, { task: scripted({ a: taskFailed, fix: taskFailed }) });
    expect(attemptsOf(caught.tasks)).toEqual(["a#1", "fix#1", "cleanup#1", "outer#1", "after#1"]);
    expect(caught.tasks[3]!.input).toMatchObject({ error: { Error: "Batchflow.TaskFailed" } });
  });

  it("around a timed group: the budget's Batchflow.GroupTimeout is raised again as it is, after the handler", async () => {
    const { stateMachine } = compileValid(
      testWorkflow(sequence(job("a"), job("b")).timeout("2s").finally(job("cleanup")).then(job("after"))),
    );
    const run = await runAsl(stateMachine, {
      waitTimeOverrides: { "group-a-b-budget": 250 },
      task: scripted({ b: "slow" }),
    });
    expect(run).toMatchObject({ status: "FAILED", error: "Batchflow.GroupTimeout" });
    expect(attemptsOf(run.tasks)).toEqual(["a#1", "b#1", "cleanup#1"]);
  });

  it("around a parallel(), and nested: each handler runs once, innermost first, and the failure stands", async () => {
    const { stateMachine } = compileValid(
      testWorkflow(
        parallel(job("a"), job("b").finally(job("inner")))
          .finally(job("outer"))
          .then(job("after")),
      ),
    );
    const ok = await runAsl(stateMachine, { task: allSucceed });
    expect(ok.status).toBe("SUCCEEDED");
    expect(callCounts(ok.tasks)).toEqual({ a: 1, b: 1, inner: 1, outer: 1, after: 1 });
    const failed = await runAsl(stateMachine, { task: scripted({ b: taskFailed }) });
    expect(failed).toMatchObject({ status: "FAILED", error: "Batchflow.TaskFailed" });
    expect(attemptsOf(failed.tasks).filter((t) => t !== "a#1")).toEqual(["b#1", "inner#1", "outer#1"]);
  });

  it("a failing handler fails with its own error; as the last step, a success ends the execution", async () => {
    const last = compileValid(testWorkflow(job("a").finally(job("cleanup")))).stateMachine;
    expect((await runAsl(last, { task: allSucceed })).status).toBe("SUCCEEDED");
    const failing = await runAsl(last, { task: scripted({ a: taskFailed, cleanup: "Cleanup.Failed" }) });
    expect(failing).toMatchObject({ status: "FAILED", error: "Cleanup.Failed" });
  });
});

describe("group timeout", () => {
  // Names the lowering gives the race for sequence(a, b).timeout(...).
  const budget = "group-a-b-budget";
  /** The shortened budget: long enough that the jobs before the slow one have started (no timing asserted). */
  const shortBudgetMs = 250;

  it("lowers to a race: a work branch ending in GroupDone and a budget Wait ending in GroupTimeout", () => {
    const { stateMachine } = compileValid(testWorkflow(sequence(job("a"), job("b")).timeout("2s")));

    expect(stateNamed(stateMachine, budget)).toMatchObject({ Type: "Wait", Seconds: 2 });
    expect(stateNamed(stateMachine, "group-a-b-expired")).toMatchObject({
      Type: "Fail",
      Error: "Batchflow.GroupTimeout",
    });
    expect(stateNamed(stateMachine, "group-a-b-done")).toMatchObject({
      Type: "Fail",
      Error: "Batchflow.GroupDone",
    });
  });

  it("a slow group fails with Batchflow.GroupTimeout and the execution FAILS", async () => {
    const { stateMachine } = compileValid(
      testWorkflow(sequence(job("a"), job("b")).timeout("2s").then(job("after"))),
    );

    const run = await runAsl(stateMachine, {
      waitTimeOverrides: { [budget]: shortBudgetMs },
      task: scripted({ b: "slow" }),
    });

    expect(run).toMatchObject({ status: "FAILED", error: "Batchflow.GroupTimeout" });
    expect(attemptsOf(run.tasks)).toEqual(["a#1", "b#1"]);
    expect(run.statesEntered).not.toContain("after");
  });

  it("with a real 1s budget (no overrides) a slow group also times out", async () => {
    const { stateMachine } = compileValid(testWorkflow(sequence(job("a"), job("b")).timeout("1s")));

    const run = await runAsl(stateMachine, { task: scripted({ b: "slow" }) });

    expect(run).toMatchObject({ status: "FAILED", error: "Batchflow.GroupTimeout" });
  });

  it('.catch(["States.Timeout"], late) runs the handler when the budget runs out, then continues', async () => {
    const { stateMachine } = compileValid(
      testWorkflow(
        sequence(job("a"), job("b")).timeout("2s").catch(["States.Timeout"], job("late")).then(job("after")),
      ),
    );

    const run = await runAsl(stateMachine, {
      waitTimeOverrides: { [budget]: shortBudgetMs },
      task: scripted({ b: "slow" }),
    });

    expect(run.status).toBe("SUCCEEDED");
    expect(attemptsOf(run.tasks)).toEqual(["a#1", "b#1", "late#1", "after#1"]);
    expect(run.tasks[2]!.input).toMatchObject({ error: { Error: "Batchflow.GroupTimeout" } });
  });

  it("a fast group continues to the next state without waiting for its budget", async () => {
    // The budget is a real hour: this test only finishes because the race ends when the work does.
    const { stateMachine } = compileValid(
      testWorkflow(
        sequence(job("a"), job("b")).timeout("1h").catch(["States.Timeout"], job("late")).then(job("after")),
      ),
    );

    const run = await runAsl(stateMachine, { task: allSucceed });

    expect(run.status).toBe("SUCCEEDED");
    expect(attemptsOf(run.tasks)).toEqual(["a#1", "b#1", "after#1"]);
    expect(eventsOfType(run.events, "StateExited").map((e) => e.state.name)).not.toContain(budget);
    expect(run.statesEntered).not.toContain("group-a-b-expired");
    expect(run.output).toEqual({}); // the GroupDone catch keeps the input (ResultPath null)
  });

  it("a timed group as the last step ends the execution with SUCCEEDED", async () => {
    const { stateMachine } = compileValid(
      testWorkflow(job("x").then(sequence(job("a"), job("b")).timeout("1h"))),
    );

    const run = await runAsl(stateMachine, { input: { k: 1 }, task: allSucceed });

    expect(run.status).toBe("SUCCEEDED");
    expect(run.output).toEqual({ k: 1 });
    expect(attemptsOf(run.tasks)).toEqual(["x#1", "a#1", "b#1"]);
    expect(stateNamed(stateMachine, "group-a-b-finished").Type).toBe("Succeed");
  });

  it("a job failure inside a timed group is the group's error (not a timeout)", async () => {
    const { stateMachine } = compileValid(
      testWorkflow(sequence(job("a"), job("b")).timeout("1h").catch(["States.Timeout"], job("late"))),
    );

    const run = await runAsl(stateMachine, { task: scripted({ a: taskFailed }) });

    expect(run).toMatchObject({ status: "FAILED", error: taskFailed });
    expect(attemptsOf(run.tasks)).toEqual(["a#1"]);
  });

  it("a timed parallel group times out as a whole", async () => {
    const { stateMachine } = compileValid(
      testWorkflow(parallel(job("a"), job("b")).timeout("2s").catch(["States.Timeout"], job("late"))),
    );
    const timedGroup = collectStates(stateMachine).find((s) => s.name.endsWith("-budget"))!.name;

    const run = await runAsl(stateMachine, {
      waitTimeOverrides: { [timedGroup]: shortBudgetMs },
      task: scripted({ a: "slow" }),
    });

    expect(run.status).toBe("SUCCEEDED");
    expect(callCounts(run.tasks)).toEqual({ a: 1, b: 1, late: 1 });
  });

  describe("a States.Timeout catch on an enclosing group also catches an inner group's budget", () => {
    // The inner group's budget expires while b runs; the outer group (a sequence or a parallel next to
    // job c) carries the catch.
    const outerGroups = {
      sequence: (errors: ErrorName[]) =>
        sequence(sequence(job("a"), job("b")).timeout("2s"), job("c")).catch(errors, job("late")),
      parallel: (errors: ErrorName[]) =>
        parallel(sequence(job("a"), job("b")).timeout("2s"), job("c")).catch(errors, job("late")),
    };
    const outerStates = { sequence: "group-a-c", parallel: "parallel-a-c" };
    /** Where the inner group's race continues when its work is done: c, or the end of its branch. */
    const afterInner = { sequence: "c", parallel: "group-a-b-finished" };
    const nested = (outer: keyof typeof outerGroups, errors: ErrorName[]) =>
      compileValid(testWorkflow(outerGroups[outer](errors).then(job("after")))).stateMachine;
    const expire = (stateMachine: object) =>
      runAsl(stateMachine, { waitTimeOverrides: { [budget]: shortBudgetMs }, task: scripted({ b: "slow" }) });

    it.each([["sequence" as const], ["parallel" as const]])(
      "on a %s, the catch lists Batchflow.GroupTimeout too",
      (outer) => {
        const stateMachine = nested(outer, ["States.Timeout"]);

        expect(stateNamed(stateMachine, outerStates[outer]).Catch).toEqual([
          { ErrorEquals: ["States.Timeout", "Batchflow.GroupTimeout"], ResultPath: "$.error", Next: "late" },
        ]);
        // The inner timed group has no catch of its own: only the race's GroupDone catcher.
        expect(stateNamed(stateMachine, "group-a-b").Catch).toEqual([
          { ErrorEquals: ["Batchflow.GroupDone"], ResultPath: null, Next: afterInner[outer] },
        ]);
      },
    );

    it.each([
      ["sequence" as const, "States.Timeout" as const],
      ["sequence" as const, "Batchflow.GroupTimeout" as const],
      ["sequence" as const, "States.ALL" as const],
      ["parallel" as const, "States.Timeout" as const],
    ])("on a %s, %s catches it: the handler runs and the execution SUCCEEDS", async (outer, error) => {
      const run = await expire(nested(outer, [error]));

      expect(run.status).toBe("SUCCEEDED");
      if (outer === "sequence") {
        expect(attemptsOf(run.tasks)).toEqual(["a#1", "b#1", "late#1", "after#1"]);
      } else {
        expect(callCounts(run.tasks)).toEqual({ a: 1, b: 1, c: 1, late: 1, after: 1 });
        expect(run.tasks.at(-1)?.state).toBe("after");
      }
      const late = run.tasks.find((call) => call.state === "late")!;
      expect(late.input).toMatchObject({ error: { Error: "Batchflow.GroupTimeout" } });
    });

    it("a job's States.Timeout catch is not widened: it does not catch the budget of its group", async () => {
      const { stateMachine } = compileValid(
        testWorkflow(sequence(job("a"), job("b").catch(["States.Timeout"], job("late"))).timeout("2s")),
      );
      expect(stateNamed(stateMachine, "b").Catch).toEqual([
        { ErrorEquals: ["States.Timeout"], ResultPath: "$.error", Next: "late" },
      ]);

      const run = await expire(stateMachine);

      expect(run).toMatchObject({ status: "FAILED", error: "Batchflow.GroupTimeout" });
      expect(attemptsOf(run.tasks)).toEqual(["a#1", "b#1"]);
    });
  });
});

describe("what each job's Task runs", () => {
  const overridesOf = (call: { parameters: unknown }) =>
    (call.parameters as { Overrides: { Cpu?: string; Memory?: string } }).Overrides;

  it("a job that sets cpu or memory overrides both; with cpu alone, memory is the task's if it still fits", async () => {
    // testContainer is 256 CPU / 512 MiB; mid is 512 / 4096, and 4096 MiB still fits 1024 CPU.
    const mid = fargate({ image: "img", cpu: 512, memory: 4096 });
    const { stateMachine } = compileValid(
      testWorkflow(
        sequence(
          job("plain"),
          job("grown", { cpu: 1024 }),
          job("kept", { task: mid, cpu: 1024 }),
          job("roomy", { memory: 2048 }),
          job("both", { cpu: 2048, memory: 8192 }),
        ),
      ),
    );

    const run = await runAsl(stateMachine, { task: allSucceed });

    expect(run.status).toBe("SUCCEEDED");
    expect(run.tasks.map((call) => [call.state, overridesOf(call).Cpu, overridesOf(call).Memory])).toEqual([
      ["plain", undefined, undefined],
      ["grown", "1024", "2048"],
      ["kept", "1024", "4096"],
      ["roomy", "256", "2048"],
      ["both", "2048", "8192"],
    ]);
    expect(run.tasks.map((call) => Object.keys(overridesOf(call)))).toEqual([
      ["ContainerOverrides"],
      ...Array.from({ length: 4 }, () => ["ContainerOverrides", "Cpu", "Memory"]),
    ]);
  });

  it("secrets in defaults.env go into the one task definition every job runs, not a variant per job", async () => {
    const token = secret("arn:aws:secretsmanager:ap-northeast-1:000000000000:secret:token-AbCdEf");
    const compiled = compileValid(
      testWorkflow(job("a").then(job("b")), { defaults: { ...baseOptions.defaults, env: { TOKEN: token } } }),
    );

    const run = await runAsl(compiled.stateMachine, { task: allSucceed });

    expect(run.status).toBe("SUCCEEDED");
    expect(run.tasks.map((call) => (call.parameters as { TaskDefinition: string }).TaskDefinition)).toEqual([
      "wf",
      "wf",
    ]);
    expect(run.tasks.map(environmentOf)).toEqual([{}, {}]);
    expect(Object.keys(compiled.taskDefinitions)).toEqual(["wf"]);
    expect(compiled.taskDefinitions.wf!.containerDefinitions[0]!.secrets).toEqual([
      { name: "TOKEN", valueFrom: "arn:aws:secretsmanager:ap-northeast-1:000000000000:secret:token-AbCdEf" },
    ]);
  });
});

/**
 * The seed example also takes locks and posts to Slack: those Task states succeed here (a free
 * lock, a webhook secret, a 200), and only the ECS jobs are counted. The lock machine answers as
 * it would for a free lock: held, released, the error to raise again under batchflow's name.
 * test/lock-asl.test.ts and test/notify-asl.test.ts test them for real.
 */
const seedServices =
  (jobs: TaskHandler): TaskHandler =>
  (call, context) => {
    const parameters = call.parameters as {
      TaskDefinition?: string;
      SecretId?: string;
      StateMachineArn?: string;
      Input?: { op: string; error?: string; cause?: string };
    };
    if (parameters.TaskDefinition !== undefined) return jobs(call, context);
    if (parameters.StateMachineArn !== undefined) {
      const { op, error = "", cause } = parameters.Input!;
      if (op === "acquire") return { Output: { held: true } };
      if (op === "release") return { Output: { released: true } };
      return { Output: { Error: error.replace(/^States\./, "Batchflow."), Cause: cause } };
    }
    return parameters.SecretId === undefined
      ? {}
      : { SecretString: "https://hooks.slack.com/services/T/B/X" };
  };
const jobCalls = (tasks: ReadonlyArray<TaskCall>) =>
  tasks.filter((call) => (call.parameters as { TaskDefinition?: string }).TaskDefinition !== undefined);

describe("the bundled examples", () => {
  it("seed-migration (ads-hourly) runs hoge, then fuga and foo, to SUCCEEDED", async () => {
    const compiled = compile(hourly, { config: seedConfig });
    assertValidAsl(compiled.stateMachine);

    const run = await runAsl(compiled.stateMachine, { task: seedServices(allSucceed) });

    expect(run.status, `${run.error}: ${run.cause}`).toBe("SUCCEEDED");
    const jobs = jobCalls(run.tasks);
    expect(callCounts(jobs)).toEqual({ hoge: 1, fuga: 1, foo: 1 });
    const order = jobs.map((call) => call.state);
    expect(order[0]).toBe("hoge");
    expect(order.slice(1).sort()).toEqual(["foo", "fuga"]);
    for (const call of jobs) {
      expect(call.parameters).toMatchObject({
        Cluster: "batch",
        LaunchType: "FARGATE",
        NetworkConfiguration: {
          AwsvpcConfiguration: {
            Subnets: ["subnet-hoge"],
            SecurityGroups: ["sg-hoge"],
            AssignPublicIp: "ENABLED",
          },
        },
      });
      expect(containerOverride(call).Command).toEqual(["make", "run", call.state]);
    }
  });

  it("seed-migration: hoge timing out is retried on States.Timeout", async () => {
    const compiled = compile(hourly, { config: seedConfig });

    const run = await runAsl(compiled.stateMachine, {
      taskTimeoutMs: { hoge: 50 },
      noRetryDelay: true,
      task: seedServices(scripted({ hoge: ["slow", "ok"] })),
    });

    expect(run.status).toBe("SUCCEEDED");
    expect(callCounts(jobCalls(run.tasks))).toEqual({ hoge: 2, fuga: 1, foo: 1 });
  });

  it("nightly-report runs every main-path job once to SUCCEEDED, REPORT_DATE from the execution input", async () => {
    const compiled = compile(nightly, { config: nightlyConfig });
    assertValidAsl(compiled.stateMachine);

    const run = await runAsl(compiled.stateMachine, { input: { date: "2026-11-28" }, task: allSucceed });

    expect(run.status).toBe("SUCCEEDED");
    expect(callCounts(run.tasks)).toEqual({
      "extract-impressions": 1,
      "extract-clicks": 1,
      "extract-conversions": 1,
      aggregate: 1,
      publish: 1,
      archive: 1,
    });
    const order = run.tasks.map((call) => call.state);
    expect(order.indexOf("aggregate")).toBe(3);
    expect(order.slice(0, 3).every((name) => name.startsWith("extract-"))).toBe(true);
    const byName = Object.fromEntries(run.tasks.map((call) => [call.state, call]));
    for (const name of [
      "extract-impressions",
      "extract-clicks",
      "extract-conversions",
      "aggregate",
      "publish",
    ]) {
      expect(environmentOf(byName[name]!)).toEqual({ LOG_LEVEL: "info", REPORT_DATE: "2026-11-28" });
    }
    expect(environmentOf(byName.archive!)).toEqual({ LOG_LEVEL: "info" });
    expect(containerOverride(byName.archive!).Command).toEqual([
      "sh",
      "-c",
      "node dist/archive.js && echo archived",
    ]);
    expect(byName.aggregate!.parameters).toMatchObject({
      Cluster: "arn:aws:ecs:ap-northeast-1:000000000000:cluster/reporting",
      TaskDefinition: "ad-report-large",
    });
  });

  it("nightly-report: a failed extraction is retried, then notify-failure runs and the run ends", async () => {
    const compiled = compile(nightly, { config: nightlyConfig });

    const run = await runAsl(compiled.stateMachine, {
      input: { date: "2026-11-28" },
      noRetryDelay: true,
      task: scripted({ "extract-clicks": taskFailed }),
    });

    expect(run.status).toBe("SUCCEEDED");
    const counts = callCounts(run.tasks);
    expect(counts["extract-clicks"]).toBe(3); // maxAttempts 2
    expect(counts["notify-failure"]).toBe(1);
    expect(counts.aggregate).toBeUndefined();
    const notify = run.tasks.find((call) => call.state === "notify-failure")!;
    expect(notify.input).toMatchObject({ date: "2026-11-28", error: { Error: taskFailed } });
  });

  it("nightly-report: started the way its schedule starts it, REPORT_DATE is the schedule's date", async () => {
    const compiled = compile(nightly, { config: nightlyConfig });
    const schedule = compiled.schedule;
    if (schedule?.type !== "scheduler") throw new Error("nightly-report has a Scheduler schedule");
    const scheduledInput: unknown = JSON.parse(schedule.schedule.Target.Input);

    const run = await runAsl(compiled.stateMachine, { input: scheduledInput, task: allSucceed });

    expect(run.status).toBe("SUCCEEDED");
    expect(environmentOf(run.tasks[0]!).REPORT_DATE).toBe("yesterday");
  });
});
