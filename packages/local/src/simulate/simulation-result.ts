import { type SimulationGraphOptions, simulationGraph } from "../graph/simulation-graph.js";
import { scopesByBusyState } from "../lock/lock-scopes.js";
import { skippedOf } from "../lock/skipped-output.js";
import type { JobTiming, SimulatedAttempt, Simulation } from "./result.js";
import { unknownJob } from "./scenario.js";
import { simulateError } from "./simulate-error.js";
import type { ExecutionRecord } from "./simulated-execution.js";
import type { SimulationPlan } from "./simulation-plan.js";
import { buildTrace } from "./trace.js";

/** The result of one simulated execution, its times counted from `clockZero` (the simulation's start). */
export function simulationResult<J extends string>(
  plan: SimulationPlan,
  record: ExecutionRecord,
  clockZero: number,
): Simulation<J> {
  const { run } = record;
  const name = plan.workflow;
  if (run.status === "ABORTED") throw new Error(`internal error: simulation of "${name}" was aborted`);
  const { trace, attempts, duration } = buildTrace({
    events: run.events,
    records: record.records,
    services: record.services,
    busyLocks: scopesByBusyState(plan.locks),
    startMs: clockZero,
    startedAt: record.startedAt,
    jobOfState: plan.jobOfState,
    synthetic: plan.executed.synthetic,
    ancestors: plan.executed.ancestors,
  });
  const history = new Map<string, SimulatedAttempt<J>[]>();
  for (const attempt of attempts as SimulatedAttempt<J>[]) {
    const list = history.get(attempt.job) ?? [];
    list.push(attempt);
    history.set(attempt.job, list);
  }
  for (const list of history.values()) list.sort((a, b) => a.attempt - b.attempt);
  const attemptsOf = (job: J): ReadonlyArray<SimulatedAttempt<J>> => {
    if (!plan.jobStates.has(job)) throw unknownJob(String(job), name, plan.jobs);
    return history.get(job) ?? [];
  };
  const skipped = run.status === "SUCCEEDED" ? skippedOf(run.output) : undefined;

  const result: Simulation<J> = Object.freeze({
    workflow: name,
    status: run.status,
    ...(run.status === "FAILED" ? { error: run.error ?? "", cause: run.cause ?? "" } : {}),
    ...(run.status === "SUCCEEDED" ? { output: run.output } : {}),
    duration,
    startedAt: record.startedAt,
    trace: Object.freeze(trace) as Simulation<J>["trace"],
    notifications: Object.freeze([...record.notifications]),
    ...(skipped === undefined ? {} : { skipped }),
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
    graph: (options?: SimulationGraphOptions) =>
      simulationGraph(result, plan.graphSource, plan.jobs, options),
  });
  return result;
}
