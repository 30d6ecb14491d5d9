import { containerSize, jobTaskSize } from "@batchflow/aws";
import {
  assertNever,
  type ResolvedContainer,
  type ResolvedFlow,
  type ResolvedJob,
  type ResolvedMap,
} from "@batchflow/core";
import type { ListPrices } from "./list-prices.js";

/** What one job can cost per run, in dollars. */
export interface JobCost {
  readonly job: string;
  readonly vcpu: number;
  readonly memoryGb: number;
  readonly architecture: "x86_64" | "arm64";
  readonly spot: boolean;
  /** The seconds one run of it is expected to take. */
  readonly expectedSeconds: number;
  /** Runs when everything succeeds (not only in a catch handler). */
  readonly onSuccessPath: boolean;
  /** Attempts at worst: the first and every retry. */
  readonly attempts: number;
  /** Times it runs per run of the workflow: the items of the maps it is in (1 outside maps). */
  readonly runsPerRun: number;
  /** One attempt, expected duration, at the Spot price when it runs on Spot: 0 when it runs only after a failure. */
  readonly best: number;
  /** Every attempt until its timeout, at the on-demand price (a Spot job may fall back to it). */
  readonly worst: number;
}

/**
 * Fargate's bill for each job of a flow, one run at best and at worst; a job inside a map runs
 * once per item (`itemsOf` each map's count).
 */
export function jobCosts(
  body: ResolvedFlow,
  expected: (job: ResolvedJob) => number,
  prices: ListPrices,
  itemsOf: (map: ResolvedMap) => number = () => 1,
): ReadonlyArray<JobCost> {
  return jobsOf(body, true, 1, itemsOf).map(({ job, onSuccessPath, runsPerRun }) => {
    const { vcpu, memoryGb, architecture, perSecond } = fargateSize(job.container, prices, job);
    const spot = job.spot !== undefined;
    const retries = [...job.retry, ...(job.spot?.interruptionRetry ? [job.spot.interruptionRetry] : [])];
    const attempts = 1 + retries.reduce((n, r) => n + r.maxAttempts, 0);
    const expectedSeconds = expected(job);
    return {
      job: job.name,
      vcpu,
      memoryGb,
      architecture,
      spot,
      expectedSeconds,
      onSuccessPath,
      attempts,
      runsPerRun,
      best: onSuccessPath
        ? runsPerRun *
          billedSeconds(expectedSeconds, prices) *
          perSecond *
          (spot ? prices.fargate.spotShare : 1)
        : 0,
      worst: runsPerRun * attempts * billedSeconds(job.timeoutSeconds, prices) * perSecond,
    };
  });
}

/** The seconds Fargate bills for a task that runs `seconds`: whole seconds, one minute at least. */
export function billedSeconds(seconds: number, prices: ListPrices): number {
  return Math.max(prices.fargate.minimumSeconds, Math.ceil(seconds));
}

/** A Fargate task's size, and what a second of it costs on demand. */
export interface FargateSize {
  readonly vcpu: number;
  readonly memoryGb: number;
  readonly architecture: "x86_64" | "arm64";
  readonly perSecond: number;
}

/**
 * The size a task of this container runs at (a job's own cpu and memory, as its overrides set
 * them), as the compiler sizes it, at Fargate's list prices.
 */
export function fargateSize(
  container: ResolvedContainer,
  prices: ListPrices,
  job?: ResolvedJob,
): FargateSize {
  const size = (job && jobTaskSize(job)) ?? containerSize(container);
  const vcpu = size.cpu / 1024;
  const memoryGb = size.memory / 1024;
  const architecture = container.options.architecture ?? "x86_64";
  const rate = prices.fargate[architecture];
  return {
    vcpu,
    memoryGb,
    architecture,
    perSecond: (vcpu * rate.perVcpuHour + memoryGb * rate.perGbHour) / 3600,
  };
}

interface JobRun {
  readonly job: ResolvedJob;
  readonly onSuccessPath: boolean;
  readonly runsPerRun: number;
}

/**
 * Every job of the flow, whether it runs when nothing fails (a `.finally` handler does; a catch
 * handler not), and how many times a run of the workflow runs it (`runs`, times a map's items).
 */
function jobsOf(
  flow: ResolvedFlow,
  onSuccessPath: boolean,
  runs: number,
  itemsOf: (map: ResolvedMap) => number,
): JobRun[] {
  const of = (f: ResolvedFlow, success = onSuccessPath, times = runs) => jobsOf(f, success, times, itemsOf);
  const handlers = flow.catch.flatMap((c) => of(c.handler, onSuccessPath && c.finally));
  switch (flow.kind) {
    case "job":
      return [{ job: flow.job, onSuccessPath, runsPerRun: runs }, ...handlers];
    case "sequence":
      return [...flow.steps.flatMap((s) => of(s)), ...handlers];
    case "parallel":
      return [...flow.branches.flatMap((b) => of(b)), ...handlers];
    case "map":
      return [...of(flow.body, onSuccessPath, runs * itemsOf(flow)), ...handlers];
    default:
      return assertNever(flow);
  }
}
