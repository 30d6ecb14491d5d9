import type { AwsClients } from "../aws/clients.js";
import { compare, compareEventPattern, sortedTargets } from "../compare/resources.js";
import {
  type DesiredRole,
  type DesiredRule,
  type DesiredSchedule,
  type DesiredStateMachine,
  type DesiredTaskDefinition,
  type DesiredWorkflow,
  roleUseNames,
  servicesText,
} from "../desired/desired-state.js";
import { pinTaskDefinitions } from "../desired/task-definition-refs.js";
import type { LiveRole } from "../live/roles.js";
import { type LiveRule, readRule } from "../live/rules.js";
import type { readSchedule, readScheduleGroup } from "../live/schedules.js";
import type { LiveStateMachine } from "../live/state-machines.js";
import { readTaskDefinition } from "../live/task-definitions.js";
import { fillConnectionArn } from "../resolve/connection-arn.js";
import { ownership } from "../tags.js";
import type { PlanItem } from "./plan-items.js";
import type { ChangeAction, PlannedChange } from "./plan-types.js";

/*
 * One function per resource type: given what the bundle wants and what is live, the change
 * (create, update with its diff, unchanged, conflict) and what apply needs to make it.
 */

/** The bundle's (new) revision of a family, before apply knows its number. */
export const newRevision = "(new revision)";

export function change(
  type: PlannedChange["type"],
  name: string,
  workflow: string | undefined,
  action: ChangeAction,
  summary: string,
  extra: { diff?: string | undefined; arn?: string | undefined; refusal?: PlannedChange["refusal"] } = {},
): PlannedChange {
  return {
    type,
    name,
    ...(workflow === undefined ? {} : { workflow }),
    action,
    summary,
    ...(extra.diff ? { diff: extra.diff } : {}),
    ...(extra.arn ? { arn: extra.arn } : {}),
    ...(extra.refusal ? { refusal: extra.refusal } : {}),
  };
}

export function planRole(
  project: string,
  desired: DesiredRole,
  bundleHash: string,
  live: LiveRole | undefined,
  connectionArn: string | undefined,
): PlanItem & { kind: "role" } {
  const base = { kind: "role" as const, desired, bundleHash, live };
  const about = `${roleUseNames[desired.use] ?? desired.use} role, assumed by ${servicesText(desired.service)}`;
  if (!live) {
    return {
      ...base,
      trustDiffers: true,
      policyDiffers: true,
      change: change("role", desired.name, desired.workflow, "create", about, { arn: desired.arn }),
    };
  }
  const owner = ownership(live.tags, project);
  if (!owner.owned) {
    return {
      ...base,
      trustDiffers: false,
      policyDiffers: false,
      change: change(
        "role",
        desired.name,
        desired.workflow,
        "conflict",
        `role ${desired.name} ${owner.reason}`,
        { arn: live.arn },
      ),
    };
  }
  const trustDiff = compare("role", desired.trust, live.trust);
  const policyDiff = compare("role", fillConnectionArn(desired.policy, connectionArn), live.policy);
  const diff = [
    trustDiff && `trust policy:\n${trustDiff}`,
    policyDiff && `inline policy "batchflow":\n${policyDiff}`,
  ]
    .filter(Boolean)
    .join("\n");
  return {
    ...base,
    trustDiffers: trustDiff !== "",
    policyDiffers: policyDiff !== "",
    change: change("role", desired.name, desired.workflow, diff ? "update" : "unchanged", about, {
      diff,
      arn: live.arn,
    }),
  };
}

export async function planTaskDefinition(
  clients: AwsClients,
  project: string,
  desired: DesiredTaskDefinition,
  bundleHash: string,
): Promise<PlanItem & { kind: "task-definition" }> {
  const live = await readTaskDefinition(clients, desired.family, desired.workflow);
  const base = { kind: "task-definition" as const, desired, bundleHash, live };
  const container = desired.input.containerDefinitions[0];
  const about = `${container?.image ?? "?"}, ${desired.input.cpu} CPU units / ${desired.input.memory} MiB, ${desired.input.runtimePlatform.cpuArchitecture}`;
  if (!live)
    return { ...base, change: change("task-definition", desired.family, desired.workflow, "create", about) };
  const owner = ownership(live.tags, project);
  if (!owner.owned) {
    return {
      ...base,
      change: change(
        "task-definition",
        desired.family,
        desired.workflow,
        "conflict",
        `family ${desired.family} (latest revision ${live.revision}) ${owner.reason}`,
        { arn: live.arn },
      ),
    };
  }
  const diff = compare("taskDefinition", desired.input, live.definition);
  return {
    ...base,
    change: diff
      ? change(
          "task-definition",
          desired.family,
          desired.workflow,
          "update",
          `new revision of ${desired.family} (latest is ${live.revision}): ${about}`,
          { diff, arn: live.arn },
        )
      : change(
          "task-definition",
          desired.family,
          desired.workflow,
          "unchanged",
          `${desired.family}:${live.revision}`,
          { arn: live.arn },
        ),
  };
}

export function planStateMachine(
  project: string,
  w: DesiredWorkflow,
  live: LiveStateMachine | undefined,
  tdByFamily: ReadonlyMap<string, PlanItem & { kind: "task-definition" }>,
  connectionArn: string | undefined,
): PlanItem & { kind: "state-machine" } {
  const families = w.taskDefinitions.map((t) => t.family);
  const revisionOf = (family: string) => {
    const td = tdByFamily.get(family);
    return td?.change.action === "unchanged" && td.live ? String(td.live.revision) : newRevision;
  };
  const desired: DesiredStateMachine = {
    ...w.stateMachine,
    definition: pinTaskDefinitions(fillConnectionArn(w.stateMachine.definition, connectionArn), revisionOf),
  };
  return {
    kind: "state-machine",
    desired: w.stateMachine,
    bundleHash: w.bundleHash,
    families,
    live,
    change: stateMachineChange(project, w.name, desired, live, machineAbout(w.stateMachine)),
  };
}

/** `STANDARD, 12 top-level states, role arn:…`: what plan says of a state machine it creates or updates. */
export function machineAbout(desired: DesiredStateMachine): string {
  const states = Object.keys(desired.definition.States).length;
  return `${desired.type}, ${states} top-level state${states === 1 ? "" : "s"}, role ${desired.roleArn}`;
}

/**
 * The change of a state machine (a workflow's, or its lock machine), given the definition deploy
 * would write: create, conflict when this project does not own it, else update when the
 * definition, role or type differ.
 */
export function stateMachineChange(
  project: string,
  workflow: string,
  desired: DesiredStateMachine,
  live: LiveStateMachine | undefined,
  about: string,
): PlannedChange {
  if (!live) return change("state-machine", desired.name, workflow, "create", about, { arn: desired.arn });
  const owner = ownership(live.tags, project);
  if (!owner.owned) {
    return change(
      "state-machine",
      desired.name,
      workflow,
      "conflict",
      `state machine ${desired.name} ${owner.reason}`,
      { arn: live.arn },
    );
  }
  const diff = compare(
    "stateMachine",
    { definition: desired.definition, roleArn: desired.roleArn, type: desired.type },
    { definition: live.definition, roleArn: live.roleArn, type: live.type },
  );
  const action = diff ? "update" : "unchanged";
  return change("state-machine", desired.name, workflow, action, diff ? about : live.arn, {
    diff,
    arn: live.arn,
  });
}

export async function planRule(
  clients: AwsClients,
  project: string,
  desired: DesiredRule,
  bundleHash: string,
  workflow: string,
): Promise<PlanItem & { kind: "rule" }> {
  const live = await readRule(clients, desired.name, desired.arn, workflow);
  const about = ruleAbout(desired);
  const base = { kind: "rule" as const, desired, bundleHash };
  if (!live) {
    return {
      ...base,
      ruleDiffers: true,
      targetsDiffer: true,
      extraTargetIds: [],
      change: change("rule", desired.name, workflow, "create", about, { arn: desired.arn }),
    };
  }
  const owner = ownership(live.tags, project);
  if (!owner.owned) {
    return {
      ...base,
      ruleDiffers: false,
      targetsDiffer: false,
      extraTargetIds: [],
      change: change("rule", desired.name, workflow, "conflict", `rule ${desired.name} ${owner.reason}`, {
        arn: desired.arn,
      }),
    };
  }
  const ruleDiff = compareRule(desired.rule, live.rule);
  const targetsDiff = compare(
    "rule",
    { targets: sortedTargets(desired.targets) },
    { targets: sortedTargets(live.targets) },
  );
  const wanted = new Set(desired.targets.map((t) => t.Id));
  const diff = [ruleDiff, targetsDiff].filter(Boolean).join("\n");
  return {
    ...base,
    ruleDiffers: ruleDiff !== "",
    targetsDiffer: targetsDiff !== "",
    extraTargetIds: live.targets.map((t) => t.Id ?? "").filter((id) => id !== "" && !wanted.has(id)),
    change: change("rule", desired.name, workflow, diff ? "update" : "unchanged", about, {
      diff,
      arn: desired.arn,
    }),
  };
}

/**
 * `cron(35 * * * ? *) (UTC), target ads-hourly`, or for the rule that starts a notify machine
 * `status changes of ads-hourly to FAILED or SUCCEEDED, target ads-hourly-notify`.
 */
function ruleAbout(desired: DesiredRule): string {
  const targets = desired.targets.map((t) => t.Arn.slice(t.Arn.lastIndexOf(":") + 1)).join(", ");
  if ("ScheduleExpression" in desired.rule)
    return `${desired.rule.ScheduleExpression} (UTC), target ${targets}`;
  return `${eventsOf(desired.rule.EventPattern)}, target ${targets}`;
}

/** What an event pattern matches, in a few words: Step Functions status changes, else the pattern. */
function eventsOf(pattern: string): string {
  let p: { "detail-type"?: unknown; detail?: { status?: unknown; stateMachineArn?: unknown } | null };
  try {
    p = JSON.parse(pattern) ?? {};
  } catch {
    return `event pattern ${pattern}`;
  }
  const words = (value: unknown) =>
    Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
  const types = words(p["detail-type"]);
  if (types.length !== 1 || types[0] !== "Step Functions Execution Status Change")
    return `event pattern ${pattern}`;
  const machines = words(p.detail?.stateMachineArn).map((arn) => arn.slice(arn.lastIndexOf(":") + 1));
  const statuses = words(p.detail?.status);
  const to = statuses.length > 1 ? `${statuses.slice(0, -1).join(", ")} or ${statuses.at(-1)}` : statuses[0];
  return `status changes of ${machines.join(", ") || "any state machine"}${to ? ` to ${to}` : ""}`;
}

/** A rule's fields (projected, as other resources), and its event pattern compared in full. */
function compareRule(desired: DesiredRule["rule"], live: LiveRule["rule"]): string {
  if (!("EventPattern" in desired)) return compare("rule", { rule: desired }, { rule: live });
  const { EventPattern: pattern, ...fields } = desired;
  const { EventPattern: livePattern, ...liveFields } = live;
  const patternDiff = compareEventPattern(pattern, livePattern);
  return [
    compare("rule", { rule: fields }, { rule: liveFields }),
    patternDiff && `event pattern:\n${patternDiff}`,
  ]
    .filter(Boolean)
    .join("\n");
}

export function planScheduleGroup(
  project: string,
  name: string,
  arn: string,
  live: Awaited<ReturnType<typeof readScheduleGroup>>,
): PlanItem & { kind: "schedule-group" } {
  if (!live)
    return {
      kind: "schedule-group",
      arn,
      change: change(
        "schedule-group",
        name,
        undefined,
        "create",
        "EventBridge Scheduler group of this project's schedules",
        { arn },
      ),
    };
  const owner = ownership(live.tags, project);
  return {
    kind: "schedule-group",
    arn,
    change: owner.owned
      ? change(
          "schedule-group",
          name,
          undefined,
          "unchanged",
          "EventBridge Scheduler group of this project's schedules",
          { arn },
        )
      : change("schedule-group", name, undefined, "conflict", `schedule group ${name} ${owner.reason}`, {
          arn,
        }),
  };
}

export function planSchedule(
  desired: DesiredSchedule,
  workflow: string,
  live: Awaited<ReturnType<typeof readSchedule>>,
  groupConflict: PlannedChange | undefined,
): PlanItem & { kind: "schedule" } {
  const s = desired.schedule;
  const about = `${s.ScheduleExpression} ${s.ScheduleExpressionTimezone}, in group ${desired.group}`;
  if (groupConflict) {
    return {
      kind: "schedule",
      desired,
      change: change(
        "schedule",
        desired.name,
        workflow,
        "conflict",
        `schedule ${desired.name} would go into schedule group ${desired.group}, which ${groupConflict.summary.slice(`schedule group ${desired.group} `.length)}`,
      ),
    };
  }
  if (!live)
    return { kind: "schedule", desired, change: change("schedule", desired.name, workflow, "create", about) };
  const diff = compare("schedule", { ...s, GroupName: desired.group }, live);
  return {
    kind: "schedule",
    desired,
    change: change("schedule", desired.name, workflow, diff ? "update" : "unchanged", about, {
      diff,
      arn: live.Arn,
    }),
  };
}
