import { defaultRoleNames, type PolicyDocument, roleArn } from "@batchflow/aws";
import type { BundleTask } from "../bundle/bundle-task.js";
import type { AwsEnvironment } from "../resolve/environment.js";
import { resolvePlaceholders } from "../resolve/placeholders.js";
import type { RoleOverrides } from "../resolve/role-overrides.js";
import { desiredFamily } from "./desired-family.js";
import {
  type DesiredRole,
  type DesiredRule,
  type DesiredSchedule,
  type DesiredTaskDefinition,
  trigger,
} from "./desired-state.js";

/** Everything one scheduled task should be on AWS, account and region filled in. */
export interface DesiredTask {
  readonly name: string;
  readonly bundleHash: string;
  readonly roles: ReadonlyArray<DesiredRole>;
  readonly taskDefinition: DesiredTaskDefinition;
  /** A rule or Scheduler schedule per schedule entry; their targets name the family, pinned at apply time. */
  readonly triggers: ReadonlyArray<DesiredRule | DesiredSchedule>;
  /** The cluster it runs on, in a list as workflows have theirs. */
  readonly clusters: ReadonlyArray<string>;
}

/** A bundle task as AWS should hold it: role overrides applied, placeholders resolved. */
export function desiredTask(
  bundle: BundleTask,
  env: AwsEnvironment,
  options: { readonly roles?: RoleOverrides | undefined; readonly scheduleGroup: string },
): DesiredTask {
  const t = resolvePlaceholders(withRoleOverrides(bundle, options.roles ?? {}), env);
  const { roles, taskDefinition } = desiredFamily(t, t.schedules, env);
  return {
    name: t.name,
    bundleHash: t.manifest.bundleHash,
    roles,
    taskDefinition,
    triggers: t.schedules.map((s) => trigger(s, env, options.scheduleGroup)),
    clusters: [t.manifest.cluster],
  };
}

/**
 * `--execution-role-arn` replaces the execution role batchflow names (deploy then neither creates
 * nor changes it; the schedule role's PassRole names the given one); `--task-role-arn` becomes the
 * task role of a container that has none; `--schedule-role-arn` replaces the role the targets use.
 */
function withRoleOverrides(task: BundleTask, overrides: RoleOverrides): BundleTask {
  const names = defaultRoleNames(task.name);
  const replacements = new Map<string, string>();
  if (overrides.execution) replacements.set(roleArn(names.execution), overrides.execution);
  if (overrides.schedule) replacements.set(roleArn(names.schedule), overrides.schedule);
  if (replacements.size === 0 && !overrides.task) return task;
  // The role ARNs are whole JSON strings wherever they appear (task definition, targets, policies).
  const swap = <T>(value: T): T =>
    JSON.parse(JSON.stringify(value), (_key, v: unknown) =>
      typeof v === "string" ? (replacements.get(v) ?? v) : v,
    ) as T;
  const dropped = task.manifest.roles.filter((r) => replacements.has(r.arn)).map((r) => r.policy);
  const roles = task.manifest.roles.map((r) =>
    replacements.has(r.arn) ? { use: r.use, arn: replacements.get(r.arn) as string, service: r.service } : r,
  );
  const taskDefinitions = Object.fromEntries(
    Object.entries(swap(task.taskDefinitions)).map(([family, t]) => [
      family,
      overrides.task && !t.taskRoleArn ? { ...t, taskRoleArn: overrides.task } : t,
    ]),
  );
  const addedTaskRole = Object.values(task.taskDefinitions).some((t) => !t.taskRoleArn)
    ? overrides.task
    : undefined;
  const policies = Object.fromEntries(
    Object.entries(swap(task.policies))
      .filter(([path]) => !dropped.includes(path))
      .map(([path, doc]) => [path, addedTaskRole ? passing(doc, addedTaskRole) : doc]),
  );
  return {
    ...task,
    manifest: { ...task.manifest, roles },
    taskDefinitions,
    schedules: swap(task.schedules),
    policies,
  };
}

/** The schedule role passes the task role `--task-role-arn` added to ECS too. */
function passing(doc: PolicyDocument, role: string): PolicyDocument {
  return {
    ...doc,
    Statement: doc.Statement.map((st) =>
      st.Sid === "PassTaskRoles" && !st.Resource.includes(role)
        ? { ...st, Resource: [...st.Resource, role] }
        : st,
    ),
  };
}
