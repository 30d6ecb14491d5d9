import type { NetworkOptions } from "../ir/workflow-options.js";
import type { SourceSite } from "../source/source-site.js";
import type { ResolvedContainer, ResolvedSchedule, ResolvedSpot } from "./resolved-workflow.js";

/** The target's RetryPolicy, as the user bounded it; AWS's defaults for what is left out. */
export interface ResolvedTaskRetry {
  readonly maximumAttempts?: number;
  readonly maximumEventAgeSeconds?: number;
}

/** A scheduled task with the project config applied and every option checked. */
export interface ResolvedTask {
  readonly name: string;
  readonly description?: string;
  readonly cluster: string;
  readonly network: NetworkOptions;
  /** `task` with the task's size and secrets merged in: what its task definition holds. */
  readonly container: ResolvedContainer;
  /** argv sent as the container override (a string has become `["sh", "-c", command]`); none: the container's own. */
  readonly command?: ReadonlyArray<string>;
  /** Plain environment sent as the container override, sorted by name. */
  readonly env: ReadonlyArray<readonly [string, string]>;
  /** One rule or Scheduler schedule each, in order. */
  readonly schedules: ReadonlyArray<ResolvedSchedule>;
  readonly spot?: ResolvedSpot;
  readonly retry?: ResolvedTaskRetry;
  readonly deadLetterQueue?: string;
  readonly site?: SourceSite | undefined;
}
