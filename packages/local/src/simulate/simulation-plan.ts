import { compile, type NotifyMachine } from "@batchflow/aws";
import { type BatchflowConfigInput, isWorkflow, type Workflow } from "@batchflow/core";
import type { GraphSource } from "../graph/simulation-graph.js";
import { collectStates } from "../interpreter/execute-asl.js";
import type { LockMachine } from "../lock/lock-machine-call.js";
import { type LockScope, lockScopes } from "../lock/lock-scopes.js";
import { s3ItemMaps, s3ItemsProblem } from "../services/s3-item-maps.js";
import { isJobState, sendsOutput, taskKind } from "../services/task-kind.js";
import { unknownTaskStates } from "../services/unknown-task-states.js";
import { type ExecutedDefinition, executedDefinition } from "./executed-definition.js";
import { type JobScript, normaliseScenario, type Scenario } from "./scenario.js";
import { simulateError } from "./simulate-error.js";

/** Longer than any simulation (about 23 virtual days). */
const untimedMs = 2_000_000_000;

/** One workflow and scenario, checked and compiled: everything an execution of it needs. */
export interface SimulationPlan {
  readonly workflow: string;
  /** The job names (ECS Task states), in definition order. */
  readonly jobs: ReadonlyArray<string>;
  readonly jobStates: ReadonlySet<string>;
  /** Every ECS Task state (a job's own, and a Spot job's run on regular Fargate), with the job it runs. */
  readonly jobOfState: ReadonlyMap<string, string>;
  readonly scripts: ReadonlyMap<string, JobScript>;
  readonly input: unknown;
  readonly executed: ExecutedDefinition;
  /** The definition's locks, by acquire state. */
  readonly locks: ReadonlyMap<string, LockScope>;
  /** The workflow's lock machine, which its lock states call. */
  readonly lockMachine: LockMachine | undefined;
  /** The workflow's notify machine, started when an execution ends. */
  readonly notifyMachine: NotifyMachine | undefined;
  /**
   * The calls of the lock machine, with a Task timeout the interpreter never reaches: they set
   * none (on AWS they have none), and the interpreter would end them after 60 s.
   */
  readonly lockCallTimeouts: Readonly<Record<string, number>>;
  /** What the result's `graph()` draws. */
  readonly graphSource: GraphSource;
}

/**
 * Checks the arguments of a simulation (BF1521 for a first argument that is not a workflow, BF1520 and
 * BF1521 for the scenario, BF1532 for a Task state batchflow cannot serve) and compiles the workflow as
 * `compile(workflow, { config })` does (a `CompileError` as from `compile()`).
 */
export function planSimulation(
  workflow: Workflow,
  scenario: Scenario,
  config: BatchflowConfigInput | undefined,
): SimulationPlan {
  if (!isWorkflow(workflow)) {
    throw simulateError(
      "BF1521",
      `simulate() takes a workflow first, got ${typeof workflow === "object" ? "an object that is not a workflow" : typeof workflow}`,
      'pass what workflow("name", { ... }, job("first")) returned',
    );
  }
  const compiled = compile(workflow, config === undefined ? {} : { config });
  const name = compiled.name;
  const readers = s3ItemMaps(compiled.stateRoles);
  if (readers.length > 0) {
    throw simulateError(s3ItemsProblem.code, s3ItemsProblem.message(readers), s3ItemsProblem.hint, {
      workflow: name,
    });
  }
  const unknown = unknownTaskStates(compiled.stateMachine);
  if (unknown.length > 0) {
    throw simulateError(
      "BF1532",
      `Task state "${unknown[0]!.state}" (Resource ${JSON.stringify(unknown[0]!.resource)}) cannot be simulated: batchflow serves ECS jobs, lock and notification states only`,
      "batchflow emits every Task state it runs; this is a bug in batchflow, please report it with the workflow",
      { workflow: name },
    );
  }
  const jobOfState = new Map<string, string>();
  for (const [state, role] of Object.entries(compiled.stateRoles)) {
    if (role.kind === "job" || role.kind === "spot-fallback") jobOfState.set(state, role.job);
  }
  const jobs = [...new Set(jobOfState.values())];
  const outputJobs = new Set(
    collectStates(compiled.stateMachine)
      .filter(({ state }) => isJobState(state) && sendsOutput(state.Resource))
      .map((s) => s.name),
  );
  const { scripts, input } = normaliseScenario(scenario, name, jobs, outputJobs);
  const aslFile = compiled.files.find((file) => file.path === "state-machine.asl.json");
  const executed = executedDefinition(aslFile?.contents ?? compiled.stateMachine);
  return {
    graphSource: { workflow, config, compiled },
    workflow: name,
    jobs,
    jobStates: new Set(jobs),
    jobOfState,
    scripts,
    input: input ?? workflow.toNode().options.input ?? {},
    executed,
    locks: lockScopes(compiled.stateRoles),
    lockMachine: compiled.lockMachine && { workflow: name, definition: compiled.lockMachine },
    notifyMachine: compiled.notifyMachine,
    lockCallTimeouts: Object.fromEntries(
      collectStates(compiled.stateMachine)
        .filter(({ state }) => state.Type === "Task" && taskKind(state.Resource) === "lock-machine")
        .map(({ name }) => [name, untimedMs]),
    ),
  };
}
