import type { DurationInput } from "../duration/duration.js";
import type { SourceSite } from "../source/source-site.js";
import type { Branded } from "./brand.js";
import type { SecretRef } from "./env-value.js";
import type { ContainerCommand } from "./job-options.js";
import type { SpotInput } from "./spot-options.js";

export type CpuArchitecture = "x86_64" | "arm64";

/** What `fargate()` takes: one container and the task around it. */
export interface FargateOptions {
  /** Container image, e.g. `"000000000000.dkr.ecr.ap-northeast-1.amazonaws.com/batch:production"`. */
  readonly image: string;
  /** Task CPU units: 256, 512, 1024, 2048, 4096, 8192 or 16384. Default 256. */
  readonly cpu?: number;
  /** Task memory in MiB, valid for the CPU size (Fargate's table). Default 512. */
  readonly memory?: number;
  /** Default `"x86_64"`. */
  readonly architecture?: CpuArchitecture;
  /** Ephemeral storage in GiB, 21-200. Fargate's default of 20 GiB when not given. */
  readonly ephemeralStorage?: number;
  /** The container's command, e.g. `["make", "run"]`; jobs may override it. */
  readonly command?: ContainerCommand;
  /**
   * Environment baked into the task definition; secrets become `secrets[].valueFrom`. No
   * `input()` or `item()`: a task definition is registered before any run (a job's `env` takes them).
   */
  readonly env?: Readonly<Record<string, string | SecretRef>>;
  /** Task definition family. Default: derived from the workflow name. */
  readonly family?: string;
  /** Container name inside the task definition. Default `"main"`. */
  readonly container?: string;
  /** Execution role ARN (pulls the image, writes logs, reads secrets). Default: a per-workflow role. */
  readonly executionRole?: string;
  /** Task role ARN, the permissions of the job's own code. Default: none. */
  readonly taskRole?: string;
  /** CloudWatch Logs group for the awslogs driver, or `false` for no log configuration. Default `/batchflow/<workflow>`. */
  readonly logGroup?: string | false;
  /** Time between SIGTERM and SIGKILL when a task is stopped (2-120 s). ECS's default of 30 s when not given. */
  readonly stopTimeout?: DurationInput;
  /**
   * Run the jobs of this container on Fargate Spot (`CapacityProviderStrategy` instead of
   * `LaunchType`), falling back to regular Fargate when Spot has no capacity, with interrupted runs
   * retried by the infrastructure retry preset. Jobs and `defaults` may override it. Default false.
   */
  readonly spot?: SpotInput;
}

export interface ContainerSpec extends Branded<"container"> {
  readonly kind: "fargate";
  readonly options: FargateOptions;
  readonly site?: SourceSite | undefined;
}
