/** The subset of ECS RegisterTaskDefinition input batchflow writes (SDK field names). */
export interface KeyValuePair {
  readonly name: string;
  readonly value: string;
}

export interface SecretEntry {
  readonly name: string;
  readonly valueFrom: string;
}

export interface ContainerDefinition {
  readonly name: string;
  readonly image: string;
  readonly essential: true;
  readonly command?: ReadonlyArray<string>;
  readonly environment?: ReadonlyArray<KeyValuePair>;
  readonly secrets?: ReadonlyArray<SecretEntry>;
  readonly stopTimeout?: number;
  readonly logConfiguration?: {
    readonly logDriver: "awslogs";
    readonly options: Readonly<Record<string, string>>;
  };
}

export interface RegisterTaskDefinitionInput {
  readonly family: string;
  readonly requiresCompatibilities: ReadonlyArray<"FARGATE">;
  readonly networkMode: "awsvpc";
  readonly cpu: string;
  readonly memory: string;
  readonly runtimePlatform: {
    readonly cpuArchitecture: "X86_64" | "ARM64";
    readonly operatingSystemFamily: "LINUX";
  };
  readonly ephemeralStorage?: { readonly sizeInGiB: number };
  readonly executionRoleArn: string;
  readonly taskRoleArn?: string;
  readonly containerDefinitions: ReadonlyArray<ContainerDefinition>;
}
