import type { Workflow } from "@batchflow/core";
import type { Simulation } from "./result.js";
import { runSimulations } from "./run-simulations.js";
import { durationMs, type Scenario, type ScenarioDuration } from "./scenario.js";
import { simulateError } from "./simulate-error.js";
import { checkedSimulateOptions, type SimulateOptions } from "./simulate-options.js";
import { planSimulation } from "./simulation-plan.js";
import { simulationResult } from "./simulation-result.js";

/** One execution of simulateConcurrent(). */
export interface ConcurrentRun<J extends string = string> {
  readonly workflow: Workflow<J>;
  readonly scenario?: Scenario<NoInfer<J>>;
  /** When it starts, after the simulation's start (a scenario duration: ms, or "30s", "5m", …). Default 0. */
  readonly startAfter?: ScenarioDuration;
}

/**
 * Runs several executions at once on ONE virtual clock, sharing one lock store, as executions of
 * workflows in one account share the lock table: how two overlapping schedules of locked workflows
 * behave. Resolves to one result per run, in order. Every time in the results (`at`, `start`, `end`,
 * `startedAt`) counts from the simulation's start, so the runs' timings compare directly; `duration`
 * is each execution's own.
 *
 * @example
 * const runs = await simulateConcurrent([{ workflow: hourly }, { workflow: hourly, startAfter: "1m" }]);
 * expect(runs[1].skipped).toEqual({ lock: "fuga.lock", reason: 'lock "fuga.lock" was busy' });
 */
export async function simulateConcurrent<const J extends ReadonlyArray<string>>(
  runs: { readonly [K in keyof J]: ConcurrentRun<J[K]> },
  options: SimulateOptions = {},
): Promise<{ -readonly [K in keyof J]: Simulation<J[K]> }> {
  const stepLimit = checkedSimulateOptions(options, "simulateConcurrent()");
  if (!Array.isArray(runs) || runs.length === 0) {
    throw simulateError(
      "BF1521",
      `simulateConcurrent() takes a non-empty array of runs, got ${Array.isArray(runs) ? "an empty array" : typeof runs}`,
      "pass [{ workflow, scenario?, startAfter? }, …], one entry per execution",
    );
  }
  const planned = (runs as ReadonlyArray<ConcurrentRun>).map((run, i) => {
    if (typeof run !== "object" || run === null) {
      throw simulateError(
        "BF1521",
        `run ${i + 1} of simulateConcurrent() must be { workflow, scenario?, startAfter? }, got ${run === null ? "null" : typeof run}`,
        "pass one { workflow, scenario?, startAfter? } per execution",
      );
    }
    const unknown = Object.keys(run).filter(
      (k) => k !== "workflow" && k !== "scenario" && k !== "startAfter",
    );
    const plan = planSimulation(run.workflow, run.scenario ?? {}, options.config);
    if (unknown.length > 0) {
      throw simulateError(
        "BF1521",
        `run ${i + 1} of simulateConcurrent() has an unknown field "${unknown[0]}"`,
        "a run is { workflow, scenario?, startAfter? }; job outcomes go in scenario.jobs",
        { workflow: plan.workflow },
      );
    }
    const startAfterMs =
      run.startAfter === undefined
        ? 0
        : Math.floor(durationMs(run.startAfter, plan.workflow, undefined, "startAfter"));
    return { plan, startAfterMs };
  });
  const { records, clockZero } = await runSimulations(planned, stepLimit);
  return records.map((record, i) => simulationResult(planned[i]!.plan, record, clockZero)) as {
    -readonly [K in keyof J]: Simulation<J[K]>;
  };
}
