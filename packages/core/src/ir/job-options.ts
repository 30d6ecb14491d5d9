import type { Flow } from "../builders/flow.js";
import type { DurationInput } from "../duration/duration.js";
import type { ContainerSpec } from "./container-spec.js";
import type { EnvValue, InputRef, ItemRef } from "./env-value.js";
import type { LockOptions } from "./lock-options.js";
import type { SpotInput } from "./spot-options.js";

/**
 * A job's command: argv (no shell), or one string run through `sh -c`. An argument may be read at
 * run time: `input("date")`, or `item("$.id")` inside a `map()`.
 */
export type Command = ReadonlyArray<string | InputRef | ItemRef> | string;

/** A container's own command, written into the task definition: only what is known when compiling. */
export type ContainerCommand = ReadonlyArray<string> | string;

/** What `job(name, options)` takes; anything not given comes from the workflow's `defaults`, then the project config. */
export interface JobOptions {
  /** The container to run, from `fargate({...})`. */
  readonly task?: ContainerSpec;
  /** The command, as an override of the container's. */
  readonly command?: Command;
  /** Environment added to the container's, as overrides. */
  readonly env?: Readonly<Record<string, EnvValue>>;
  /** Task CPU units for this job only (a task-level override). */
  readonly cpu?: number;
  /** Task memory in MiB for this job only (a task-level override). */
  readonly memory?: number;
  /** Hard time limit of one attempt. ASL: `TimeoutSeconds`. */
  readonly timeout?: DurationInput;
  /**
   * The jobs this one runs after, as the flows `job(...)` returned. Inside a `dag(...)` they decide
   * its order; elsewhere they are checked to end before this job starts.
   */
  readonly after?: ReadonlyArray<Flow>;
  /**
   * The job hands a JSON result on (for `map()` to iterate over): it runs as ECS
   * `runTask.waitForTaskToken` and sends its result with `SendTaskSuccess` (the `batchflow-output`
   * helper does it for a command's stdout). See docs/design/job-output.md.
   */
  readonly output?: boolean;
  /** Run this job (its retries and catch handlers included) only while holding this lock. */
  readonly lock?: LockOptions;
  /** Run on Fargate Spot (see `fargate({ spot })`); `false` runs on regular Fargate. Default: `defaults.spot`, then the container's. */
  readonly spot?: SpotInput;
}
