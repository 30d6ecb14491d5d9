import { setMaxListeners } from "node:events";
import type { ExecutionStatus } from "../lock/execution-status.js";
import { MemoryLockStore } from "../lock/memory-lock-store.js";
import { type ExecutionRecord, simulatedExecution } from "./simulated-execution.js";
import type { SimulationPlan } from "./simulation-plan.js";
import { runOnVirtualClock, serialised } from "./virtual-clock.js";

/** One execution of a simulation: what runs, and when it starts. */
export interface PlannedExecution {
  readonly plan: SimulationPlan;
  /** Virtual ms after the simulation's start. */
  readonly startAfterMs: number;
}

/**
 * Runs executions together on one virtual clock (simulate() runs one, simulateConcurrent() several),
 * with one in-memory lock store for all of them, as executions of one account share the lock table.
 * Simulations queue behind each other (there is one global clock). Resolves, in order, to what each
 * execution did, with the clock's start.
 */
export function runSimulations(
  executions: ReadonlyArray<PlannedExecution>,
  stepLimit: number,
): Promise<{ readonly records: ReadonlyArray<ExecutionRecord>; readonly clockZero: number }> {
  const label = [...new Set(executions.map((e) => e.plan.workflow))].join(", ");
  return serialised(async () => {
    const clockZero = Date.now();
    const store = new MemoryLockStore();
    const statuses = new Map<string, ExecutionStatus>();
    const aborter = new AbortController();
    // Every execution listens to it: many concurrent runs are expected, not a leak.
    setMaxListeners(executions.length + 10, aborter.signal);
    const records = await runOnVirtualClock(
      () =>
        Promise.all(
          executions.map((execution, i) =>
            simulatedExecution(execution.plan, {
              store,
              statuses,
              // Unique among the executions: the lock owner is made from it.
              name: `simulation-${i + 1}`,
              clockZero,
              startAfterMs: execution.startAfterMs,
              signal: aborter.signal,
            }),
          ),
        ),
      { startMs: clockZero, stepLimit, workflow: label, onGiveUp: () => aborter.abort() },
    );
    return { records, clockZero };
  });
}
