import type { DurationInput } from "../duration/duration.js";
import type { Branded } from "./brand.js";
import type { SharedOptions } from "./workflow-options.js";

/** `batchflow.config.ts`: where workflows are, where output goes, and project-wide defaults. */
export interface BatchflowConfigInput extends SharedOptions {
  /** Globs of workflow files, relative to the config file. Default `["workflows/**\/*.ts"]`. */
  readonly workflows?: ReadonlyArray<string>;
  /** Output directory. Default `"dist/batchflow"`. */
  readonly out?: string;
  /** Timeout of a job that sets none anywhere. Default `"1h"`: no job runs forever by accident. */
  readonly defaultTimeout?: DurationInput;
}

export interface BatchflowConfig extends BatchflowConfigInput, Branded<"config"> {}
