import type { ResolvedTask } from "@batchflow/core";
import { fargateRange, type Range, scale } from "./cost-range.js";
import { fireTimesShown } from "./explain-workflow.js";
import type { ListPrices } from "./list-prices.js";
import { billedSeconds, fargateSize } from "./run-cost.js";
import { explainSchedules, type FireTimeJson, type ScheduleExplanation } from "./schedule-explanation.js";

/** Everything `batchflow explain` says about one scheduled task (`task()`); `--json` prints it as it is. */
export interface TaskExplanation {
  readonly task: string;
  readonly description?: string;
  readonly schedules: ReadonlyArray<ScheduleExplanation>;
  readonly next: ReadonlyArray<FireTimeJson>;
  readonly vcpu: number;
  readonly memoryGb: number;
  readonly architecture: "x86_64" | "arm64";
  readonly spot: boolean;
  /** The seconds one run is expected to take: from `--durations`, else the minute Fargate bills at least. */
  readonly expectedSeconds: number;
  /** `minimum`: no duration given, so one billed minute (a task has no timeout to bound it). */
  readonly durations: "durations" | "trace" | "minimum";
  readonly cost: {
    /** One run: at the Spot price at best when it runs on Spot, at the on-demand price at worst. */
    readonly perRun: Range;
    /** The tasks started in the 30 days from `from`, by every schedule. */
    readonly runsPerMonth: number;
    readonly sharedMinutes: number;
    readonly perMonth: Range;
  };
}

export interface ExplainTaskInput {
  readonly task: ResolvedTask;
  /** Seconds from `--durations`, by name, and where they came from. */
  readonly durations?:
    | { readonly source: "durations" | "trace"; readonly seconds: ReadonlyMap<string, number> }
    | undefined;
  readonly from: number;
  readonly prices: ListPrices;
}

/**
 * When a scheduled task starts and what its runs cost. Nothing watches a task once EventBridge
 * started it: there is no timeout, no retry of a failed run and no state machine, so the only bill
 * is Fargate's for as long as it runs.
 */
export async function explainTask(input: ExplainTaskInput): Promise<TaskExplanation> {
  const { task, durations, prices } = input;
  const when = await explainSchedules(task.schedules, input.from, fireTimesShown);
  const { vcpu, memoryGb, architecture, perSecond } = fargateSize(task.container, prices);
  const given = durations?.seconds.get(task.name);
  const expectedSeconds = given ?? prices.fargate.minimumSeconds;
  const spot = task.spot !== undefined;
  const perRun = fargateRange(billedSeconds(expectedSeconds, prices) * perSecond, spot, prices);
  const runsPerMonth = when.runsIn30Days;
  return {
    task: task.name,
    ...(task.description === undefined ? {} : { description: task.description }),
    schedules: when.schedules,
    next: when.next,
    vcpu,
    memoryGb,
    architecture,
    spot,
    expectedSeconds,
    durations: given === undefined || durations === undefined ? "minimum" : durations.source,
    cost: {
      perRun,
      runsPerMonth,
      sharedMinutes: when.sharedMinutesIn30Days,
      perMonth: scale(perRun, runsPerMonth),
    },
  };
}
