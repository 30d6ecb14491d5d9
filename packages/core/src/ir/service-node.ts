import type { SourceSite } from "../source/source-site.js";
import type { ServiceOptions } from "./service-options.js";

/** A resident ECS service: a task definition and the service that keeps its tasks running. */
export interface ServiceNode {
  readonly kind: "service";
  readonly name: string;
  readonly options: ServiceOptions;
  readonly site?: SourceSite | undefined;
}

export const ServiceNode = {
  create(name: string, options: ServiceOptions, site?: SourceSite): ServiceNode {
    return Object.freeze({ kind: "service", name, options: Object.freeze({ ...options }), site });
  },
};
