/** The subset of ECS CreateService input batchflow writes to `service.json` (SDK field names). */
export interface CreateServiceInput {
  readonly serviceName: string;
  /** The cluster's name or ARN, as the user gave it. */
  readonly cluster: string;
  /** The family; deploy sends `family:revision`, the revision it registered or found. */
  readonly taskDefinition: string;
  readonly desiredCount: number;
  /** Regular Fargate; a Spot service has `capacityProviderStrategy` instead (ECS takes one or the other). */
  readonly launchType?: "FARGATE";
  /** Where a Spot service's tasks run: FARGATE_SPOT, with FARGATE next to it for `spot: { base, weight }`. */
  readonly capacityProviderStrategy?: ReadonlyArray<CapacityProviderStrategyItem>;
  readonly platformVersion: "LATEST";
  readonly networkConfiguration: {
    readonly awsvpcConfiguration: {
      readonly subnets: ReadonlyArray<string>;
      readonly securityGroups?: ReadonlyArray<string>;
      readonly assignPublicIp: "ENABLED" | "DISABLED";
    };
  };
  readonly deploymentConfiguration?: {
    readonly minimumHealthyPercent?: number;
    readonly maximumPercent?: number;
  };
  /** The service's tags (batchflow's ownership tags, which deploy adds) go onto the tasks it starts. */
  readonly propagateTags: "SERVICE";
}

/** An item of a service's capacity-provider strategy (ECS's CapacityProviderStrategyItem). */
export interface CapacityProviderStrategyItem {
  readonly capacityProvider: "FARGATE_SPOT" | "FARGATE";
  /** Tasks placed on this provider before weights apply; ECS's default 0 is left out. */
  readonly base?: number;
  readonly weight: number;
}
