import type { DesiredRule, DesiredSchedule } from "./desired-state.js";

const familyArn = /^(arn:[^:]+:ecs:[^:]*:[^:]*:task-definition\/[A-Za-z0-9_-]+)(?::[^:]*)?$/;

/**
 * A copy of a rule or Scheduler schedule whose ECS target runs `family:revision` instead of the
 * bare family, so a started task runs the revision deploy registered or found, as a state machine
 * does. `revisionOf` returns the revision to pin, or undefined to leave it as is; a trigger without
 * an ECS target (a workflow's) comes back unchanged.
 */
export function pinTaskTargets<T extends DesiredRule | DesiredSchedule>(
  trigger: T,
  revisionOf: (family: string) => string | undefined,
): T {
  const pin = <P extends { readonly TaskDefinitionArn: string }>(ecs: P): P => {
    const match = familyArn.exec(ecs.TaskDefinitionArn);
    const base = match?.[1];
    const revision = base === undefined ? undefined : revisionOf(base.slice(base.lastIndexOf("/") + 1));
    return revision === undefined ? ecs : { ...ecs, TaskDefinitionArn: `${base}:${revision}` };
  };
  if (trigger.kind === "rule") {
    const targets = trigger.targets.map((t) =>
      "EcsParameters" in t && t.EcsParameters ? { ...t, EcsParameters: pin(t.EcsParameters) } : t,
    );
    return { ...trigger, targets };
  }
  const target = trigger.schedule.Target;
  if (!("EcsParameters" in target) || !target.EcsParameters) return trigger;
  return {
    ...trigger,
    schedule: { ...trigger.schedule, Target: { ...target, EcsParameters: pin(target.EcsParameters) } },
  };
}
