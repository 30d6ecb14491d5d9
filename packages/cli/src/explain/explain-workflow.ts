import type { CompiledWorkflow } from "@batchflow/aws";
import { maxRunSeconds, type ResolvedWorkflow } from "@batchflow/core";
import type { JobDurations } from "./job-durations.js";
import type { ListPrices } from "./list-prices.js";
import { type JobCost, jobCosts } from "./run-cost.js";
import { explainSchedule, type ScheduleExplanation } from "./schedule-explanation.js";
import { stateTransitions, type TransitionCount } from "./state-transitions.js";
import { schedulesOf } from "./workflow-schedules.js";

/** Dollars at best and at worst. */
export interface Range {
  readonly best: number;
  readonly worst: number;
}

/** Everything `batchflow explain` says about one workflow; `--json` prints it as it is. */
export interface WorkflowExplanation {
  readonly workflow: string;
  readonly description?: string;
  readonly schedules: ReadonlyArray<ScheduleExplanation>;
  /** Every attempt of every job timing out, every retry pause at its longest, lock waits, the slowest handlers. */
  readonly longestRunSeconds: number;
  readonly stateTransitions: TransitionCount;
  /** Where the expected job durations came from: a `--durations` file, a run trace, or the timeouts. */
  readonly durations: "durations" | "trace" | "timeouts";
  readonly jobs: ReadonlyArray<JobCost>;
  readonly cost: {
    readonly perRun: { readonly stepFunctions: Range; readonly fargate: Range; readonly total: Range };
    /** The runs in the 30 days from `from`, of every schedule. */
    readonly runsPerMonth: number;
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
  const schedules = await Promise.all(
    schedulesOf(resolved).map((s) => explainSchedule(s, input.from, fireTimesShown)),
  );
  const transitions = stateTransitions(compiled);
  const jobs = jobCosts(
    resolved.body,
    (job) => durations?.seconds.get(job.name) ?? job.timeoutSeconds,
    prices,
  ).map((j) => ({ ...j, best: dollars(j.best), worst: dollars(j.worst) }));
  const stepFunctions = scale(transitions, prices.stepFunctions.perTransition);
  const fargate = scale({ best: sum(jobs.map((j) => j.best)), worst: sum(jobs.map((j) => j.worst)) }, 1);
  const perRun = { stepFunctions, fargate, total: add(stepFunctions, fargate) };
  const runsPerMonth = sum(schedules.map((s) => s.runsIn30Days));
  return {
    workflow: resolved.name,
    ...(resolved.description === undefined ? {} : { description: resolved.description }),
    schedules,
    longestRunSeconds: maxRunSeconds(resolved.body) + (resolved.lock?.waitSeconds ?? 0),
    stateTransitions: transitions,
    durations: durations === undefined ? "timeouts" : durations.source,
    jobs,
    cost: {
      perRun,
      runsPerMonth,
      perMonth: {
        stepFunctions: scale(stepFunctions, runsPerMonth),
        fargate: scale(fargate, runsPerMonth),
        total: scale(perRun.total, runsPerMonth),
      },
    },
  };
}

function scale(range: Range, factor: number): Range {
  return { best: dollars(range.best * factor), worst: dollars(range.worst * factor) };
}

function add(a: Range, b: Range): Range {
  return { best: dollars(a.best + b.best), worst: dollars(a.worst + b.worst) };
}

/** To the millionth of a dollar: what the prices carry, without binary noise in the JSON. */
function dollars(amount: number): number {
  return Math.round(amount * 1e6) / 1e6;
}

function sum(values: ReadonlyArray<number>): number {
  return values.reduce((a, b) => a + b, 0);
}
