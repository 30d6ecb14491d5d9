import { DescribeClustersCommand } from "@aws-sdk/client-ecs";
import { awsCall } from "../aws/aws-call.js";
import type { AwsClients } from "../aws/clients.js";

/** The clusters (names or ARNs) that do not exist or are not ACTIVE. */
export async function missingClusters(
  clients: AwsClients,
  clusters: ReadonlyArray<string>,
): Promise<string[]> {
  const missing: string[] = [];
  for (let i = 0; i < clusters.length; i += 100) {
    const chunk = clusters.slice(i, i + 100);
    const answer = await awsCall(
      { action: "ecs:DescribeClusters", resource: `cluster ${chunk.join(", ")}` },
      () => clients.ecs.send(new DescribeClustersCommand({ clusters: [...chunk] })),
    );
    const gone = new Set([
      ...(answer.failures ?? []).map((f) => nameOf(f.arn ?? "")),
      ...(answer.clusters ?? []).filter((c) => c.status !== "ACTIVE").map((c) => c.clusterName ?? ""),
    ]);
    const found = new Set((answer.clusters ?? []).map((c) => c.clusterName ?? ""));
    for (const c of chunk) if (gone.has(nameOf(c)) || !found.has(nameOf(c))) missing.push(c);
  }
  return missing;
}

function nameOf(cluster: string): string {
  return cluster.startsWith("arn:") ? cluster.slice(cluster.lastIndexOf("/") + 1) : cluster;
}
