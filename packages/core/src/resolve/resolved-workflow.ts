import type { FargateOptions } from "../ir/container-spec.js";
import type { EnvValue, ValueRef } from "../ir/env-value.js";
import type { NotifyEvent } from "../ir/notify-options.js";
import type { NetworkOptions, RoleOptions } from "../ir/workflow-options.js";
import type { SourceSite } from "../source/source-site.js";

/** A retrier with every default applied and every duration in whole seconds. */
export interface ResolvedRetrier {
  readonly errors: ReadonlyArray<string>;
  readonly intervalSeconds: number;
  readonly maxAttempts: number;
  readonly backoffRate: number;
  readonly maxDelaySeconds?: number;
  readonly jitter?: "FULL" | "NONE";
}

/** A container spec after merging; `key` is equal for equal specs, so equal specs share a family. */
export interface ResolvedContainer {
  readonly key: string;
  readonly options: FargateOptions;
  /** Set when a job's own secrets extended its container: the job that did. */
  readonly extendedBy?: string;
  /** The fargate(...) call, where problems with the task's size or settings are shown. */
  readonly site?: SourceSite | undefined;
}

export interface ResolvedJob {
  readonly name: string;
  readonly container: ResolvedContainer;
  /**
   * argv; a string command has become `["sh", "-c", command]`. Values read at run time carry their
   * path in the state's input (inside a map: `$.batchflowItem...`, `$.batchflowInput...`).
   */
  readonly command: ReadonlyArray<string | ValueRef>;
  /** Overrides on top of the container's environment, sorted by name. */
  readonly env: ReadonlyArray<readonly [string, string | ValueRef]>;
  /**
   * `output: true`: the job runs as `runTask.waitForTaskToken` and its JSON result is put at this
   * path of the state's input (`$.batchflowOutput.<job>`).
   */
  readonly output?: string;
  readonly cpu?: number;
  readonly memory?: number;
  readonly timeoutSeconds: number;
  readonly retry: ReadonlyArray<ResolvedRetrier>;
  /** Runs on Fargate Spot; left out for a job on regular Fargate. */
  readonly spot?: ResolvedSpot;
  readonly site?: SourceSite | undefined;
}

/**
 * A Spot job: where ECS places its task, and how batchflow's states around it fall back to regular
 * Fargate and retry interruptions (docs/dsl.md, "Fargate Spot").
 */
export interface ResolvedSpot {
  /** The FARGATE_SPOT item of the strategy; with `weight` 0 and `base` 0 it would never be used (BF1240). */
  readonly base: number;
  readonly weight: number;
  /** Whether the strategy also names FARGATE (weight 1): `spot: { ... }`; `spot: true` names FARGATE_SPOT only. */
  readonly mixed: boolean;
  /** The user's own retriers of the job, without the infrastructure preset: the retries of a run on Spot. */
  readonly retry: ReadonlyArray<ResolvedRetrier>;
  /** The infrastructure retry preset, which retries an interrupted run; none when it is off. */
  readonly interruptionRetry?: ResolvedRetrier;
}

export interface ResolvedCatch {
  readonly errors: ReadonlyArray<string>;
  readonly handler: ResolvedFlow;
  /** Fail again with the caught error after the handler. */
  readonly rethrow: boolean;
  /** `.finally()`: the handler runs after a success too (the last catch, `States.ALL`, rethrowing). */
  readonly finally: boolean;
}

interface ResolvedBase {
  readonly catch: ReadonlyArray<ResolvedCatch>;
}

export interface ResolvedJobStep extends ResolvedBase {
  readonly kind: "job";
  readonly job: ResolvedJob;
  /** The job, its retries and catch handlers run only while holding this lock. */
  readonly lock?: ResolvedLock;
}

/** A lock with every default applied, durations in whole seconds. */
export interface ResolvedLock {
  readonly name: string;
  /** The DynamoDB table it lives in. */
  readonly table: string;
  readonly waitSeconds: number;
  readonly onBusy: "skip" | "fail";
  readonly pollSeconds: number;
  readonly site?: SourceSite | undefined;
}

export type ResolvedWebhook =
  | { readonly kind: "url"; readonly url: string }
  | { readonly kind: "secret"; readonly arn: string };

export interface ResolvedNotify {
  readonly slack?: {
    readonly webhook: ResolvedWebhook;
    readonly successChannel?: string;
    readonly failureChannel?: string;
  };
  readonly snsTopic?: string;
  /** In a fixed order: failure, timeout, success. */
  readonly on: ReadonlyArray<NotifyEvent>;
}

export interface ResolvedSequence extends ResolvedBase {
  readonly kind: "sequence";
  readonly steps: ReadonlyArray<ResolvedFlow>;
  /** A time budget for the whole group. */
  readonly timeoutSeconds?: number;
}

export interface ResolvedParallel extends ResolvedBase {
  readonly kind: "parallel";
  readonly branches: ReadonlyArray<ResolvedFlow>;
  readonly timeoutSeconds?: number;
}

/** Where a map's items are: a list at a path of the state's input, or an S3 listing. */
export type ResolvedMapItems =
  | { readonly kind: "path"; readonly path: string }
  | { readonly kind: "s3"; readonly bucket: string; readonly prefix?: string };

export type ToleratedFailure =
  | { readonly kind: "count"; readonly count: number }
  | { readonly kind: "percentage"; readonly percentage: number };

/** `map(items, body)`: the body once per item. */
export interface ResolvedMap extends ResolvedBase {
  readonly kind: "map";
  readonly items: ResolvedMapItems;
  /** Where the map reads the execution input to hand each item: `$`, or `$.batchflowInput` in a map. */
  readonly inputPath: string;
  readonly body: ResolvedFlow;
  /** ASL `MaxConcurrency`; absent: as many as Step Functions allows. */
  readonly concurrency?: number;
  readonly distributed: boolean;
  readonly toleratedFailure?: ToleratedFailure;
  /** A time budget for the whole map. */
  readonly timeoutSeconds?: number;
  readonly site?: SourceSite | undefined;
}

/** The flow the user meant, with defaults applied and policies pushed to where they act. */
export type ResolvedFlow = ResolvedJobStep | ResolvedSequence | ResolvedParallel | ResolvedMap;

export interface ResolvedSchedule {
  readonly kind: "cron" | "rate" | "aws-cron";
  /** The AWS form: `cron(35 * * * ? *)` or `rate(1 hour)`. */
  readonly expression: string;
  /** The user's form, kept for descriptions. */
  readonly source: string;
  readonly timezone?: string;
  /** Where `cron()`, `rate()` or `awsCron()` was called. */
  readonly site?: SourceSite | undefined;
}

export interface ResolvedWorkflow {
  readonly name: string;
  readonly description?: string;
  readonly cluster: string;
  readonly network: NetworkOptions;
  /** Each starts the workflow: one rule or Scheduler schedule each, in the order given; empty without. */
  readonly schedules: ReadonlyArray<ResolvedSchedule>;
  readonly input: Readonly<Record<string, unknown>>;
  readonly roles: RoleOptions;
  readonly body: ResolvedFlow;
  /** Guards the whole body. */
  readonly lock?: ResolvedLock;
  readonly notify?: ResolvedNotify;
  /** Every job, in definition order. */
  readonly jobs: ReadonlyArray<ResolvedJob>;
  /** Where `workflow()` was called: where a problem of its own options (roles, cluster) points. */
  readonly site?: SourceSite | undefined;
}

export type { EnvValue };
