// Property tests: random job graphs (test/support/random-flow.ts) must always compile to a well-formed,
// deterministic state machine that keeps every job, gives each the retries and timeout it should have, and
// (executed with aws-local-stepfunctions) runs every main-path job exactly once when all succeed, or ends
// where the innermost matching catch says when one job keeps failing (or a group's budget runs out).
import { compile, job, type RetryPolicyInput, sequence, tryCompile } from "@batchflow/batchflow";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  catchersOf,
  danglingTransitions,
  duplicateStateNames,
  innermostBudgetAround,
  misplacedStatesAll,
  pathsThatDoNotEnd,
  stateNamesOfType,
  tasksWithoutTimeout,
  unreachableStates,
} from "./support/asl-graph.js";
import { callCounts, scripted, testWorkflow } from "./support/flow-fixtures.js";
import {
  type AslRetrier,
  allJobs,
  budgetOutcome,
  buildFlow,
  catchErrorsAsEmitted,
  expectedAttempts,
  expectedRetry,
  type FlowSpec,
  failureOutcome,
  flowSpecArb,
  groupsOf,
  handlerJobs,
  infrastructurePreset,
  innermostTimedGroup,
  jobFacts,
  mainPathJobs,
} from "./support/random-flow.js";
import { collectStates, runAsl } from "./support/run-asl.js";
import { validateAsl } from "./support/validate-asl.js";

const seed = 20_261_129;

/**
 * The workflow's `infrastructureRetry`: the default preset, none, a replacement that names its errors, or
 * one that changes only the timing (merged over the default, so it keeps the default's errors).
 */
type Preset = "default" | "off" | "replaced" | "tuned";

interface Sample {
  readonly spec: FlowSpec;
  readonly preset: Preset;
}

const sampleArb: fc.Arbitrary<Sample> = fc.record({
  spec: flowSpecArb(),
  preset: fc.constantFrom<Preset>("default", "default", "off", "replaced", "tuned"),
});

const replacementPreset: RetryPolicyInput = {
  on: ["ECS.AmazonECSException"],
  interval: "30s",
  maxAttempts: 5,
  backoff: 1.5,
};
const tunedPreset: RetryPolicyInput = { interval: "1m", maxAttempts: 1 };

const presetOptions: Record<Preset, RetryPolicyInput | false | undefined> = {
  default: undefined,
  off: false,
  replaced: replacementPreset,
  tuned: tunedPreset,
};

/** The retrier each preset must be emitted as (before the errors a job's own retries name are taken out). */
const presetRetriers: Record<Preset, AslRetrier | undefined> = {
  default: infrastructurePreset,
  off: undefined,
  replaced: {
    ErrorEquals: ["ECS.AmazonECSException"],
    IntervalSeconds: 30,
    MaxAttempts: 5,
    BackoffRate: 1.5,
  },
  tuned: { ...infrastructurePreset, IntervalSeconds: 60, MaxAttempts: 1 },
};

const workflowOf = ({ spec, preset }: Sample) => {
  const infrastructureRetry = presetOptions[preset];
  return testWorkflow(buildFlow(spec), infrastructureRetry === undefined ? {} : { infrastructureRetry });
};

const sorted = (names: Iterable<string>): string[] => [...names].sort();

describe("random flows compile to well-formed ASL", () => {
  it("every transition stays in its scope, names are unique, paths end, states are reachable, jobs are kept", () => {
    fc.assert(
      fc.property(sampleArb, (sample) => {
        const result = tryCompile(workflowOf(sample));
        expect(result.diagnostics.filter((d) => d.severity !== "warning")).toEqual([]);
        const definition = result.compiled!.stateMachine;

        expect(danglingTransitions(definition)).toEqual([]);
        expect(duplicateStateNames(definition)).toEqual([]);
        expect(pathsThatDoNotEnd(definition)).toEqual([]);
        expect(unreachableStates(definition)).toEqual([]);
        expect(sorted(stateNamesOfType(definition, "Task"))).toEqual(sorted(allJobs(sample.spec)));
        expect(tasksWithoutTimeout(definition)).toEqual([]);
        expect(misplacedStatesAll(definition)).toEqual([]);
        for (const { name } of collectStates(definition)) expect(name.length).toBeLessThanOrEqual(80);
        // compile() says what every state is for, in definition order; the jobs are the Task states.
        const roles = result.compiled!.stateRoles;
        expect(Object.keys(roles)).toEqual(collectStates(definition).map((s) => s.name));
        expect(sorted(Object.keys(roles).filter((name) => roles[name]!.kind === "job"))).toEqual(
          sorted(stateNamesOfType(definition, "Task")),
        );
      }),
      { numRuns: 100, seed },
    );
  });

  it("asl-validator accepts every compiled state machine", () => {
    fc.assert(
      fc.property(sampleArb, (sample) => {
        const validation = validateAsl(compile(workflowOf(sample)).stateMachine);
        expect(validation.errors).toEqual([]);
        expect(validation.valid).toBe(true);
      }),
      { numRuns: 100, seed },
    );
  });

  it("each Task gets the preset first (minus the errors its retries name), then its own retry, else its nearest group's; and its own timeout or 1 h", () => {
    fc.assert(
      fc.property(sampleArb, (sample) => {
        const states = new Map(
          collectStates(compile(workflowOf(sample)).stateMachine).map((s) => [s.name, s.state]),
        );
        for (const [name, fact] of jobFacts(sample.spec)) {
          const state = states.get(name);
          expect(state?.Type, name).toBe("Task");
          expect(state?.Retry, name).toEqual(expectedRetry(fact.retry, presetRetriers[sample.preset]));
          expect(state?.TimeoutSeconds, name).toBe(fact.spec.timeout ?? 3600);
        }
      }),
      { numRuns: 100, seed },
    );
  });

  it("a group's States.Timeout catch also matches Batchflow.GroupTimeout; a job's catch is emitted as written", () => {
    fc.assert(
      fc.property(sampleArb, (sample) => {
        const catchers = catchersOf(compile(workflowOf(sample)).stateMachine);
        for (const [name, fact] of jobFacts(sample.spec)) {
          const emitted = catchers.filter((c) => c.state === name).map((c) => c.errors);
          expect(emitted, name).toEqual(fact.spec.catch.map((c) => [...c.errors]));
        }
        // Group catches sit on Parallel states, next to a timed group's own Batchflow.GroupDone catcher.
        const asSet = (errors: ReadonlyArray<string>) => JSON.stringify([...new Set(errors)]);
        const emittedByGroups = catchers
          .filter((c) => c.type === "Parallel" && asSet(c.errors) !== asSet(["Batchflow.GroupDone"]))
          .map((c) => asSet(c.errors));
        const expected = groupsOf(sample.spec).flatMap((group) =>
          group.catch.map((c) => asSet(catchErrorsAsEmitted(group, c.errors))),
        );
        // The root's finally: a one-branch Parallel catching States.ALL.
        if (sample.spec.finally) expected.push(asSet(["States.ALL"]));
        expect(emittedByGroups.sort()).toEqual(expected.sort());
      }),
      { numRuns: 100, seed },
    );
  });

  it("is deterministic: compiling twice, or building the flow twice, gives byte-identical files", () => {
    fc.assert(
      fc.property(sampleArb, (sample) => {
        const once = compile(workflowOf(sample)).files;
        const workflow = workflowOf(sample);
        expect(compile(workflow).files).toEqual(compile(workflow).files);
        expect(compile(workflowOf(sample)).files).toEqual(once);
      }),
      { numRuns: 100, seed },
    );
  });
});

describe("random flows execute as written", () => {
  it("all jobs succeed: every main-path job runs exactly once, no handler runs, SUCCEEDED", async () => {
    await fc.assert(
      fc.asyncProperty(sampleArb, async (sample) => {
        const { stateMachine } = compile(workflowOf(sample));

        const run = await runAsl(stateMachine, { task: () => ({}), validate: false });

        expect(run.status).toBe("SUCCEEDED");
        const counts = callCounts(run.tasks);
        // The root's finally handler runs after a success too.
        const finallyJobs = sample.spec.finally ? mainPathJobs(sample.spec.finally) : [];
        expect(counts).toEqual(
          Object.fromEntries([...mainPathJobs(sample.spec), ...finallyJobs].map((name) => [name, 1])),
        );
        for (const name of handlerJobs(sample.spec)) {
          if (!finallyJobs.includes(name)) expect(counts[name]).toBeUndefined();
        }
        expect(run.handlerErrors).toEqual([]);
      }),
      { numRuns: 20, seed },
    );
  });

  const withMainJob = sampleArb.chain((sample) =>
    fc.record({ sample: fc.constant(sample), job: fc.constantFrom(...mainPathJobs(sample.spec)) }),
  );

  /** Handler calls that ran, as a sorted list of the jobs of catch handlers. */
  const handlersThatRan = (spec: FlowSpec, counts: Record<string, number>): string[] =>
    sorted(handlerJobs(spec).filter((name) => counts[name] !== undefined));

  it("one job always fails: retried as its retry says, caught by the innermost matching catch, or FAILED", async () => {
    await fc.assert(
      fc.asyncProperty(withMainJob, async ({ sample, job: failing }) => {
        const { stateMachine } = compile(workflowOf(sample));
        const expected = failureOutcome(
          jobFacts(sample.spec),
          failing,
          "States.TaskFailed",
          presetRetriers[sample.preset],
        );

        const run = await runAsl(stateMachine, {
          task: scripted({ [failing]: "States.TaskFailed" }),
          noRetryDelay: true,
          validate: false,
        });

        const counts = callCounts(run.tasks);
        expect(counts[failing]).toBe(expected.attempts);
        expect(run.status).toBe(expected.status);
        if (expected.status === "FAILED") expect(run.error).toBe(expected.error);
        expect(handlersThatRan(sample.spec, counts)).toEqual(sorted(expected.handlers.flatMap(mainPathJobs)));
        expect(run.handlerErrors).toEqual([]);
      }),
      { numRuns: 30, seed },
    );
  });

  it("one job always times out: retried on States.Timeout only, caught by the innermost Timeout catch, or FAILED", async () => {
    await fc.assert(
      fc.asyncProperty(withMainJob, async ({ sample, job: slow }) => {
        const { stateMachine } = compile(workflowOf(sample));
        const expected = failureOutcome(
          jobFacts(sample.spec),
          slow,
          "States.Timeout",
          presetRetriers[sample.preset],
        );

        const run = await runAsl(stateMachine, {
          task: scripted({ [slow]: "slow" }),
          taskTimeoutMs: { [slow]: 20 },
          noRetryDelay: true,
          validate: false,
        });

        const counts = callCounts(run.tasks);
        expect(counts[slow]).toBe(expected.attempts);
        expect(run.status).toBe(expected.status);
        if (expected.status === "FAILED") expect(run.error).toBe(expected.error);
        expect(handlersThatRan(sample.spec, counts)).toEqual(sorted(expected.handlers.flatMap(mainPathJobs)));
      }),
      { numRuns: 20, seed },
    );
  });

  it("one job's task never starts (ECS.AmazonECSException): the first matching retrier, the preset unless its own retry names the error", async () => {
    await fc.assert(
      fc.asyncProperty(withMainJob, async ({ sample, job: failing }) => {
        const { stateMachine } = compile(workflowOf(sample));
        const fact = jobFacts(sample.spec).get(failing)!;
        const retry = expectedRetry(fact.retry, presetRetriers[sample.preset]);

        const run = await runAsl(stateMachine, {
          task: scripted({ [failing]: "ECS.AmazonECSException" }),
          noRetryDelay: true,
          validate: false,
        });

        expect(callCounts(run.tasks)[failing]).toBe(expectedAttempts(retry, "ECS.AmazonECSException"));
        // Which catch takes over is left to the other properties: aws-local-stepfunctions lets
        // States.TaskFailed stand for other errors in a Task state's Catch only, not in a Parallel state's.
        if (fact.path.every((node) => node.catch.length === 0)) {
          expect(run).toMatchObject({ status: "FAILED", error: "ECS.AmazonECSException" });
        }
        expect(run.handlerErrors).toEqual([]);
      }),
      { numRuns: 20, seed },
    );
  });

  it("a group's time budget runs out: the innermost catch of Batchflow.GroupTimeout from the group outwards, or FAILED", async () => {
    const inTimedGroup = withMainJob.filter(
      ({ sample, job: slow }) => innermostTimedGroup(jobFacts(sample.spec), slow) !== undefined,
    );
    await fc.assert(
      fc.asyncProperty(inTimedGroup, async ({ sample, job: slow }) => {
        const expected = budgetOutcome(jobFacts(sample.spec), slow);
        const { stateMachine } = compile(workflowOf(sample));
        const budget = innermostBudgetAround(stateMachine, slow);
        expect(budget).toBeDefined();

        const run = await runAsl(stateMachine, {
          task: scripted({ [slow]: "slow" }),
          // Only the budget around the slow job is shortened; the others are at least a real minute.
          waitTimeOverrides: { [budget!]: 20 },
          noRetryDelay: true,
          validate: false,
        });

        const counts = callCounts(run.tasks);
        // The budget may in principle run out before the jobs ahead of `slow` are done; never more than once.
        expect(counts[slow] ?? 0).toBeLessThanOrEqual(1);
        expect(run.status).toBe(expected.status);
        if (expected.status === "FAILED") expect(run.error).toBe("Batchflow.GroupTimeout");
        expect(handlersThatRan(sample.spec, counts)).toEqual(sorted(expected.handlers.flatMap(mainPathJobs)));
        for (const handler of expected.handlers) {
          const first = run.tasks.find((call) => call.state === mainPathJobs(handler)[0]);
          if (handler !== sample.spec.finally) {
            expect(first?.input).toMatchObject({ error: { Error: "Batchflow.GroupTimeout" } });
          } else if (expected.status === "FAILED") {
            // The root's finally gets the failure at $.batchflowFinally; after a handled one, nothing.
            expect(first?.input).toMatchObject({ batchflowFinally: { Error: "Batchflow.GroupTimeout" } });
          } else {
            expect(first?.input).not.toHaveProperty("batchflowFinally");
          }
        }
      }),
      { numRuns: 20, seed },
    );
  });
});

describe("generated state names", () => {
  it("never collide with job names that look like them", () => {
    // Jobs named exactly like the states the compiler would generate for the groups around them.
    const body = sequence(job("a"), job("b"))
      .timeout("1h")
      .then(job("group-a-b"))
      .then(job("group-a-b-done"))
      .then(job("group-a-b-budget"));
    const definition = compile(testWorkflow(body)).stateMachine;

    expect(duplicateStateNames(definition)).toEqual([]);
    expect(sorted(stateNamesOfType(definition, "Task"))).toEqual(
      sorted(["a", "b", "group-a-b", "group-a-b-done", "group-a-b-budget"]),
    );
    expect(validateAsl(definition).errors).toEqual([]);
  });
});

describe("the structural checks are not vacuous", () => {
  const task = (rest: object) => ({
    Type: "Task",
    Resource: "arn:${AWS::Partition}:states:::ecs:runTask.sync",
    ...rest,
  });
  const branch = (states: Record<string, object>, startAt = Object.keys(states)[0]) => ({
    StartAt: startAt,
    States: states,
  });

  it("finds transitions that leave their scope, or go nowhere", () => {
    const definition = branch({
      P: { Type: "Parallel", Branches: [branch({ In: task({ Next: "Out" }) })], Next: "Out" },
      Out: task({ Catch: [{ ErrorEquals: ["States.ALL"], Next: "Nowhere" }], End: true }),
    });
    expect(danglingTransitions(definition)).toEqual([
      '$.Out: transition to "Nowhere" leaves its scope',
      '$.P[0].In: transition to "Out" leaves its scope',
    ]);
  });

  it("finds duplicate names across branches, unreachable states, missing ends and cycles", () => {
    const definition = branch({
      P: { Type: "Parallel", Branches: [branch({ A: task({ End: true }) })], Next: "A" },
      A: task({ Next: "B" }),
      B: task({ Next: "A" }),
      C: task({}),
    });
    expect(duplicateStateNames(definition)).toEqual(["A x2"]);
    expect(unreachableStates(definition)).toEqual(["$.C: unreachable from StartAt"]);
    expect(pathsThatDoNotEnd(definition)).toEqual([
      "$.C: needs exactly one of Next or End: true",
      "$.P: no path from it ends",
      "$.A: no path from it ends",
      "$.B: no path from it ends",
      "$.C: no path from it ends",
      "$: cycle A -> B -> A",
    ]);
  });

  it("finds Tasks without TimeoutSeconds and misplaced States.ALL", () => {
    const definition = branch({
      A: task({
        TimeoutSeconds: 0.5,
        Retry: [{ ErrorEquals: ["States.ALL"] }, { ErrorEquals: ["States.Timeout"] }],
        Catch: [{ ErrorEquals: ["States.ALL", "States.Timeout"], Next: "B" }],
        Next: "B",
      }),
      B: task({ End: true }),
    });
    expect(tasksWithoutTimeout(definition)).toEqual([
      "$.A: TimeoutSeconds 0.5",
      "$.B: TimeoutSeconds undefined",
    ]);
    expect(misplacedStatesAll(definition)).toEqual([
      "$.A.Retry[0]: States.ALL is not alone in the last entry",
      "$.A.Catch[0]: States.ALL is not alone in the last entry",
    ]);
  });

  it("finds the innermost group budget around a job in compiled ASL", () => {
    const body = sequence(sequence(job("a"), job("b")).timeout("1h"), job("c"))
      .timeout("2h")
      .then(job("d"));
    const definition = compile(testWorkflow(body)).stateMachine;
    expect(innermostBudgetAround(definition, "a")).toBe("group-a-b-budget");
    expect(innermostBudgetAround(definition, "c")).toBe("group-a-c-budget");
    expect(innermostBudgetAround(definition, "d")).toBeUndefined();
  });
});
