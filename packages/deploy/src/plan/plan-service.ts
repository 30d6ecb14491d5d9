import {
  describePlacement,
  desiredPlacement,
  livePlacement,
  type ServicePlacement,
} from "../compare/capacity-strategy.js";
import { compare } from "../compare/resources.js";
import type { DesiredService } from "../desired/desired-service.js";
import { deployErrorCode } from "../errors.js";
import type { LiveService } from "../live/services.js";
import { ownership } from "../tags.js";
import type { PlanItem } from "./plan-items.js";
import { change, newRevision } from "./plan-resources.js";
import type { PlannedChange } from "./plan-types.js";

/** ECS's deployment defaults, which a service that sets neither percentage runs with. */
const ecsDefaults = { minimumHealthyPercent: 100, maximumPercent: 200 } as const;

/**
 * A service's change: create (also when ECS still drains one of that name), conflict when this
 * project does not own it or when it would move between the FARGATE launch type and a
 * capacity-provider strategy (BF1671), else update when UpdateService would change anything (the
 * task definition revision, desiredCount, network, deployment percentages, platform version, the
 * Spot strategy).
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
  const placement = desiredPlacement(input);
  const about = `${input.desiredCount} task${input.desiredCount === 1 ? "" : "s"} of ${revision} on cluster ${input.cluster}, ${placement.kind === "launch-type" ? placement.launchType : "Fargate Spot"}`;
  const make = (
    action: "create" | "update" | "unchanged" | "conflict",
    summary: string,
    diff = "",
    refusal?: PlannedChange["refusal"],
  ) => ({
    ...base,
    change: change("service", desired.name, desired.name, action, summary, {
      diff,
      ...(live ? { arn: live.arn } : {}),
      refusal,
    }),
  });
  if (!live) return make("create", about);
  if (live.status !== "ACTIVE")
    return make("create", `${about} (ECS is still deleting the old service: ${live.status})`);
  const owner = ownership(live.tags, project);
  if (!owner.owned) return make("conflict", `service ${desired.name} ${owner.reason}`);
  const now = livePlacement(live.service);
  if (now.kind !== placement.kind) {
    return make("conflict", placementSwitch(desired.name, now, placement), "", {
      code: deployErrorCode.servicePlacementSwitch,
      hint: `give the service a new name (deploy with --prune deletes the old one), or delete it first: remove it from the sources, run batchflow deploy --prune, then deploy it again; nothing was changed`,
    });
  }
  const wanted = comparableDesired(desired, revision, placement);
  const diff = compare("service", wanted, comparableLive(live, wanted.deployment));
  return diff ? make("update", about, diff) : make("unchanged", `${revision}, ${about}`);
}

/**
 * ECS documents the moves UpdateService makes between a launch type and capacity providers, and
 * FARGATE to FARGATE_SPOT is not one of them: the service would go on running where it was.
 */
function placementSwitch(name: string, now: ServicePlacement, wanted: ServicePlacement): string {
  return `service ${name} runs with ${describePlacement(now)} and would run with ${describePlacement(wanted)}: ECS cannot move a service between a launch type and Fargate Spot in place`;
}

function comparableDesired(desired: DesiredService, revision: string, placement: ServicePlacement) {
  const { input } = desired;
  const network = input.networkConfiguration.awsvpcConfiguration;
  return {
    taskDefinition: revision,
    desiredCount: input.desiredCount,
    ...placementFields(placement),
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
    ...placementFields(livePlacement(s)),
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

function placementFields(placement: ServicePlacement) {
  return placement.kind === "launch-type"
    ? { launchType: placement.launchType }
    : { capacityProviderStrategy: placement.strategy };
}

/** `family:revision` for the plan: the live revision when the task definition is unchanged. */
export function plannedRevision(family: string, unchangedRevision: number | undefined): string {
  return `${family}:${unchangedRevision ?? newRevision}`;
}
