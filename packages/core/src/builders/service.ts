import { type Branded, brand, isBranded } from "../ir/brand.js";
import { ServiceNode } from "../ir/service-node.js";
import type { ServiceOptions } from "../ir/service-options.js";
import { SourceSite } from "../source/source-site.js";
import { assertOptions } from "../validate/assert-options.js";
import { serviceOptionsShape } from "../validate/shapes/service-options-shape.js";
import { definitionError } from "./definition-error.js";

const nodeKey = Symbol.for("batchflow.service-node");

/** A deployable ECS service. */
export interface Service extends Branded<"service"> {
  readonly name: string;
  readonly [nodeKey]: ServiceNode;
  toNode(): ServiceNode;
}

/**
 * A resident worker: an ECS service on Fargate that keeps `desiredCount` tasks of one container
 * running (no state machine). Export it from a file under `workflows/`, as a workflow, and
 * `batchflow deploy` creates it, updates it (a new task-definition revision, the count) and, with
 * `--prune`, deletes it once it is gone from the sources.
 *
 * @example
 * export const worker = service("ads-worker", {
 *   task: fargate({ image: "000000000000.dkr.ecr.ap-northeast-1.amazonaws.com/batch:production" }),
 *   command: ["make", "worker"],
 *   desiredCount: 2,
 * });
 * // service.json, the CreateService input:
 * // { "serviceName": "ads-worker", "cluster": "batch", "taskDefinition": "ads-worker",
 * //   "desiredCount": 2, "launchType": "FARGATE", "networkConfiguration": { "awsvpcConfiguration": ... } }
 * // With spot: { base: 1, weight: 3 } (or the task's fargate({ spot })), in place of launchType:
 * // "capacityProviderStrategy": [{ "capacityProvider": "FARGATE_SPOT", "base": 1, "weight": 3 },
 * //   { "capacityProvider": "FARGATE", "weight": 1 }]
 */
export function service(name: string, options: ServiceOptions): Service {
  const site = SourceSite.capture();
  if (typeof name !== "string") {
    throw definitionError(
      "BF1230",
      `service() takes a name string first, not ${typeof name}`,
      'write service("name", { task: fargate({ image: "..." }), desiredCount: 1 })',
    );
  }
  if (typeof options !== "object" || options === null) {
    throw definitionError(
      "BF1230",
      `service("${name}") takes an options object second`,
      'write service("name", { task: fargate({ image: "..." }), desiredCount: 1 })',
    );
  }
  assertOptions(options, serviceOptionsShape, `service("${name}") options`);
  const node = ServiceNode.create(name, options, site);
  return Object.freeze({ [brand]: "service" as const, name, [nodeKey]: node, toNode: () => node });
}

/** True for any batchflow service, whichever copy of the package made it. */
export function isService(value: unknown): value is Service {
  return isBranded(value, "service") && typeof (value as Partial<Service>).toNode === "function";
}
