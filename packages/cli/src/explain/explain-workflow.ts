import type { CompiledWorkflow } from "@batchflow/aws";
import { maxRunSeconds, type ResolvedWorkflow } from "@batchflow/core";
import { add, dollars, type Range, scale } from "./cost-range.js";
import type { JobDurations } from "./job-durations.js";
import type { ListPrices } from "./list-prices.js";
import { type MapItems, workflowMaps } from "./map-items.js";
import { type JobCost, jobCosts } from "./run-cost.js";
import { explainSchedules, type FireTimeJson, type ScheduleExplanation } from "./schedule-explanation.js";
import { stateTransitions, type TransitionCount } from "./state-transitions.js";
import { schedulesOf } from "./workflow-schedules.js";

/** Everything `batchflow explain` says about one workflow; `--json` prints it as it is. */
export interface WorkflowExplanation {
  readonly workflow: string;
  readonly description?: string;
  readonly schedules: ReadonlyArray<ScheduleExplanation>;
  /** The next fire times of every schedule together, each with the number of the schedule that fires. */
  readonly next: ReadonlyArray<FireTimeJson>;
  /** Its `map()`s, with the items per run the figures count (1 when not given: figures per item). */
  readonly maps: ReadonlyArray<MapItems>;
  /** Every attempt of every job timing out, every retry pause at its longest, lock waits, the slowest handlers. */
  readonly longestRunSeconds: number;
  readonly stateTransitions: TransitionCount;
  /** Where the expected job durations came from: a `--durations` file, a run trace, or the timeouts. */
  readonly durations: "durations" | "trace" | "timeouts";
  readonly jobs: ReadonlyArray<JobCost>;
  readonly cost: {
    readonly perRun: { readonly stepFunctions: Range; readonly fargate: Range; readonly total: Range };
    /** The executions started in the 30 days from `from`, by every schedule (a shared minute starts one per schedule). */
    readonly runsPerMonth: number;
    /** Minutes among them at which two or more schedules fire. */
    readonly sharedMinutes: number;
    readonly perMonth: { readonly stepFunctions: Range; readonly fargate: Range; readonly total: Range };
  };
}

export interface ExplainInput {
  readonly resolved: ResolvedWorkflow;
  readonly compiled: CompiledWorkflow;
  readonly durations?: JobDurations | undefined;
  readonly from: number;
  readonly prices: ListPrices;
}

/** Fire times shown per schedule. */
export const fireTimesShown = 10;

export async function explainWorkflow(input: ExplainInput): Promise<WorkflowExplanation> {
  const { resolved, compiled, durations, prices } = input;
  const when = await explainSchedules(schedulesOf(resolved), input.from, fireTimesShown);
  const maps = workflowMaps(resolved.body, compiled, durations?.items);
  const transitions = stateTransitions(compiled, maps.itemsOfState);
  const jobs = jobCosts(
    resolved.body,
    (job) => durations?.seconds.get(job.name) ?? job.timeoutSeconds,
    prices,
    maps.itemsOf,
  ).map((j) => ({ ...j, best: dollars(j.best), worst: dollars(j.worst) }));
  const stepFunctions = scale(transitions, prices.stepFunctions.perTransition);
  const fargate = scale({ best: sum(jobs.map((j) => j.best)), worst: sum(jobs.map((j) => j.worst)) }, 1);
  const perRun = { stepFunctions, fargate, total: add(stepFunctions, fargate) };
  const runsPerMonth = when.runsIn30Days;
  return {
    workflow: resolved.name,
    ...(resolved.description === undefined ? {} : { description: resolved.description }),
    schedules: when.schedules,
    next: when.next,
    maps: maps.list,
    longestRunSeconds: maxRunSeconds(resolved.body, maps.itemsOf) + (resolved.lock?.waitSeconds ?? 0),
    stateTransitions: transitions,
    durations: durations === undefined ? "timeouts" : durations.source,
    jobs,
    cost: {
      perRun,
      runsPerMonth,
      sharedMinutes: when.sharedMinutesIn30Days,
      perMonth: {
        stepFunctions: scale(stepFunctions, runsPerMonth),
        fargate: scale(fargate, runsPerMonth),
        total: scale(perRun.total, runsPerMonth),
      },
    },
  };
}

function sum(values: ReadonlyArray<number>): number {
  return values.reduce((a, b) => a + b, 0);
}
