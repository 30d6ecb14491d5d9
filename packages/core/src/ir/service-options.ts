import type { ContainerSpec } from "./container-spec.js";
import type { SecretRef } from "./env-value.js";
import type { ContainerCommand } from "./job-options.js";
import type { SpotInput } from "./spot-options.js";
import type { NetworkOptions } from "./workflow-options.js";

/** What `service(name, options)` takes: an ECS service on Fargate that keeps `desiredCount` tasks running. */
export interface ServiceOptions {
  /** The container every task of the service runs: `fargate({ image, cpu, memory })`. */
  readonly task: ContainerSpec;
  /** Tasks ECS keeps running: 0 (the service is kept, stopped) to 5,000. */
  readonly desiredCount: number;
  /** The container's command; default: the one of `task`. */
  readonly command?: ContainerCommand;
  /** Environment added to `task`'s (plain strings, or secrets as `secrets[].valueFrom`). */
  readonly env?: Readonly<Record<string, string | SecretRef>>;
  /** ECS cluster name or ARN; default: the project config's `cluster`. */
  readonly cluster?: string;
  /** The awsvpc network of the tasks; default: the project config's `network`. */
  readonly network?: NetworkOptions;
  /** Lower limit of running tasks during a deployment, in % of desiredCount (0-100). ECS's default: 100. */
  readonly minimumHealthyPercent?: number;
  /** Upper limit of running tasks during a deployment, in % of desiredCount (100-200). ECS's default: 200. */
  readonly maximumPercent?: number;
  /**
   * Run the tasks on Fargate Spot (see `fargate({ spot })`): the service is created with a
   * capacity-provider strategy instead of the FARGATE launch type, and ECS replaces an interrupted
   * task by itself. `false` runs on regular Fargate even when `task` says spot. Default: `task`'s.
   */
  readonly spot?: SpotInput;
}
