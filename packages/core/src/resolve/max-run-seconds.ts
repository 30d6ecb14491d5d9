import { assertNever } from "../ir/flow-node.js";
import type { ResolvedFlow, ResolvedJob, ResolvedRetrier } from "./resolved-workflow.js";

/**
 * The longest a resolved flow can run: every attempt of every job timing out, every retry pause at
 * its longest, the slowest catch handler after that, and lock waits; a group's time budget caps what
 * is inside it.
 */
export function maxRunSeconds(flow: ResolvedFlow): number {
  // One catch handler runs at most, then a finally's handler after it.
  const handlers =
    Math.max(0, ...flow.catch.filter((c) => !c.finally).map((c) => maxRunSeconds(c.handler))) +
    sum(flow.catch.filter((c) => c.finally).map((c) => maxRunSeconds(c.handler)));
  switch (flow.kind) {
    case "job":
      return jobSeconds(flow.job) + (flow.lock?.waitSeconds ?? 0) + handlers;
    case "sequence":
      return capped(sum(flow.steps.map(maxRunSeconds)), flow.timeoutSeconds) + handlers;
    case "parallel":
      return capped(Math.max(0, ...flow.branches.map(maxRunSeconds)), flow.timeoutSeconds) + handlers;
    case "map":
      // The number of items is known only at run time: one round of the body is what is certain.
      return capped(maxRunSeconds(flow.body), flow.timeoutSeconds) + handlers;
    default:
      return assertNever(flow);
  }
}

function jobSeconds(job: ResolvedJob): number {
  const retries = sum(job.retry.map((r) => r.maxAttempts));
  return job.timeoutSeconds * (1 + retries) + sum(job.retry.map(pauses));
}

/** Step Functions' pause before retry n is interval × backoff^(n-1), capped by MaxDelaySeconds. */
function pauses(r: ResolvedRetrier): number {
  let total = 0;
  for (let n = 0; n < r.maxAttempts; n++) {
    const pause = r.intervalSeconds * r.backoffRate ** n;
    total += r.maxDelaySeconds === undefined ? pause : Math.min(pause, r.maxDelaySeconds);
  }
  return Math.ceil(total);
}

function capped(seconds: number, budget: number | undefined): number {
  return budget === undefined ? seconds : Math.min(seconds, budget);
}

function sum(values: ReadonlyArray<number>): number {
  return values.reduce((a, b) => a + b, 0);
}
