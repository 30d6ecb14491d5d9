import type { DurationInput } from "../duration/duration.js";
import type { Branded } from "./brand.js";
import type { SharedOptions } from "./workflow-options.js";

/** `batchflow.config.ts`: where workflows are, where output goes, and project-wide defaults. */
export interface BatchflowConfigInput extends SharedOptions {
  /**
   * The project's name on AWS: deploy tags everything it creates with `batchflow:project` = this
   * name and only ever changes or deletes what carries it. Default: the `name` in package.json,
   * else the project directory's name.
   */
  readonly project?: string;
  /** Globs of workflow files, relative to the config file. Default `["workflows/**\/*.{ts,mts}"]`. */
  readonly workflows?: ReadonlyArray<string>;
  /** Output directory. Default `"dist/batchflow"`. */
  readonly out?: string;
  /** Timeout of a job that sets none anywhere. Default `"1h"`: no job runs forever by accident. */
  readonly defaultTimeout?: DurationInput;
  /** The DynamoDB table locks live in. Default `"batchflow-locks"`; deploy creates it when missing. */
  readonly lockTable?: string;
  /** How `batchflow run` runs jobs on this machine. */
  readonly local?: LocalRunOptions;
}

/** Settings of local runs (`batchflow run`). */
export interface LocalRunOptions {
  /** Working directory of every job, relative to the config file. Default: the project root. */
  readonly cwd?: string;
  /** A `.env`-style file the values of secrets are read from (besides the environment). Default `".env"`. */
  readonly envFile?: string;
  /** Time between SIGTERM and SIGKILL when a job is stopped, for tasks that set no stopTimeout of their own. Default `"30s"`. */
  readonly stopTimeout?: DurationInput;
}

export interface BatchflowConfig extends BatchflowConfigInput, Branded<"config"> {}
