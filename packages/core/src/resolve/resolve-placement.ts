import type { DiagnosticSink } from "../diagnostics/diagnostic-sink.js";
import type { NetworkOptions, SharedOptions } from "../ir/workflow-options.js";
import type { SourceSite } from "../source/source-site.js";

/** Where Fargate tasks run: the cluster and awsvpc network, or undefined when either is missing. */
export interface Placement {
  readonly cluster: string;
  readonly network: NetworkOptions;
}

/**
 * The cluster and network of a workflow or a service: its own, else the project config's. A missing
 * cluster (BF1211), missing subnets or an id that is not a subnet or security group id (BF1212) is
 * reported at `site`.
 */
export function resolvePlacement(
  own: Pick<SharedOptions, "cluster" | "network">,
  config: Pick<SharedOptions, "cluster" | "network">,
  sink: DiagnosticSink,
  site: SourceSite | undefined,
  owner: "workflow" | "service" | "task" = "workflow",
): Placement | undefined {
  const cluster = own.cluster ?? config.cluster;
  if (typeof cluster !== "string" || cluster === "") {
    sink.report({
      code: "BF1211",
      message: "has no ECS cluster",
      hint: `set cluster: "batch" on the ${owner} or in batchflow.config.ts`,
      site,
    });
  }
  const network = own.network ?? config.network;
  if (!network || !Array.isArray(network.subnets) || network.subnets.length === 0) {
    sink.report({
      code: "BF1212",
      message: "has no network subnets (Fargate tasks run in awsvpc mode)",
      hint: `set network: { subnets: ["subnet-..."], securityGroups: ["sg-..."] } on the ${owner} or in batchflow.config.ts`,
      site,
    });
  }
  let ok = true;
  for (const [field, ids, prefix] of [
    ["subnets", network?.subnets, "subnet-"],
    ["securityGroups", network?.securityGroups, "sg-"],
  ] as const) {
    (Array.isArray(ids) ? ids : []).forEach((id: unknown, i) => {
      if (typeof id === "string" && new RegExp(`^${prefix}[A-Za-z0-9]+$`).test(id)) return;
      ok = false;
      sink.report({
        code: "BF1212",
        message: `network.${field}[${i}] is ${JSON.stringify(id)}, not a ${prefix === "sg-" ? "security group" : "subnet"} id`,
        hint: `write the id as the VPC console shows it, e.g. "${prefix}0123456789abcdef0"`,
        site,
      });
    });
  }
  if (!ok || typeof cluster !== "string" || cluster === "" || !network || network.subnets.length === 0)
    return undefined;
  return { cluster, network };
}
