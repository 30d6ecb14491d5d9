import type { ResolvedSpot } from "@batchflow/core";
import type { JsonValue, State } from "../asl/asl-types.js";
import {
  type SpotCheckNode,
  type SpotFailedNode,
  type SpotInterruptedNode,
  spotErrors,
  spotInterruptionStopCode,
} from "../lower/spot-nodes.js";

/**
 * Where ECS places a Spot job's task: `spot: true` on FARGATE_SPOT alone; `spot: { base, weight }`
 * as the FARGATE_SPOT item next to FARGATE with weight 1. Replaces `LaunchType` (RunTask takes one or
 * the other).
 */
export function capacityProviderStrategy(spot: ResolvedSpot): { CapacityProviderStrategy: JsonValue } {
  if (!spot.mixed) return { CapacityProviderStrategy: [{ CapacityProvider: "FARGATE_SPOT", Weight: 1 }] };
  return {
    CapacityProviderStrategy: [
      {
        CapacityProvider: "FARGATE_SPOT",
        ...(spot.base > 0 ? { Base: spot.base } : {}),
        Weight: spot.weight,
      },
      { CapacityProvider: "FARGATE", Weight: 1 },
    ],
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
