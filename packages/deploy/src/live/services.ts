import {
  DescribeServicesCommand,
  ListClustersCommand,
  ListServicesCommand,
  type Service,
} from "@aws-sdk/client-ecs";
import { awsCall, awsFind } from "../aws/aws-call.js";
import type { AwsClients } from "../aws/clients.js";
import { type Tags, tagsFrom } from "../tags.js";
import { notFound } from "./not-found.js";

export interface LiveService {
  readonly name: string;
  readonly arn: string;
  /** The cluster's name (from its ARN). */
  readonly cluster: string;
  /** ACTIVE, or DRAINING while ECS deletes it (an INACTIVE service counts as gone). */
  readonly status: string;
  readonly service: Service;
  readonly tags: Tags;
}

/** The service `name` of `cluster` with its tags, or undefined when there is none (or the cluster is missing). */
export async function readService(
  clients: AwsClients,
  cluster: string,
  name: string,
  owner?: string,
): Promise<LiveService | undefined> {
  const answer = await awsFind(
    { action: "ecs:DescribeServices", resource: `service ${name} of cluster ${cluster}`, workflow: owner },
    notFound.cluster,
    () => clients.ecs.send(new DescribeServicesCommand({ cluster, services: [name], include: ["TAGS"] })),
  );
  return answer?.services?.map(liveService).find((s) => s !== undefined && s.name === name);
}

/**
 * Every ACTIVE or DRAINING service of the account and region, across all clusters: ListClusters,
 * then ListServices and DescribeServices (10 at a time, with tags) per cluster.
 */
export async function listServices(clients: AwsClients, limit: number): Promise<LiveService[]> {
  const clusters = await pages((token) =>
    awsCall({ action: "ecs:ListClusters", resource: "clusters" }, async () => {
      const page = await clients.ecs.send(
        new ListClustersCommand({ ...(token ? { nextToken: token } : {}) }),
      );
      return { items: page.clusterArns ?? [], next: page.nextToken };
    }),
  );
  const found: LiveService[] = [];
  for (let i = 0; i < clusters.length; i += limit) {
    const lists = await Promise.all(
      clusters.slice(i, i + limit).map(async (cluster) => {
        const arns = await pages((token) =>
          awsCall({ action: "ecs:ListServices", resource: `services of cluster ${cluster}` }, async () => {
            const page = await clients.ecs.send(
              new ListServicesCommand({ cluster, maxResults: 100, ...(token ? { nextToken: token } : {}) }),
            );
            return { items: page.serviceArns ?? [], next: page.nextToken };
          }),
        );
        const services: LiveService[] = [];
        for (let j = 0; j < arns.length; j += 10) {
          const answer = await awsCall(
            { action: "ecs:DescribeServices", resource: `services of cluster ${cluster}` },
            () =>
              clients.ecs.send(
                new DescribeServicesCommand({ cluster, services: arns.slice(j, j + 10), include: ["TAGS"] }),
              ),
          );
          for (const s of answer.services ?? []) {
            const live = liveService(s);
            if (live) services.push(live);
          }
        }
        return services;
      }),
    );
    found.push(...lists.flat());
  }
  return found;
}

function liveService(s: Service): LiveService | undefined {
  if (!s.serviceName || !s.serviceArn || s.status === "INACTIVE") return undefined;
  const clusterArn = s.clusterArn ?? "";
  return {
    name: s.serviceName,
    arn: s.serviceArn,
    cluster: clusterArn.slice(clusterArn.lastIndexOf("/") + 1),
    status: s.status ?? "ACTIVE",
    service: s,
    tags: tagsFrom(s.tags),
  };
}

async function pages(
  read: (token: string | undefined) => Promise<{ items: string[]; next?: string | undefined }>,
): Promise<string[]> {
  const all: string[] = [];
  let token: string | undefined;
  do {
    const page = await read(token);
    all.push(...page.items);
    token = page.next;
  } while (token);
  return all;
}
