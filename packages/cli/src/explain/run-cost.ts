import { assertNever, type ResolvedFlow, type ResolvedJob } from "@batchflow/core";
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
  /** One attempt, expected duration, at the Spot price when it runs on Spot: 0 when it runs only after a failure. */
  readonly best: number;
  /** Every attempt until its timeout, at the on-demand price (a Spot job may fall back to it). */
  readonly worst: number;
}

/** Fargate's bill for each job of a flow, one run at best and at worst. */
export function jobCosts(
  body: ResolvedFlow,
  expected: (job: ResolvedJob) => number,
  prices: ListPrices,
): ReadonlyArray<JobCost> {
  return jobsOf(body, true).map(({ job, onSuccessPath }) => {
    const options = job.container.options;
    const vcpu = (job.cpu ?? options.cpu ?? 256) / 1024;
    const memoryGb = (job.memory ?? options.memory ?? 512) / 1024;
    const architecture = options.architecture ?? "x86_64";
    const rate = prices.fargate[architecture];
    const perSecond = (vcpu * rate.perVcpuHour + memoryGb * rate.perGbHour) / 3600;
    const billed = (seconds: number) => Math.max(prices.fargate.minimumSeconds, Math.ceil(seconds));
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
      best: onSuccessPath ? billed(expectedSeconds) * perSecond * (spot ? prices.fargate.spotShare : 1) : 0,
      worst: attempts * billed(job.timeoutSeconds) * perSecond,
    };
  });
}

/** Every job of the flow, and whether it runs when nothing fails (a `.finally` handler does; a catch handler not). */
function jobsOf(
  flow: ResolvedFlow,
  onSuccessPath: boolean,
): Array<{ job: ResolvedJob; onSuccessPath: boolean }> {
  const handlers = flow.catch.flatMap((c) => jobsOf(c.handler, onSuccessPath && c.finally));
  switch (flow.kind) {
    case "job":
      return [{ job: flow.job, onSuccessPath }, ...handlers];
    case "sequence":
      return [...flow.steps.flatMap((s) => jobsOf(s, onSuccessPath)), ...handlers];
    case "parallel":
      return [...flow.branches.flatMap((b) => jobsOf(b, onSuccessPath)), ...handlers];
    default:
      return assertNever(flow);
  }
}
