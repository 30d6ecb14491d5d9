/** What one ECS `runTask.sync` Task state asks for, read from its evaluated `Parameters`. */
export interface RunTaskRequest {
  readonly cluster: string;
  /** The task definition family (deploy pins `family:revision`; both forms are read). */
  readonly family: string;
  readonly container: string;
  /** argv from the container override. */
  readonly command: ReadonlyArray<string>;
  /** Environment from the container override, `input(...)` values already resolved. */
  readonly environment: Readonly<Record<string, string>>;
  readonly cpu?: string;
  readonly memory?: string;
  /** The task group (`batchflow:<job>`), which ECS reports back in the stopped task's description. */
  readonly group?: string;
  /** A Spot job's run: the capacity providers of its strategy (`FARGATE_SPOT`, `FARGATE`); absent with `LaunchType`. */
  readonly capacityProviders?: ReadonlyArray<string>;
}

/**
 * Reads the request out of a Task state's evaluated Parameters. The interpreter has resolved
 * `"Value.$"` paths by then, so input references arrive as plain values.
 */
export function parseRunTaskRequest(parameters: unknown): RunTaskRequest {
  const p = (parameters ?? {}) as {
    Cluster?: string;
    TaskDefinition?: string;
    Group?: string;
    CapacityProviderStrategy?: Array<{ CapacityProvider?: string }>;
    Overrides?: {
      ContainerOverrides?: Array<{
        Name?: string;
        Command?: string[];
        Environment?: Array<{ Name: string; Value: unknown }>;
      }>;
      Cpu?: string;
      Memory?: string;
    };
  };
  const override = p.Overrides?.ContainerOverrides?.[0] ?? {};
  const environment: Record<string, string> = {};
  for (const { Name, Value } of override.Environment ?? [])
    environment[Name] = typeof Value === "string" ? Value : JSON.stringify(Value);
  const family = (p.TaskDefinition ?? "").replace(/^.*task-definition\//, "").replace(/:\d+$/, "");
  return {
    cluster: p.Cluster ?? "",
    family,
    container: override.Name ?? "main",
    command: override.Command ?? [],
    environment,
    ...(p.Overrides?.Cpu === undefined ? {} : { cpu: p.Overrides.Cpu }),
    ...(p.Overrides?.Memory === undefined ? {} : { memory: p.Overrides.Memory }),
    ...(typeof p.Group === "string" ? { group: p.Group } : {}),
    ...(Array.isArray(p.CapacityProviderStrategy)
      ? { capacityProviders: p.CapacityProviderStrategy.map((item) => String(item.CapacityProvider)) }
      : {}),
  };
}
