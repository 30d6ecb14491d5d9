import type { CompiledWorkflow, ContainerDefinition } from "@batchflow/aws";
import type { CatalogJob } from "./job-catalog.js";

/** The interpreter's own Task timeout is a safety net behind batchflow's: this long after it. */
const slackMs = 60_000;
const maxMs = 2_000_000_000;

/**
 * The interpreter races each Task against its TimeoutSeconds without stopping the job; batchflow
 * enforces the timeout itself and fails the state only once the job is gone, so the interpreter's
 * race is moved well past that (stop timeout included).
 */
export function interpreterTimeouts(
  catalog: ReadonlyArray<CatalogJob>,
  compiled: CompiledWorkflow,
  stopTimeoutMs: (container: ContainerDefinition) => number,
): Record<string, number> {
  const timeouts: Record<string, number> = {};
  for (const job of catalog) {
    const container = compiled.taskDefinitions[job.family]?.containerDefinitions.find(
      (c) => c.name === job.container,
    );
    const stop = container === undefined ? 30_000 : stopTimeoutMs(container);
    const limit = job.timeoutSeconds === undefined ? maxMs : job.timeoutSeconds * 1000;
    timeouts[job.name] = Math.min(maxMs, limit + stop + slackMs);
  }
  return timeouts;
}
