/**
 * The public list prices `batchflow explain` estimates with, in one place, with their region, the
 * month they were read and where. Prices change: update the figures and `asOf` together.
 *
 * Sources:
 * - Step Functions Standard: https://aws.amazon.com/step-functions/pricing/ ("$0.025 per 1,000
 *   state transitions"; US East (N. Virginia) $0.0250; "each retry will be charged as an
 *   additional state transition"; 4,000 free state transitions per month).
 * - Fargate Linux/x86 and Linux/ARM per vCPU-hour and GB-hour, us-east-1:
 *   https://aws.amazon.com/fargate/pricing/ (the figures as quoted for June 2026 by
 *   https://www.factualminds.com/blog/amazon-fargate-ecs-task-pricing-2026/ and, with ARM, by
 *   https://www.vantage.sh/blog/fargate-pricing). Billed per second, with a one-minute minimum.
 * - Fargate Spot: AWS publishes a current Spot price per region that moves with supply and demand,
 *   "up to 70%" below the on-demand price (https://aws.amazon.com/fargate/pricing/). The estimate
 *   takes that 70% for the best case and the on-demand price for the worst (a Spot job falls back
 *   to regular Fargate when Spot has no capacity).
 */
export const listPrices = {
  region: "us-east-1",
  asOf: "2026-06",
  currency: "USD",
  stepFunctions: {
    /** Standard workflows, per state transition ($0.025 per 1,000). */
    perTransition: 0.025 / 1000,
    /** Per account and month, shared by every state machine: not subtracted from the estimate. */
    freeTransitionsPerMonth: 4000,
    source: "https://aws.amazon.com/step-functions/pricing/",
  },
  fargate: {
    x86_64: { perVcpuHour: 0.04048, perGbHour: 0.004445 },
    arm64: { perVcpuHour: 0.03238, perGbHour: 0.00356 },
    /** A task is billed per second from when its image starts downloading, at least one minute. */
    minimumSeconds: 60,
    /** Best case on Fargate Spot: this share of the on-demand price (AWS: "up to 70%" off; it varies). */
    spotShare: 0.3,
    source: "https://aws.amazon.com/fargate/pricing/",
  },
} as const;

export type ListPrices = typeof listPrices;
