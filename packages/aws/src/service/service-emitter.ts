import type { ResolvedService } from "@batchflow/core";
import { spotStrategy } from "../emit/spot-emitter.js";
import type { CreateServiceInput } from "./service-types.js";

/**
 * The CreateService input of a service: Fargate tasks of `family` in the service's awsvpc network,
 * on FARGATE_SPOT by a capacity-provider strategy when it says spot (the same strategy a Spot
 * job's RunTask gets). The family is pinned to a revision by deploy, which registers the task
 * definition first.
 */
export function emitService(service: ResolvedService, family: string): CreateServiceInput {
  const { network } = service;
  const deployment = {
    ...(service.minimumHealthyPercent === undefined
      ? {}
      : { minimumHealthyPercent: service.minimumHealthyPercent }),
    ...(service.maximumPercent === undefined ? {} : { maximumPercent: service.maximumPercent }),
  };
  return {
    serviceName: service.name,
    cluster: service.cluster,
    taskDefinition: family,
    desiredCount: service.desiredCount,
    ...(service.spot === undefined
      ? { launchType: "FARGATE" as const }
      : {
          capacityProviderStrategy: spotStrategy(service.spot).map((item) => ({
            capacityProvider: item.provider,
            ...(item.base === undefined ? {} : { base: item.base }),
            weight: item.weight,
          })),
        }),
    platformVersion: "LATEST",
    networkConfiguration: {
      awsvpcConfiguration: {
        subnets: [...network.subnets],
        ...(network.securityGroups ? { securityGroups: [...network.securityGroups] } : {}),
        assignPublicIp: network.assignPublicIp ? "ENABLED" : "DISABLED",
      },
    },
    ...(Object.keys(deployment).length === 0 ? {} : { deploymentConfiguration: deployment }),
    propagateTags: "SERVICE",
  };
}
