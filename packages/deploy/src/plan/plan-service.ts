import { compare } from "../compare/resources.js";
import type { DesiredService } from "../desired/desired-service.js";
import type { LiveService } from "../live/services.js";
import { ownership } from "../tags.js";
import type { PlanItem } from "./plan-items.js";
import { change, newRevision } from "./plan-resources.js";

/** ECS's deployment defaults, which a service that sets neither percentage runs with. */
const ecsDefaults = { minimumHealthyPercent: 100, maximumPercent: 200 } as const;

/**
 * A service's change: create (also when ECS still drains one of that name), conflict when this
 * project does not own it, else update when UpdateService would change anything (the task
 * definition revision, desiredCount, network, deployment percentages, platform version).
 */
export function planService(
  project: string,
  desired: DesiredService,
  live: LiveService | undefined,
  /** `family:revision` deploy would run: the live revision when unchanged, else `family:(new revision)`. */
  revision: string,
): PlanItem & { kind: "service" } {
  const { input } = desired;
  const base = { kind: "service" as const, desired, bundleHash: desired.bundleHash, live };
  const about = `${input.desiredCount} task${input.desiredCount === 1 ? "" : "s"} of ${revision} on cluster ${input.cluster}, ${input.launchType}`;
  const make = (action: "create" | "update" | "unchanged" | "conflict", summary: string, diff = "") => ({
    ...base,
    change: change("service", desired.name, desired.name, action, summary, {
      diff,
      ...(live ? { arn: live.arn } : {}),
    }),
  });
  if (!live) return make("create", about);
  if (live.status !== "ACTIVE")
    return make("create", `${about} (ECS is still deleting the old service: ${live.status})`);
  const owner = ownership(live.tags, project);
  if (!owner.owned) return make("conflict", `service ${desired.name} ${owner.reason}`);
  const wanted = comparableDesired(desired, revision);
  const diff = compare("service", wanted, comparableLive(live, wanted.deployment));
  return diff ? make("update", about, diff) : make("unchanged", `${revision}, ${about}`);
}

function comparableDesired(desired: DesiredService, revision: string) {
  const { input } = desired;
  const network = input.networkConfiguration.awsvpcConfiguration;
  return {
    taskDefinition: revision,
    desiredCount: input.desiredCount,
    launchType: input.launchType,
    platformVersion: input.platformVersion,
    subnets: [...network.subnets].sort(),
    securityGroups: [...(network.securityGroups ?? [])].sort(),
    assignPublicIp: network.assignPublicIp,
    deployment: { ...ecsDefaults, ...input.deploymentConfiguration },
    propagateTags: input.propagateTags,
  };
}

/**
 * The live service's fields as `comparableDesired` has them. AWS always answers with the deployment
 * configuration; moto drops the one given to CreateService, so a missing one is taken as desired.
 */
function comparableLive(live: LiveService, desiredDeployment: object): Record<string, unknown> {
  const s = live.service;
  const network = s.networkConfiguration?.awsvpcConfiguration;
  const arn = s.taskDefinition ?? "";
  return {
    taskDefinition: arn.slice(arn.lastIndexOf("/") + 1),
    desiredCount: s.desiredCount,
    launchType: s.launchType,
    platformVersion: s.platformVersion,
    subnets: [...(network?.subnets ?? [])].sort(),
    securityGroups: [...(network?.securityGroups ?? [])].sort(),
    assignPublicIp: network?.assignPublicIp,
    deployment: s.deploymentConfiguration
      ? {
          minimumHealthyPercent:
            s.deploymentConfiguration.minimumHealthyPercent ?? ecsDefaults.minimumHealthyPercent,
          maximumPercent: s.deploymentConfiguration.maximumPercent ?? ecsDefaults.maximumPercent,
        }
      : desiredDeployment,
    propagateTags: s.propagateTags,
  };
}

/** `family:revision` for the plan: the live revision when the task definition is unchanged. */
export function plannedRevision(family: string, unchangedRevision: number | undefined): string {
  return `${family}:${unchangedRevision ?? newRevision}`;
}
