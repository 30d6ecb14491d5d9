import { setTimeout as delay } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { eventsOfType, runAsl, type TaskCall, TaskFailure } from "./support/run-asl.js";
import { validateAsl } from "./support/validate-asl.js";

const ECS_PARAMETERS = { Cluster: "batch", TaskDefinition: "fam", LaunchType: "FARGATE" } as const;

function ecsTask(fields: Record<string, unknown>): Record<string, unknown> {
  return {
    Type: "Task",
    Resource: "arn:${AWS::Partition}:states:::ecs:runTask.sync",
    Parameters: ECS_PARAMETERS,
    ResultPath: null,
    TimeoutSeconds: 60,
    ...fields,
  };
}

const attemptsOf = (tasks: ReadonlyArray<TaskCall>) => tasks.map((call) => `${call.state}#${call.attempt}`);

/** The "first branch to fail wins" pattern the compiler uses for group deadlines. */
function raceMachine(): Record<string, unknown> {
  return {
    StartAt: "Group",
    States: {
      Group: {
        Type: "Parallel",
        Branches: [
          {
            StartAt: "Work",
            States: {
              Work: ecsTask({ Next: "GroupDone" }),
              GroupDone: { Type: "Fail", Error: "Batchflow.GroupDone", Cause: "group finished" },
            },
          },
          {
            StartAt: "GroupDeadline",
            States: {
              GroupDeadline: { Type: "Wait", Seconds: 3600, Next: "GroupTimedOut" },
              GroupTimedOut: { Type: "Fail", Error: "Batchflow.GroupTimeout", Cause: "group exceeded 3600s" },
            },
          },
        ],
        Catch: [{ ErrorEquals: ["Batchflow.GroupDone"], Next: "After", ResultPath: null }],
        Next: "After",
      },
      After: ecsTask({ End: true }),
    },
  };
}

describe("promise-with-resolvers polyfill", () => {
  it("is installed once run-asl is imported", () => {
    const withResolvers = (Promise as unknown as Record<string, unknown>).withResolvers;
    expect(typeof withResolvers).toBe("function");
  });
});

describe("runAsl", () => {
  it("runs Task states in order, passing Parameters and the raw state input to the handler", async () => {
    const definition = {
      StartAt: "Extract",
      States: {
        Extract: ecsTask({ Next: "Transform" }),
        Transform: ecsTask({ Next: "Load" }),
        Load: ecsTask({ End: true }),
      },
    };
    const before = structuredClone(definition);

    const run = await runAsl(definition, { input: { runId: "r-1" }, task: () => ({ TaskArn: "arn:task" }) });

    expect(run.status).toBe("SUCCEEDED");
    expect(run.output).toEqual({ runId: "r-1" }); // ResultPath: null keeps the input
    expect(run.tasks).toEqual([
      { state: "Extract", parameters: ECS_PARAMETERS, input: { runId: "r-1" }, attempt: 1 },
      { state: "Transform", parameters: ECS_PARAMETERS, input: { runId: "r-1" }, attempt: 1 },
      { state: "Load", parameters: ECS_PARAMETERS, input: { runId: "r-1" }, attempt: 1 },
    ]);
    expect(run.statesEntered).toEqual(["Extract", "Transform", "Load"]);
    expect(run.events.map((event) => event.type)).toEqual([
      "ExecutionStarted",
      ...["StateEntered", "StateExited", "StateEntered", "StateExited", "StateEntered", "StateExited"],
      "ExecutionSucceeded",
    ]);
    expect(run.handlerErrors).toEqual([]);
    expect(definition).toEqual(before);
  });

  it("runs both branches of a Parallel state concurrently", async () => {
    const definition = {
      StartAt: "Group",
      States: {
        Group: {
          Type: "Parallel",
          Branches: [
            { StartAt: "Slow", States: { Slow: ecsTask({ End: true }) } },
            { StartAt: "Fast", States: { Fast: ecsTask({ End: true }) } },
          ],
          ResultPath: null,
          Next: "After",
        },
        After: ecsTask({ End: true }),
      },
    };
    const log: string[] = [];

    const run = await runAsl(definition, {
      task: async ({ state }) => {
        log.push(`start:${state}`);
        await delay(state === "Slow" ? 40 : 5);
        log.push(`end:${state}`);
        return {};
      },
    });

    expect(run.status).toBe("SUCCEEDED");
    expect(log).toEqual(["start:Slow", "start:Fast", "end:Fast", "end:Slow", "start:After", "end:After"]);
    expect([...run.statesEntered].sort()).toEqual(["After", "Fast", "Group", "Slow"]);
    expect(run.statesEntered.indexOf("After")).toBe(run.statesEntered.length - 1);
    expect(eventsOfType(run.events, "ParallelBranchStarted")).toHaveLength(2);
    expect(eventsOfType(run.events, "ParallelBranchSucceeded").map((e) => e.parentState.name)).toEqual([
      "Group",
      "Group",
    ]);
  });

  it("retries a failing task (MaxAttempts 2): fail, fail, succeed = 3 calls and SUCCEEDED", async () => {
    const definition = {
      StartAt: "Job",
      States: {
        Job: ecsTask({
          Retry: [
            { ErrorEquals: ["States.TaskFailed"], IntervalSeconds: 30, MaxAttempts: 2, BackoffRate: 2 },
          ],
          End: true,
        }),
      },
    };

    const run = await runAsl(definition, {
      noRetryDelay: true,
      task: ({ attempt }) => {
        if (attempt <= 2) throw new TaskFailure("States.TaskFailed", `exit code 1 (attempt ${attempt})`);
        return {};
      },
    });

    expect(run.status).toBe("SUCCEEDED");
    expect(attemptsOf(run.tasks)).toEqual(["Job#1", "Job#2", "Job#3"]);
    expect(eventsOfType(run.events, "StateFailed").map((e) => [e.Error, e.Cause])).toEqual([
      ["States.TaskFailed", "exit code 1 (attempt 1)"],
      ["States.TaskFailed", "exit code 1 (attempt 2)"],
    ]);
    expect(eventsOfType(run.events, "StateRetried").map((e) => e.retry.attempt)).toEqual([1, 2]);
    expect(run.statesEntered).toEqual(["Job"]); // retries do not re-enter the state
    // IntervalSeconds 30 was zeroed: two pauses would take 60 s. (A bound, not a speed measure.)
    expect(run.durationMs).toBeLessThan(30_000);
  });

  it("fails the execution with the task's error once MaxAttempts is exhausted", async () => {
    const definition = {
      StartAt: "Job",
      States: {
        Job: ecsTask({ Retry: [{ ErrorEquals: ["States.TaskFailed"], MaxAttempts: 2 }], End: true }),
      },
    };

    const run = await runAsl(definition, {
      noRetryDelay: true,
      task: () => {
        throw new TaskFailure("States.TaskFailed", "Essential container in task exited");
      },
    });

    expect(run).toMatchObject({
      status: "FAILED",
      error: "States.TaskFailed",
      cause: "Essential container in task exited",
    });
    expect(attemptsOf(run.tasks)).toEqual(["Job#1", "Job#2", "Job#3"]);
    expect(eventsOfType(run.events, "ExecutionFailed")).toMatchObject([
      { Error: "States.TaskFailed", Cause: "Essential container in task exited" },
    ]);
  });

  it("matches ErrorEquals by exact name; States.TaskFailed is a wildcard for any Task error", async () => {
    const machine = (errorEquals: string[]) => ({
      StartAt: "Job",
      States: { Job: ecsTask({ Retry: [{ ErrorEquals: errorEquals, MaxAttempts: 1 }], End: true }) },
    });
    const failFirstAttempt = ({ attempt }: TaskCall) => {
      if (attempt === 1) throw new TaskFailure("ECS.AmazonECSException", "capacity unavailable");
      return {};
    };

    const wildcard = await runAsl(machine(["States.TaskFailed"]), {
      noRetryDelay: true,
      task: failFirstAttempt,
    });
    expect(wildcard.status).toBe("SUCCEEDED");
    expect(wildcard.tasks).toHaveLength(2);

    const exact = await runAsl(machine(["ECS.AmazonECSException"]), {
      noRetryDelay: true,
      task: failFirstAttempt,
    });
    expect(exact.status).toBe("SUCCEEDED");
    expect(exact.tasks).toHaveLength(2);

    const other = await runAsl(machine(["ECS.ServerException"]), {
      noRetryDelay: true,
      task: failFirstAttempt,
    });
    expect(other).toMatchObject({ status: "FAILED", error: "ECS.AmazonECSException" });
    expect(other.tasks).toHaveLength(1);
  });

  it("routes a caught failure to the handler state with {Error, Cause} at $.error", async () => {
    const definition = {
      StartAt: "Job",
      States: {
        Job: ecsTask({
          Catch: [{ ErrorEquals: ["States.ALL"], ResultPath: "$.error", Next: "OnFailure" }],
          Next: "Done",
        }),
        OnFailure: ecsTask({
          Parameters: { ...ECS_PARAMETERS, "Error.$": "$.error.Error", "Cause.$": "$.error.Cause" },
          End: true,
        }),
        Done: { Type: "Succeed" },
      },
    };

    const run = await runAsl(definition, {
      input: { runId: "r-2" },
      task: ({ state }) => {
        if (state === "Job") throw new TaskFailure("States.TaskFailed", "exit code 2");
        return {};
      },
    });

    const errorOutput = { Error: "States.TaskFailed", Cause: "exit code 2" };
    expect(run.status).toBe("SUCCEEDED");
    expect(run.statesEntered).toEqual(["Job", "OnFailure"]);
    expect(run.tasks[1]).toEqual({
      state: "OnFailure",
      parameters: { ...ECS_PARAMETERS, ...errorOutput },
      input: { runId: "r-2", error: errorOutput },
      attempt: 1,
    });
    expect(run.output).toEqual({ runId: "r-2", error: errorOutput });
    expect(eventsOfType(run.events, "StateCaught")).toMatchObject([
      { state: { name: "Job" }, catch: { catcher: { Next: "OnFailure" } } },
    ]);
  });

  it("fails a Task with States.Timeout when the handler outlives TimeoutSeconds (not retried by States.TaskFailed)", async () => {
    const definition = {
      StartAt: "Job",
      States: {
        Job: ecsTask({ TimeoutSeconds: 1, Retry: [{ ErrorEquals: ["States.TaskFailed"] }], End: true }),
      },
    };
    let handlerSignal: AbortSignal | undefined;

    const run = await runAsl(definition, {
      noRetryDelay: true,
      task: async (_call, { signal }) => {
        handlerSignal = signal;
        await delay(10_000, undefined, { signal });
        return {};
      },
    });

    expect(run).toMatchObject({ status: "FAILED", error: "States.Timeout", cause: "States.Timeout" });
    expect(run.tasks).toHaveLength(1);
    // Ended by the 1 s timeout, not by the handler's 10 s.
    expect(run.durationMs).toBeGreaterThanOrEqual(900);
    expect(run.durationMs).toBeLessThan(9_000);
    expect(handlerSignal?.aborted).toBe(true); // released when the execution settled
    expect(run.handlerErrors).toEqual([]);
  });

  it("taskTimeoutMs shortens Task timeouts; States.Timeout is retryable by name", async () => {
    const definition = {
      StartAt: "Job",
      States: { Job: ecsTask({ Retry: [{ ErrorEquals: ["States.Timeout"], MaxAttempts: 1 }], End: true }) },
    };

    const run = await runAsl(definition, {
      taskTimeoutMs: 50,
      noRetryDelay: true,
      task: async (_call, { signal }) => {
        await delay(5_000, undefined, { signal });
        return {};
      },
    });

    expect(run).toMatchObject({ status: "FAILED", error: "States.Timeout" });
    expect(attemptsOf(run.tasks)).toEqual(["Job#1", "Job#2"]);
    // Two 50 ms timeouts, where TimeoutSeconds 60 (and the handler's 5 s) would take far longer.
    expect(run.durationMs).toBeLessThan(4_500);
    expect(definition.States.Job.TimeoutSeconds).toBe(60);
  });

  it("race (a): the task finishing first fails its branch, which aborts the Wait branch", async () => {
    // No Wait override: the deadline really is 3600 s, so only an abort lets this finish.
    const run = await runAsl(raceMachine(), {
      task: async ({ state }) => {
        if (state === "Work") await delay(20);
        return {};
      },
    });

    expect(run.status).toBe("SUCCEEDED");
    // The 3600 s Wait was aborted, not waited out.
    expect(run.durationMs).toBeLessThan(60_000);
    expect(run.tasks.map((call) => call.state)).toEqual(["Work", "After"]);
    expect(run.statesEntered).toContain("GroupDeadline");
    expect(run.statesEntered).toContain("GroupDone");
    expect(run.statesEntered).not.toContain("GroupTimedOut");
    expect(run.statesEntered.at(-1)).toBe("After");
    // The aborted Wait never exits.
    expect(eventsOfType(run.events, "StateExited").map((e) => e.state.name)).not.toContain("GroupDeadline");
    expect(eventsOfType(run.events, "StateCaught")).toMatchObject([
      { state: { name: "Group" }, catch: { catcher: { ErrorEquals: ["Batchflow.GroupDone"] } } },
    ]);
    expect(eventsOfType(run.events, "StateFailed").map((e) => [e.state.name, e.Error])).toEqual([
      ["GroupDone", "Batchflow.GroupDone"],
      ["Group", "Batchflow.GroupDone"],
    ]);
  });

  it("race (b): the Wait finishing first fails the Parallel with Batchflow.GroupTimeout", async () => {
    let workSignal: AbortSignal | undefined;

    const run = await runAsl(raceMachine(), {
      waitTimeOverrides: { GroupDeadline: 50 },
      task: async ({ state }, { signal }) => {
        if (state === "Work") {
          workSignal = signal;
          await delay(3_000, undefined, { signal });
        }
        return {};
      },
    });

    expect(run).toMatchObject({
      status: "FAILED",
      error: "Batchflow.GroupTimeout",
      cause: "group exceeded 3600s",
    });
    // The work's 3 s delay was aborted by the 50 ms deadline.
    expect(run.durationMs).toBeLessThan(2_900);
    expect(run.tasks.map((call) => call.state)).toEqual(["Work"]);
    expect(run.statesEntered).not.toContain("After");
    expect(run.statesEntered).not.toContain("GroupDone");
    expect(eventsOfType(run.events, "ParallelBranchFailed")).toMatchObject([
      { parentState: { name: "Group" }, Error: "Batchflow.GroupTimeout" },
    ]);
    expect(workSignal?.aborted).toBe(true);
    expect(run.handlerErrors).toEqual([]);
  });

  it("does not call the handler for retries the library performs after a branch was aborted", async () => {
    const definition = {
      StartAt: "Group",
      States: {
        Group: {
          Type: "Parallel",
          Branches: [
            {
              StartAt: "Flaky",
              States: {
                Flaky: ecsTask({
                  Retry: [{ ErrorEquals: ["States.ALL"], IntervalSeconds: 5, MaxAttempts: 2 }],
                  End: true,
                }),
              },
            },
            {
              StartAt: "Deadline",
              States: {
                Deadline: { Type: "Wait", Seconds: 3600, Next: "TimedOut" },
                TimedOut: { Type: "Fail", Error: "Batchflow.GroupTimeout" },
              },
            },
          ],
          End: true,
        },
      },
    };
    let handlerCalls = 0;

    const run = await runAsl(definition, {
      waitTimeOverrides: { Deadline: 50 },
      task: async () => {
        handlerCalls++;
        await delay(10);
        throw new TaskFailure("States.TaskFailed", "exit 1");
      },
    });
    await delay(50);

    expect(run).toMatchObject({ status: "FAILED", error: "Batchflow.GroupTimeout" });
    // The 5 s back-off is cut short by the abort and the library retries twice more into a closed log.
    expect(attemptsOf(run.tasks)).toEqual(["Flaky#1"]);
    expect(handlerCalls).toBe(1);
    // The 5 s back-off was cut short by the abort.
    expect(run.durationMs).toBeLessThan(4_500);
  });

  it("waitScale scales literal Wait Seconds", async () => {
    const definition = {
      StartAt: "Pause",
      States: { Pause: { Type: "Wait", Seconds: 100, Next: "Job" }, Job: ecsTask({ End: true }) },
    };

    const run = await runAsl(definition, { waitScale: 0.001, task: () => ({}) });

    expect(run.status).toBe("SUCCEEDED");
    // 100 s at 0.001: at least the 100 ms it scales to, far from the 100 s it would be unscaled.
    expect(run.durationMs).toBeGreaterThanOrEqual(90);
    expect(run.durationMs).toBeLessThan(50_000);
  });

  it("serves Task states inside Map ItemProcessor, counting attempts per iteration", async () => {
    const definition = {
      StartAt: "Shards",
      States: {
        Shards: {
          Type: "Map",
          ItemsPath: "$.shards",
          ItemProcessor: {
            StartAt: "Shard",
            States: {
              Shard: ecsTask({
                Parameters: {
                  ...ECS_PARAMETERS,
                  Overrides: {
                    ContainerOverrides: [
                      { Name: "app", Environment: [{ Name: "SHARD", "Value.$": "$.id" }] },
                    ],
                  },
                },
                Retry: [{ ErrorEquals: ["States.TaskFailed"], MaxAttempts: 3 }],
                End: true,
              }),
            },
          },
          ResultPath: null,
          End: true,
        },
      },
    };
    const shardOf = (call: TaskCall) => (call.input as { id: string }).id;

    const run = await runAsl(definition, {
      input: { shards: [{ id: "s1" }, { id: "s2" }, { id: "s3" }] },
      noRetryDelay: true,
      task: (call) => {
        if (shardOf(call) === "s2" && call.attempt < 3) throw new TaskFailure("States.TaskFailed", "flaky");
        return {};
      },
    });

    expect(run.status).toBe("SUCCEEDED");
    expect(run.tasks.map((call) => `${shardOf(call)}#${call.attempt}`).sort()).toEqual([
      "s1#1",
      "s2#1",
      "s2#2",
      "s2#3",
      "s3#1",
    ]);
    expect(run.tasks[0]?.parameters).toMatchObject({
      Overrides: { ContainerOverrides: [{ Name: "app", Environment: [{ Name: "SHARD", Value: "s1" }] }] },
    });
    expect(eventsOfType(run.events, "MapIterationSucceeded").map((e) => e.index)).toHaveLength(3);
  });

  it("reports ABORTED when the signal aborts and TIMED_OUT for the machine-level TimeoutSeconds", async () => {
    const waitForever = {
      StartAt: "Pause",
      States: { Pause: { Type: "Wait", Seconds: 3600, Next: "Job" }, Job: ecsTask({ End: true }) },
    };

    const aborted = await runAsl(waitForever, { signal: AbortSignal.timeout(30), task: () => ({}) });
    expect(aborted.status).toBe("ABORTED");
    expect(aborted.tasks).toEqual([]);

    const timedOut = await runAsl({ ...waitForever, TimeoutSeconds: 1 }, { task: () => ({}) });
    expect(timedOut.status).toBe("TIMED_OUT");
    expect(eventsOfType(timedOut.events, "ExecutionTimeout")).toHaveLength(1);
  });

  it("records non-TaskFailure handler errors; they still fail the state with error.name", async () => {
    const definition = { StartAt: "Job", States: { Job: ecsTask({ End: true }) } };

    const run = await runAsl(definition, {
      task: () => {
        throw new TypeError("oops");
      },
    });

    expect(run).toMatchObject({ status: "FAILED", error: "TypeError", cause: "oops" });
    expect(run.handlerErrors).toHaveLength(1);
  });

  it("rejects definitions the library's validator rejects", async () => {
    const definition = { StartAt: "Job", States: { Job: ecsTask({ Next: "Missing" }) } };
    await expect(runAsl(definition, { task: () => ({}) })).rejects.toThrow(/definition is invalid/);
  });
});

describe("validateAsl", () => {
  it("accepts a valid machine without mutating it", () => {
    const definition = raceMachine();
    const before = structuredClone(definition);

    expect(validateAsl(definition)).toEqual({ valid: true, errors: [] });
    expect(definition).toEqual(before);
  });

  it("names the offending field when a state has a field its type does not allow", () => {
    const definition = raceMachine();
    (definition.States as Record<string, Record<string, unknown>>).Group!.TimeoutSeconds = 60;
    const before = structuredClone(definition);

    const result = validateAsl(definition);

    expect(result.valid).toBe(false);
    expect(result.errors).toEqual([
      '[SCHEMA_VALIDATION_FAILED] /States/Group: must match exactly one schema in oneOf (Parallel state does not allow field(s) "TimeoutSeconds")',
    ]);
    expect(definition).toEqual(before);
  });

  it("reports a Next to a missing state", () => {
    const definition = {
      StartAt: "Job",
      States: { Job: ecsTask({ Next: "Missing" }), Other: ecsTask({ End: true }) },
    };

    const result = validateAsl(definition);

    expect(result.valid).toBe(false);
    expect(result.errors).toContain(
      "[MISSING_TRANSITION_TARGET] Missing 'StartAt'|'Next'|'Default' target: Missing",
    );
    expect(result.errors).toContain("[MISSING_TRANSITION_TARGET] State Other is not reachable");
  });

  it("reports path and message for field-level schema errors", () => {
    const definition = { StartAt: "Job", States: { Job: ecsTask({ TimeoutSeconds: 0.5, End: true }) } };

    expect(validateAsl(definition).errors).toEqual([
      "[SCHEMA_VALIDATION_FAILED] /States/Job/TimeoutSeconds: must be integer",
    ]);
  });
});
