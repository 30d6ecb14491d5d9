import type { NetworkOptions } from "../ir/workflow-options.js";
import type { SourceSite } from "../source/source-site.js";
import type { ResolvedContainer, ResolvedSpot } from "./resolved-workflow.js";

/** Where a Spot service's tasks run: the FARGATE_SPOT item of its capacity-provider strategy. */
export type ServiceSpot = Pick<ResolvedSpot, "base" | "weight" | "mixed">;

/** A service with the project config applied and every option checked. */
export interface ResolvedService {
  readonly name: string;
  readonly cluster: string;
  readonly network: NetworkOptions;
  /** `task` with the service's command and env merged in: what its task definition holds. */
  readonly container: ResolvedContainer;
  readonly desiredCount: number;
  readonly minimumHealthyPercent?: number;
  readonly maximumPercent?: number;
  /** Set when the tasks run on Fargate Spot (the service's `spot`, else its task's). */
  readonly spot?: ServiceSpot;
  readonly site?: SourceSite | undefined;
}
