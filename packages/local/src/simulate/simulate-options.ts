import { type BatchflowConfigInput, checkedByBuilder, checkShape, objectOf, optional } from "@batchflow/core";
import { simulateError } from "./simulate-error.js";

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
 * The options of `simulate()` or `simulateConcurrent()` (named by `call`), checked before the
 * workflow compiles (BF1521): a misspelt `config` would otherwise compile without the project
 * config and blame the workflow for the cluster and subnets it lacks. Returns the step limit.
 */
export function checkedSimulateOptions(options: unknown, call: string): number {
  // The config's own keys are checked as compile() checks them; stepLimit's value below.
  const shape = objectOf<SimulateOptions>(
    call,
    { config: optional(checkedByBuilder()), stepLimit: optional(checkedByBuilder()) },
    {
      expects: "must be an object like { config, stepLimit }",
      example: "{ config }",
      elsewhere: { jobs: "job outcomes go in the scenario's jobs (docs/testing.md)" },
    },
  );
  const [problem] = checkShape(options, shape, `${call} options`);
  if (problem !== undefined) throw simulateError("BF1521", problem.message, problem.hint);
  const { stepLimit = defaultStepLimit } = options as SimulateOptions;
  if (!(typeof stepLimit === "number" && Number.isInteger(stepLimit) && stepLimit > 0)) {
    throw simulateError(
      "BF1521",
      `${call} options: stepLimit must be a whole number above 0, got ${typeof stepLimit === "string" ? JSON.stringify(stepLimit) : String(stepLimit)}`,
      "leave it out for the default of 1,000,000",
    );
  }
  return stepLimit;
}
