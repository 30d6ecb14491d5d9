// simulate(): the compiled ASL of a workflow executed in-process by aws-local-stepfunctions (through
// executeAsl, as `batchflow run` does), with scripted job outcomes instead of containers, on a virtual
// clock. See docs/testing.md.
import { compile } from "@batchflow/aws";
import { type BatchflowConfigInput, isWorkflow, type Workflow } from "@batchflow/core";
import { parseRunTaskRequest } from "../ecs/run-task-request.js";
import { taskStoppedFailure } from "../ecs/task-stopped.js";
import { collectStates, executeAsl, TaskFailure, type TaskHandler } from "../interpreter/execute-asl.js";
import { executedDefinition } from "./executed-definition.js";
import type { JobTiming, SimulatedAttempt, Simulation } from "./result.js";
import { normaliseScenario, type Scenario, unknownJob } from "./scenario.js";
import { simulateError } from "./simulate-error.js";
import { type AttemptRecord, buildTrace } from "./trace.js";
import { runOnVirtualClock, serialised } from "./virtual-clock.js";

export interface SimulateOptions {
  /** The project config (`batchflow.config.ts`'s default export), as for `compile(workflow, { config })`. */
  readonly config?: BatchflowConfigInput;
  /**
   * Timers fired (job runs, retry back-offs, waits, timeouts) before the simulation gives up with BF1524.
   * Default 1,000,000: far more than any realistic workflow needs.
   */
  readonly stepLimit?: number;
}

export const defaultStepLimit = 1_000_000;

/**
 * Runs `workflow`'s compiled state machine in-process with the outcomes `scenario` scripts for its jobs,
 * on a virtual clock: hours of timeouts, retries and waits take milliseconds, and every time in the
 * result is virtual milliseconds from the start. Simulations run one at a time (they share the global
 * clock); concurrent calls queue.
 *
 * @example
 * const run = await simulate(hourly, { jobs: { fuga: { exitCode: 2 } } });
 * expect(run.status).toBe("FAILED");
 * expect(run.attempts("fuga")).toBe(1);
 */
export async function simulate<J extends string>(
  workflow: Workflow<J>,
  scenario: Scenario<NoInfer<J>> = {},
  options: SimulateOptions = {},
): Promise<Simulation<J>> {
  if (!isWorkflow(workflow)) {
    throw simulateError(
      "BF1521",
      `simulate() takes a workflow first, got ${typeof workflow === "object" ? "an object that is not a workflow" : typeof workflow}`,
      'pass what workflow("name", { ... }, job("first")) returned',
    );
  }
  const compiled = compile(workflow, options.config === undefined ? {} : { config: options.config });
  const name = compiled.name;
  const stepLimit = options.stepLimit ?? defaultStepLimit;
  if (!(Number.isInteger(stepLimit) && stepLimit > 0)) {
    throw simulateError(
      "BF1521",
      `stepLimit must be a whole number above 0, got ${stepLimit}`,
      "leave it out for the default of 1,000,000",
      { workflow: name },
    );
  }
  const jobs = collectStates(compiled.stateMachine)
    .filter(({ state }) => state.Type === "Task")
    .map((s) => s.name);
  const taskStates = new Set(jobs);
  const { scripts, input } = normaliseScenario(scenario as Scenario, name, jobs);
  const executionInput = input ?? workflow.toNode().options.input ?? {};
  const aslFile = compiled.files.find((file) => file.path === "state-machine.asl.json");
  const executed = executedDefinition(aslFile?.contents ?? compiled.stateMachine);

  const records: AttemptRecord[] = [];
  let startMs = 0;
  const task: TaskHandler = async (call) => {
    const job = call.state;
    const script = scripts.get(job);
    if (script === undefined) throw new TaskFailure("Batchflow.NotAJob", `state "${job}" is not a job`);
    const planned = script.outcome(call.attempt);
    records.push({ job, attempt: call.attempt, start: Date.now() - startMs, planned });
    if (script.durationMs > 0) await virtualSleep(script.durationMs);
    if (planned.kind === "error") {
      throw new TaskFailure(
        planned.name,
        planned.cause ?? `simulated ${planned.name} (job "${job}", attempt ${call.attempt})`,
      );
    }
    if (planned.exitCode !== 0) {
      throw taskStoppedFailure(
        job,
        parseRunTaskRequest(call.parameters),
        { exitCode: planned.exitCode },
        `simulated-${job}-${call.attempt}`,
      );
    }
    return {};
  };

  const aborter = new AbortController();
  const run = await serialised(() => {
    startMs = Date.now();
    return runOnVirtualClock(
      () =>
        executeAsl(executed.definition, {
          input: executionInput,
          task,
          validate: false,
          signal: aborter.signal,
        }),
      { startMs, stepLimit, workflow: name, onGiveUp: () => aborter.abort() },
    );
  });
  if (run.status === "ABORTED") throw new Error(`internal error: simulation of "${name}" was aborted`);

  const { trace, attempts, duration } = buildTrace({
    events: run.events,
    records,
    startMs,
    taskStates,
    synthetic: executed.synthetic,
    ancestors: executed.ancestors,
  });
  const history = new Map<string, SimulatedAttempt<J>[]>();
  for (const attempt of attempts as SimulatedAttempt<J>[]) {
    const list = history.get(attempt.job) ?? [];
    list.push(attempt);
    history.set(attempt.job, list);
  }
  for (const list of history.values()) list.sort((a, b) => a.attempt - b.attempt);
  const attemptsOf = (job: J): ReadonlyArray<SimulatedAttempt<J>> => {
    if (!taskStates.has(job)) throw unknownJob(String(job), name, jobs);
    return history.get(job) ?? [];
  };

  return Object.freeze({
    workflow: name,
    status: run.status,
    ...(run.status === "FAILED" ? { error: run.error ?? "", cause: run.cause ?? "" } : {}),
    ...(run.status === "SUCCEEDED" ? { output: run.output } : {}),
    duration,
    trace: Object.freeze(trace) as Simulation<J>["trace"],
    attempts: (job: J) => attemptsOf(job).length,
    ran: (job: J) => attemptsOf(job).length > 0,
    timing: (job: J): JobTiming => {
      const last = attemptsOf(job).at(-1);
      if (last === undefined) {
        throw simulateError(
          "BF1522",
          `timing("${job}"): job "${job}" never ran in this simulation`,
          `check run.ran("${job}") first, or expect(run.ran("${job}")).toBe(false)`,
          { workflow: name, job: String(job) },
        );
      }
      return { start: last.start, end: last.end };
    },
    history: (job: J) => attemptsOf(job),
  });
}

/** Resolves after `ms` of (virtual, while a simulation runs) time. */
function virtualSleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
