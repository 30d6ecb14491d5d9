import { assertNever } from "../ir/flow-node.js";
import type { ResolvedFlow, ResolvedJob, ResolvedMap, ResolvedRetrier } from "./resolved-workflow.js";

/** Items a map runs at once without `concurrency`: an inline Map runs at most 40, a distributed one 10,000. */
const defaultConcurrency = { inline: 40, distributed: 10_000 };

/**
 * The longest a resolved flow can run: every attempt of every job timing out, every retry pause at
 * its longest, the slowest catch handler after that, and lock waits; a group's time budget caps what
 * is inside it. A map runs its body in rounds of `concurrency` items; its items are known only at
 * run time, so `itemsOf` may say how many to count (the lock lease counts one round).
 */
export function maxRunSeconds(flow: ResolvedFlow, itemsOf?: (map: ResolvedMap) => number): number {
  const of = (f: ResolvedFlow) => maxRunSeconds(f, itemsOf);
  // One catch handler runs at most, then a finally's handler after it.
  const handlers =
    Math.max(0, ...flow.catch.filter((c) => !c.finally).map((c) => of(c.handler))) +
    sum(flow.catch.filter((c) => c.finally).map((c) => of(c.handler)));
  switch (flow.kind) {
    case "job":
      return jobSeconds(flow.job) + (flow.lock?.waitSeconds ?? 0) + handlers;
    case "sequence":
      return capped(sum(flow.steps.map(of)), flow.timeoutSeconds) + handlers;
    case "parallel":
      return capped(Math.max(0, ...flow.branches.map(of)), flow.timeoutSeconds) + handlers;
    case "map":
      // Without `itemsOf`, one round of the body: what is certain before the items are known.
      return capped(rounds(flow, itemsOf) * of(flow.body), flow.timeoutSeconds) + handlers;
    default:
      return assertNever(flow);
  }
}

function rounds(map: ResolvedMap, itemsOf: ((map: ResolvedMap) => number) | undefined): number {
  if (itemsOf === undefined) return 1;
  const atOnce =
    map.concurrency ?? (map.distributed ? defaultConcurrency.distributed : defaultConcurrency.inline);
  return Math.max(1, Math.ceil(itemsOf(map) / atOnce));
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
