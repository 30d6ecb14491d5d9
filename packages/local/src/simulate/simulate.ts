// simulate(): the compiled ASL of a workflow executed in-process by aws-local-stepfunctions (through
// executeAsl, as `batchflow run` does), with scripted job outcomes instead of containers, on a virtual
// clock. See docs/testing.md.
import type { Workflow } from "@batchflow/core";
import type { Simulation } from "./result.js";
import { runSimulations } from "./run-simulations.js";
import type { Scenario } from "./scenario.js";
import { checkedSimulateOptions, type SimulateOptions } from "./simulate-options.js";
import { planSimulation } from "./simulation-plan.js";
import { simulationResult } from "./simulation-result.js";

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
  const stepLimit = checkedSimulateOptions(options, "simulate()");
  const plan = planSimulation(workflow as Workflow, scenario as Scenario, options.config);
  const { records, clockZero } = await runSimulations([{ plan, startAfterMs: 0 }], stepLimit);
  return simulationResult<J>(plan, records[0]!, clockZero);
}
