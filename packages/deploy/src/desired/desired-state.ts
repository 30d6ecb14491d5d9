import {
  notifyConnectionPlaceholder,
  type PolicyDocument,
  type RegisterTaskDefinitionInput,
  type RuleSchedule,
  roleNameOf,
  type ScheduleArtefact,
  type SchedulerSchedule,
  type StateMachine,
  type TaskRuleTarget,
  type TaskScheduleArtefact,
  type TaskSchedulerSchedule,
  type TrustPolicyDocument,
  trustPolicy,
} from "@batchflow/aws";
import type { BundleWorkflow } from "../bundle/bundle.js";
import {
  type LockTableInput,
  type ManifestMachine,
  manifestResources,
  type NotifyConnectionInput,
  type NotifyRuleInput,
} from "../bundle/bundle-resources.js";
import { DeployError, deployErrorCode } from "../errors.js";
import type { AwsEnvironment } from "../resolve/environment.js";
import { resolvePlaceholders, unresolvedPlaceholders } from "../resolve/placeholders.js";
import { applyRoleOverrides, type RoleOverrides } from "../resolve/role-overrides.js";
import { ecsClusters } from "./task-definition-refs.js";

/** How messages name a role's use. */
export const roleUseNames: Readonly<Record<string, string>> = {
  stateMachine: "state machine",
  execution: "task execution",
  task: "task",
  schedule: "schedule",
  notify: "notification",
};

/** How messages name the service(s) that assume a role. */
export function servicesText(service: string | ReadonlyArray<string>): string {
  return typeof service === "string" ? service : service.join(" and ");
}

/** A role a workflow runs with. */
export interface DesiredRole {
  readonly name: string;
  readonly arn: string;
  /** The service that assumes it (both, for a schedule role of rules and Scheduler schedules). */
  readonly service: string | ReadonlyArray<string>;
  readonly use: string;
  readonly workflow: string;
  /** batchflow's inline policy; absent for a role the user named (deploy never changes those). */
  readonly policy?: PolicyDocument | undefined;
  /** Where that policy is in the bundle (`iam/state-machine-role.json`). */
  readonly policyFile?: string | undefined;
  readonly trust: TrustPolicyDocument;
  /** In the deploying account (roles of other accounts cannot be read). */
  readonly inAccount: boolean;
}

export interface DesiredTaskDefinition {
  readonly family: string;
  readonly workflow: string;
  readonly input: RegisterTaskDefinitionInput;
}

export interface DesiredStateMachine {
  readonly name: string;
  readonly arn: string;
  readonly roleArn: string;
  readonly type: "STANDARD";
  /** The compiled ASL with placeholders resolved; families are pinned to revisions at apply time. */
  readonly definition: StateMachine;
}

/** An EventBridge rule: a UTC schedule's, or the one that starts the notify machine (an event pattern). */
export interface DesiredRule {
  readonly kind: "rule";
  readonly name: string;
  readonly arn: string;
  readonly rule: RuleSchedule["rule"] | NotifyRuleInput["rule"];
  readonly targets: ReadonlyArray<RuleTarget>;
}

/** A rule's target: a schedule's gives its state machine an input, the notify rule's passes the event on. */
export type RuleTarget =
  | RuleSchedule["targets"]["Targets"][number]
  | NotifyRuleInput["targets"]["Targets"][number]
  | TaskRuleTarget;

export interface DesiredSchedule {
  readonly kind: "schedule";
  readonly name: string;
  readonly group: string;
  readonly schedule: SchedulerSchedule["schedule"] | TaskSchedulerSchedule["schedule"];
}

/** The DynamoDB table a workflow's locks live in; shared by every workflow that names it. */
export interface DesiredLockTable {
  readonly name: string;
  readonly arn: string;
  readonly workflow: string;
  readonly input: LockTableInput;
}

/** The EventBridge connection a workflow's Slack notifications post through. */
export interface DesiredConnection {
  readonly name: string;
  readonly workflow: string;
  readonly input: NotifyConnectionInput;
}

/** Everything one workflow should be on AWS, account and region filled in. */
export interface DesiredWorkflow {
  readonly name: string;
  readonly bundleHash: string;
  readonly roles: ReadonlyArray<DesiredRole>;
  readonly taskDefinitions: ReadonlyArray<DesiredTaskDefinition>;
  readonly stateMachine: DesiredStateMachine;
  /** Its lock machine (`<workflow>-locks`), which the state machine calls; only with locks. */
  readonly lockMachine?: DesiredStateMachine | undefined;
  /** Its notify machine (`<workflow>-notify`), which sends its notifications; only with `notify`. */
  readonly notifyMachine?: DesiredStateMachine | undefined;
  /** The rule that starts the notify machine when an execution of the state machine ends. */
  readonly notifyRule?: DesiredRule | undefined;
  /** What starts it: a rule or Scheduler schedule per entry of its `schedule:`, in that order. */
  readonly triggers: ReadonlyArray<DesiredRule | DesiredSchedule>;
  readonly clusters: ReadonlyArray<string>;
  readonly lockTable?: DesiredLockTable | undefined;
  /**
   * With a connection, `${Batchflow::NotifyConnectionArn}` may stay in the notify machine, the
   * policies and (in bundles compiled before notify machines) the state machine: it is filled in
   * once the connection's ARN is known (resolve/connection-arn.ts).
   */
  readonly notifyConnection?: DesiredConnection | undefined;
}

export interface DesiredOptions {
  readonly roles?: RoleOverrides | undefined;
  /** Scheduler group of this project's schedules. */
  readonly scheduleGroup: string;
}

/** A bundle workflow as AWS should hold it: role overrides applied, placeholders resolved. */
export function desiredWorkflow(
  bundle: BundleWorkflow,
  env: AwsEnvironment,
  options: DesiredOptions,
): DesiredWorkflow {
  const w = resolvePlaceholders(applyRoleOverrides(bundle, options.roles ?? {}), env);
  // The connection's ARN is filled into the notify machine, the policies and the state machine
  // (which named it before notify machines existed), never into the lock machine or the rule.
  const left = [
    ...new Set([
      ...unresolvedPlaceholders(
        [
          w.manifest,
          w.stateMachine,
          w.notifyMachine,
          w.taskDefinitions,
          w.schedules,
          w.policies,
          w.lockTable,
          w.notifyConnection,
        ],
        w.notifyConnection ? [notifyConnectionPlaceholder] : [],
      ),
      ...unresolvedPlaceholders([w.lockMachine, w.notifyRule]),
    ]),
  ].sort();
  if (left.length > 0) {
    throw new DeployError({
      code: deployErrorCode.unresolvedPlaceholder,
      message: `the bundle uses placeholders deploy cannot fill in: ${left.join(", ")}`,
      hint: `deploy fills in \${AWS::Partition}, \${AWS::Region}, \${AWS::AccountId}, and ${notifyConnectionPlaceholder} when the manifest names a notifyConnection; recompile with this version of batchflow`,
      workflow: w.name,
    });
  }
  const { manifest } = w;
  const { lockMachine, notifyMachine } = manifestResources(manifest);
  const roles: DesiredRole[] = manifest.roles.map((r) =>
    desiredRole(
      w.name,
      r.use,
      r.arn,
      r.service,
      env,
      r.policy,
      r.policy === undefined ? undefined : w.policies[r.policy],
    ),
  );
  for (const t of Object.values(w.taskDefinitions)) {
    if (t.taskRoleArn && !roles.some((r) => r.arn === t.taskRoleArn)) {
      roles.push(
        desiredRole(w.name, "task", t.taskRoleArn, "ecs-tasks.amazonaws.com", env, undefined, undefined),
      );
    }
  }
  return {
    name: w.name,
    bundleHash: manifest.bundleHash,
    roles,
    taskDefinitions: manifest.taskDefinitions.map((t) => ({
      family: t.family,
      workflow: w.name,
      input: w.taskDefinitions[t.family]!,
    })),
    stateMachine: machine(env, manifest.stateMachine, w.stateMachine),
    ...(lockMachine && w.lockMachine ? { lockMachine: machine(env, lockMachine, w.lockMachine) } : {}),
    ...(notifyMachine && w.notifyMachine && w.notifyRule
      ? {
          notifyMachine: machine(env, notifyMachine, w.notifyMachine),
          notifyRule: rule(env, w.notifyRule.rule, w.notifyRule.targets.Targets),
        }
      : {}),
    triggers: w.schedules.map((s) => trigger(s, env, options.scheduleGroup)),
    clusters: ecsClusters(w.stateMachine),
    ...(w.lockTable
      ? {
          lockTable: {
            name: w.lockTable.TableName,
            arn: `arn:${env.partition}:dynamodb:${env.region}:${env.accountId}:table/${w.lockTable.TableName}`,
            workflow: w.name,
            input: w.lockTable,
          },
        }
      : {}),
    ...(w.notifyConnection
      ? { notifyConnection: { name: w.notifyConnection.Name, workflow: w.name, input: w.notifyConnection } }
      : {}),
  };
}

/** The ARN of the state machine `name` in the deploying account and region. */
export function stateMachineArnIn(env: AwsEnvironment, name: string): string {
  return `arn:${env.partition}:states:${env.region}:${env.accountId}:stateMachine:${name}`;
}

/** The ARN of the rule `name` of the default event bus in the deploying account and region. */
export function ruleArnIn(env: AwsEnvironment, name: string): string {
  return `arn:${env.partition}:events:${env.region}:${env.accountId}:rule/${name}`;
}

function machine(env: AwsEnvironment, entry: ManifestMachine, definition: StateMachine): DesiredStateMachine {
  return {
    name: entry.name,
    arn: stateMachineArnIn(env, entry.name),
    roleArn: entry.roleArn,
    type: entry.type,
    definition,
  };
}

function rule(
  env: AwsEnvironment,
  input: DesiredRule["rule"],
  targets: ReadonlyArray<RuleTarget>,
): DesiredRule {
  return {
    kind: "rule",
    name: input.Name,
    arn: ruleArnIn(env, input.Name),
    rule: input,
    targets,
  };
}

/** A role of a workflow or service: its name, trust policy and (for batchflow's) inline policy. */
export function desiredRole(
  workflow: string,
  use: string,
  arn: string,
  service: string | ReadonlyArray<string>,
  env: AwsEnvironment,
  policyFile: string | undefined,
  policy: PolicyDocument | undefined,
): DesiredRole {
  return {
    name: roleNameOf(arn),
    arn,
    service,
    use,
    workflow,
    policy,
    policyFile,
    trust: trustPolicy(service),
    inAccount: arn.split(":")[4] === env.accountId,
  };
}

export function trigger(
  s: ScheduleArtefact | TaskScheduleArtefact,
  env: AwsEnvironment,
  group: string,
): DesiredRule | DesiredSchedule {
  if (s.type === "rule") return rule(env, s.rule, s.targets.Targets);
  return { kind: "schedule", name: s.schedule.Name, group, schedule: s.schedule };
}
