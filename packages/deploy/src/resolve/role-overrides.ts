import { defaultRoleNames, type ManifestRole, roleArn } from "@batchflow/aws";
import type { BundleWorkflow } from "../bundle/bundle.js";
import { manifestResources } from "../bundle/bundle-resources.js";
import { DeployError, deployErrorCode } from "../errors.js";
import { mapStrings } from "./placeholders.js";

/**
 * Role ARNs given at deploy time (`--state-machine-role-arn` etc.). Each replaces the role
 * batchflow would name for every workflow; a replaced role is the user's, so deploy never
 * creates or changes it. The compile-time equivalents are `roles: { stateMachine, schedule, notify }`
 * in batchflow.config.ts and `fargate({ executionRole, taskRole })`.
 */
export interface RoleOverrides {
  readonly stateMachine?: string | undefined;
  readonly execution?: string | undefined;
  readonly schedule?: string | undefined;
  /** The role the notify rule starts the notify machine with. */
  readonly notify?: string | undefined;
  /** Added as `taskRoleArn` to every task definition that has none. */
  readonly task?: string | undefined;
}

const roleArnPattern = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/;
const optionOf: Readonly<Record<string, string>> = {
  stateMachine: "--state-machine-role-arn",
  execution: "--execution-role-arn",
  schedule: "--schedule-role-arn",
  notify: "--notify-role-arn",
  task: "--task-role-arn",
};

export function checkRoleOverrides(overrides: RoleOverrides): void {
  const problems = Object.entries(overrides)
    .filter(([, arn]) => arn !== undefined && !roleArnPattern.test(arn))
    .map(([use, arn]) => ({
      code: deployErrorCode.invalidRoleArn,
      message: `${optionOf[use] ?? use} "${arn}" is not an IAM role ARN`,
      hint: "give the full ARN: arn:aws:iam::123456789012:role/name",
    }));
  if (problems.length > 0) throw new DeployError(problems);
}

/** The workflow with the given roles in place of batchflow's (before placeholders are resolved). */
export function applyRoleOverrides(workflow: BundleWorkflow, overrides: RoleOverrides): BundleWorkflow {
  const names = defaultRoleNames(workflow.name);
  const replaced = new Map<string, { arn: string; use: ManifestRole["use"] }>();
  if (overrides.stateMachine)
    replaced.set(roleArn(names.stateMachine), { arn: overrides.stateMachine, use: "stateMachine" });
  if (overrides.execution)
    replaced.set(roleArn(names.execution), { arn: overrides.execution, use: "execution" });
  if (overrides.schedule) replaced.set(roleArn(names.schedule), { arn: overrides.schedule, use: "schedule" });
  if (overrides.notify) replaced.set(roleArn(names.notify), { arn: overrides.notify, use: "notify" });
  if (replaced.size === 0 && !overrides.task) return workflow;

  const swap = (s: string) => replaced.get(s)?.arn ?? s;
  const roles = workflow.manifest.roles.map((r) => {
    const to = replaced.get(r.arn);
    return to ? { use: r.use, arn: to.arn, service: r.service } : r;
  });
  const droppedPolicies = new Set(
    workflow.manifest.roles.filter((r) => replaced.has(r.arn) && r.policy).map((r) => r.policy!),
  );
  let taskDefinitions = mapStrings(workflow.taskDefinitions, swap);
  let policies = Object.fromEntries(
    Object.entries(mapStrings(workflow.policies, swap)).filter(([path]) => !droppedPolicies.has(path)),
  );
  if (overrides.task) {
    const task = overrides.task;
    taskDefinitions = Object.fromEntries(
      Object.entries(taskDefinitions).map(([family, t]) => [
        family,
        t.taskRoleArn ? t : { ...t, taskRoleArn: task },
      ]),
    );
    // The state machine passes the task role to ECS: let its policy do so.
    policies = Object.fromEntries(
      Object.entries(policies).map(([path, doc]) => [
        path,
        {
          ...doc,
          Statement: doc.Statement.map((s) =>
            s.Action.includes("iam:PassRole") && !s.Resource.includes(task)
              ? { ...s, Resource: [...s.Resource, task] }
              : s,
          ),
        },
      ]),
    );
  }
  // The lock and notify machines run with the state machine's role: they follow an override of it.
  const { lockMachine, notifyMachine } = manifestResources(workflow.manifest);
  return {
    ...workflow,
    manifest: {
      ...workflow.manifest,
      stateMachine: {
        ...workflow.manifest.stateMachine,
        roleArn: swap(workflow.manifest.stateMachine.roleArn),
      },
      ...(lockMachine ? { lockMachine: { ...lockMachine, roleArn: swap(lockMachine.roleArn) } } : {}),
      ...(notifyMachine ? { notifyMachine: { ...notifyMachine, roleArn: swap(notifyMachine.roleArn) } } : {}),
      roles: [...new Map(roles.map((r) => [r.arn + r.use, r])).values()],
    },
    taskDefinitions,
    schedules: workflow.schedules.map((s) => mapStrings(s, swap)),
    ...(workflow.notifyRule ? { notifyRule: mapStrings(workflow.notifyRule, swap) } : {}),
    policies,
  };
}
