import type { ResolvedService } from "@batchflow/core";
import { fargateRange, type Range } from "./cost-range.js";
import type { ListPrices } from "./list-prices.js";
import { fargateSize } from "./run-cost.js";

/** Everything `batchflow explain` says about one service (`service()`); `--json` prints it as it is. */
export interface ServiceExplanation {
  readonly service: string;
  /** The tasks ECS keeps running. */
  readonly desiredCount: number;
  readonly vcpu: number;
  readonly memoryGb: number;
  readonly architecture: "x86_64" | "arm64";
  readonly spot: boolean;
  readonly cost: {
    /** Hours in the 30 days the month's figure counts: its tasks run all the time. */
    readonly hours: number;
    /** Every task for the whole 30 days: at the Spot price at best on Spot, at the on-demand price at worst. */
    readonly perMonth: Range;
  };
}

const hoursIn30Days = 30 * 24;

/**
 * What a service costs: no schedule and no state machine, `desiredCount` Fargate tasks running all
 * the time (ECS replaces one that stops), so 30 days of each. Deployments that start new tasks
 * before the old ones stop (`maximumPercent` over 100) add minutes, not counted.
 */
export function explainService(service: ResolvedService, prices: ListPrices): ServiceExplanation {
  const { vcpu, memoryGb, architecture, perSecond } = fargateSize(service.container, prices);
  const onDemand = service.desiredCount * hoursIn30Days * 3600 * perSecond;
  const spot = service.spot !== undefined;
  return {
    service: service.name,
    desiredCount: service.desiredCount,
    vcpu,
    memoryGb,
    architecture,
    spot,
    cost: {
      hours: hoursIn30Days,
      perMonth: fargateRange(onDemand, spot, prices),
    },
  };
}
