/** The subset of ECS CreateService input batchflow writes to `service.json` (SDK field names). */
export interface CreateServiceInput {
  readonly serviceName: string;
  /** The cluster's name or ARN, as the user gave it. */
  readonly cluster: string;
  /** The family; deploy sends `family:revision`, the revision it registered or found. */
  readonly taskDefinition: string;
  readonly desiredCount: number;
  readonly launchType: "FARGATE";
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
