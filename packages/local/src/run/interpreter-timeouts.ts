import type { CompiledWorkflow, ContainerDefinition } from "@batchflow/aws";
import { collectStates } from "../interpreter/execute-asl.js";
import { isJobState, taskKind } from "../services/task-kind.js";
import type { CatalogJob } from "./job-catalog.js";

/** The interpreter's own Task timeout is a safety net behind batchflow's: this long after it. */
const slackMs = 60_000;
const maxMs = 2_000_000_000;
/**
 * For lock and notification Task states that set no TimeoutSeconds. The interpreter would give them 60 s;
 * their handlers bound themselves (the lock store's mutex gives up within ~20 s, a webhook POST after
 * 10 s), so the interpreter's race must never be what ends them.
 */
const serviceTaskMs = 300_000;

/**
 * The interpreter races each Task against its TimeoutSeconds without stopping the job; batchflow
 * enforces the timeout itself and fails the state only once the job is gone, so the interpreter's
 * race is moved well past that (stop timeout included).
 */
export function interpreterTimeouts(
  catalog: ReadonlyArray<CatalogJob>,
  compiled: CompiledWorkflow,
  stopTimeoutMs: (container: ContainerDefinition) => number,
  definition: unknown = compiled.stateMachine,
): Record<string, number> {
  const timeouts: Record<string, number> = {};
  for (const { name, state } of collectStates(definition)) {
    const untimed = state.TimeoutSeconds === undefined && state.TimeoutSecondsPath === undefined;
    if (state.Type !== "Task" || isJobState(state) || !untimed) continue;
    // A lock's acquire call waits as long as the lock machine polls; the polls bound it.
    timeouts[name] = taskKind(state.Resource) === "lock-machine" ? maxMs : serviceTaskMs;
  }
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
