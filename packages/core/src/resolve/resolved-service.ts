import type { NetworkOptions } from "../ir/workflow-options.js";
import type { SourceSite } from "../source/source-site.js";
import type { ResolvedContainer } from "./resolved-workflow.js";

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
  readonly site?: SourceSite | undefined;
}
