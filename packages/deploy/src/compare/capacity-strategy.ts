import type { CapacityProviderStrategyItem as LiveItem, Service } from "@aws-sdk/client-ecs";
import type { CreateServiceInput } from "@batchflow/aws";

/** A strategy item with ECS's defaults filled in (base 0, weight 0), as DescribeServices answers it. */
export interface StrategyItem {
  readonly capacityProvider: string;
  readonly base: number;
  readonly weight: number;
}

/**
 * How a service places its tasks: a launch type, or a capacity-provider strategy. ECS cannot be
 * relied on to move a service between the two in place (docs/deploy.md, "Services on Fargate Spot").
 */
export type ServicePlacement =
  | { readonly kind: "launch-type"; readonly launchType: string }
  | { readonly kind: "strategy"; readonly strategy: ReadonlyArray<StrategyItem> };

/** The placement service.json asks for. */
export function desiredPlacement(input: CreateServiceInput): ServicePlacement {
  return input.capacityProviderStrategy === undefined
    ? { kind: "launch-type", launchType: input.launchType ?? "FARGATE" }
    : { kind: "strategy", strategy: normalStrategy(input.capacityProviderStrategy) };
}

/** The placement of a live service: its strategy when it has one, else its launch type. */
export function livePlacement(service: Service): ServicePlacement {
  const items = service.capacityProviderStrategy ?? [];
  return items.length > 0
    ? { kind: "strategy", strategy: normalStrategy(items) }
    : { kind: "launch-type", launchType: service.launchType ?? "" };
}

/** One line for a plan: `launch type FARGATE` or `capacity providers FARGATE_SPOT (weight 3), FARGATE (weight 1)`. */
export function describePlacement(placement: ServicePlacement): string {
  if (placement.kind === "launch-type") return `launch type ${placement.launchType || "(none)"}`;
  const items = placement.strategy.map(
    (i) => `${i.capacityProvider} (${i.base > 0 ? `base ${i.base}, ` : ""}weight ${i.weight})`,
  );
  return `capacity providers ${items.join(", ")}`;
}

type AnyItem = Pick<LiveItem, "capacityProvider" | "base" | "weight">;

// ECS applies a strategy whatever its order, so the plan compares them sorted by provider.
function normalStrategy(items: ReadonlyArray<AnyItem>): StrategyItem[] {
  return items
    .map((i) => ({ capacityProvider: i.capacityProvider ?? "", base: i.base ?? 0, weight: i.weight ?? 0 }))
    .sort((a, b) => a.capacityProvider.localeCompare(b.capacityProvider));
}
