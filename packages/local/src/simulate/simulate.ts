// simulate(): the compiled ASL of a workflow executed in-process by aws-local-stepfunctions (through
// executeAsl, as `batchflow run` does), with scripted job outcomes instead of containers, on a virtual
// clock. See docs/testing.md.
import type { BatchflowConfigInput, Workflow } from "@batchflow/core";
import type { Simulation } from "./result.js";
import { runSimulations } from "./run-simulations.js";
import type { Scenario } from "./scenario.js";
import { simulateError } from "./simulate-error.js";
import { planSimulation } from "./simulation-plan.js";
import { simulationResult } from "./simulation-result.js";

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
  const plan = planSimulation(workflow as Workflow, scenario as Scenario, options.config);
  const stepLimit = checkedStepLimit(options.stepLimit, plan.workflow);
  const { records, clockZero } = await runSimulations([{ plan, startAfterMs: 0 }], stepLimit);
  return simulationResult<J>(plan, records[0]!, clockZero);
}

/** `options.stepLimit`, checked (BF1521). */
export function checkedStepLimit(stepLimit: number | undefined, workflow: string): number {
  const limit = stepLimit ?? defaultStepLimit;
  if (!(Number.isInteger(limit) && limit > 0)) {
    throw simulateError(
      "BF1521",
      `stepLimit must be a whole number above 0, got ${limit}`,
      "leave it out for the default of 1,000,000",
      { workflow },
    );
  }
  return limit;
}
