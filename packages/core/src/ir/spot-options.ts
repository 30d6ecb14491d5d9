/**
 * Fargate Spot for a job: `true`, or the FARGATE_SPOT item of the capacity-provider strategy.
 * `false` (on a job, or in `defaults`) runs on regular Fargate even when the container says spot.
 */
export type SpotInput = boolean | SpotOptions;

/**
 * How ECS places a job's task between FARGATE_SPOT and FARGATE, as the FARGATE_SPOT item of the
 * strategy next to `{ capacityProvider: "FARGATE", weight: 1 }` (docs/dsl.md, "Fargate Spot").
 */
export interface SpotOptions {
  /** Tasks of one RunTask call placed on Spot before weights apply (0-100000). A job starts one task, so 1 means every run. Default 0. */
  readonly base?: number;
  /** Spot's weight against FARGATE's 1 once `base` is met (0-1000): 3 places about three runs in four on Spot. Default 1. */
  readonly weight?: number;
}
