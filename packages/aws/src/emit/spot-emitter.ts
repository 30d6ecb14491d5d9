import type { ResolvedSpot, ServiceSpot } from "@batchflow/core";
import type { JsonValue, State } from "../asl/asl-types.js";
import {
  type SpotCheckNode,
  type SpotFailedNode,
  type SpotInterruptedNode,
  spotErrors,
  spotInterruptionStopCode,
} from "../lower/spot-nodes.js";

/** One item of a capacity-provider strategy, as RunTask (in ASL) and CreateService take it. */
export interface SpotStrategyItem {
  readonly provider: "FARGATE_SPOT" | "FARGATE";
  readonly base?: number;
  readonly weight: number;
}

/**
 * Where ECS places a Spot job's or service's tasks: `spot: true` on FARGATE_SPOT alone;
 * `spot: { base, weight }` as the FARGATE_SPOT item next to FARGATE with weight 1. Replaces the
 * launch type (RunTask and CreateService take one or the other).
 */
export function spotStrategy(spot: ServiceSpot): ReadonlyArray<SpotStrategyItem> {
  if (!spot.mixed) return [{ provider: "FARGATE_SPOT", weight: 1 }];
  return [
    { provider: "FARGATE_SPOT", ...(spot.base > 0 ? { base: spot.base } : {}), weight: spot.weight },
    { provider: "FARGATE", weight: 1 },
  ];
}

/** `spotStrategy` as the `CapacityProviderStrategy` of a RunTask Task state. */
export function capacityProviderStrategy(spot: ResolvedSpot): { CapacityProviderStrategy: JsonValue } {
  return {
    CapacityProviderStrategy: spotStrategy(spot).map((item) => ({
      CapacityProvider: item.provider,
      ...(item.base === undefined ? {} : { Base: item.base }),
      Weight: item.weight,
    })),
  };
}

/**
 * The stopped task's description is the cause, as a JSON string; a pattern reads its `StopCode`
 * without parsing it, so a cause that is not JSON cannot make the check itself fail.
 */
export function emitSpotCheck(node: SpotCheckNode): State {
  const cause = `${node.errorPath}.Cause`;
  return {
    Type: "Choice",
    Choices: [
      {
        Or: [
          { Variable: cause, StringMatches: `*"StopCode":"${spotInterruptionStopCode}"*` },
          { Variable: cause, StringMatches: `*"StopCode": "${spotInterruptionStopCode}"*` },
        ],
        Next: node.interrupted,
      },
    ],
    Default: node.failed,
  };
}

export function emitSpotInterrupted(node: SpotInterruptedNode): State {
  return { Type: "Fail", Error: spotErrors.interrupted, CausePath: `${node.errorPath}.Cause` };
}

export function emitSpotFailed(node: SpotFailedNode): State {
  return { Type: "Fail", Error: spotErrors.failed, CausePath: `${node.errorPath}.Cause` };
}
