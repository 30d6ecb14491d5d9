import type { AwsClients } from "../aws/clients.js";
import type { BundleWorkflow } from "../bundle/bundle.js";
import { canonical } from "../compare/comparable.js";
import {
  type DesiredRole,
  type DesiredWorkflow,
  roleUseNames,
  servicesText,
} from "../desired/desired-state.js";
import { DeployError, type DeployProblem, deployErrorCode } from "../errors.js";
import { readRole } from "../live/roles.js";
import type { AwsEnvironment } from "../resolve/environment.js";
import { mapLimit } from "../util/map-limit.js";
import { unique } from "../util/unique.js";
import type { PlanItem } from "./plan-items.js";

/** What plan checks besides the resources themselves; each returns or throws `DeployProblem`s. */

export function selectWorkflows<T extends { readonly name: string }>(
  bundle: ReadonlyArray<T>,
  names: ReadonlyArray<string> | undefined,
): ReadonlyArray<T> {
  if (names === undefined || names.length === 0) return bundle;
  const known = new Set(bundle.map((w) => w.name));
  const unknown = names.filter((n) => !known.has(n));
  if (unknown.length > 0) {
    throw new DeployError(
      unknown.map((n) => ({
        code: deployErrorCode.unknownWorkflow,
        message: `no workflow named "${n}" in the bundle`,
        hint: `the workflows are: ${[...known].sort().join(", ") || "(none)"}`,
      })),
    );
  }
  return bundle.filter((w) => names.includes(w.name));
}

/** Two workflows may share a family only with identical definitions, or each deploy would undo the other's. */
export function checkFamilies(bundle: ReadonlyArray<Pick<BundleWorkflow, "name" | "taskDefinitions">>): void {
  const seen = new Map<string, { workflow: string; text: string }>();
  const problems: DeployProblem[] = [];
  for (const w of bundle) {
    for (const [family, input] of Object.entries(w.taskDefinitions)) {
      const text = canonical(input);
      const first = seen.get(family);
      if (!first) seen.set(family, { workflow: w.name, text });
      else if (first.text !== text) {
        problems.push({
          code: deployErrorCode.familyClash,
          message: `workflows "${first.workflow}" and "${w.name}" define task definition family "${family}" differently`,
          hint: "give one of the fargate() specs its own family name, or make the two specs equal",
          workflow: w.name,
        });
      }
    }
  }
  if (problems.length > 0) throw new DeployError(problems);
}

/** Something the workflows run on that the account does not have: a cluster, or a role. */
export type MissingPrerequisite =
  | { readonly kind: "cluster"; readonly name: string; readonly workflows: ReadonlyArray<string> }
  | { readonly kind: "role"; readonly role: DesiredRole };

/** The clusters `DescribeClusters` did not find (or found inactive), with the workflows that run on each. */
export function missingClusterList(
  missing: ReadonlyArray<string>,
  desired: ReadonlyArray<Pick<DesiredWorkflow, "name" | "clusters">>,
): MissingPrerequisite[] {
  return missing.map((name) => ({
    kind: "cluster",
    name,
    workflows: desired.filter((w) => w.clusters.includes(name)).map((w) => w.name),
  }));
}

/** Roles that resources being created or updated hand to AWS must exist (deploy does not create them unless asked). */
export async function findMissingRoles(
  clients: AwsClients,
  desired: ReadonlyArray<Pick<DesiredWorkflow, "name" | "roles">>,
  items: ReadonlyArray<PlanItem>,
  managed: ReadonlyArray<DesiredRole>,
  limit: number,
): Promise<MissingPrerequisite[]> {
  const changing = new Set(
    items
      .filter((i) => i.change.action === "create" || i.change.action === "update")
      .map((i) => i.change.workflow),
  );
  const managedNames = new Set(managed.map((r) => r.name));
  const toCheck = unique(
    desired
      .filter((w) => changing.has(w.name))
      .flatMap((w) => w.roles.filter((r) => r.inAccount && !managedNames.has(r.name))),
    (r) => r.name,
  );
  const found = await mapLimit(toCheck, limit, (r) => readRole(clients, r.name, false, r.workflow));
  return toCheck.filter((_, i) => found[i] === undefined).map((role) => ({ kind: "role", role }));
}

/**
 * What is missing, as problems: one missing thing is its own problem (BF1607, BF1608); several,
 * as on an account batchflow has not deployed to yet, are one short block (BF1650) that names
 * them all and the commands that set them up, instead of a problem for each.
 */
export function prerequisiteProblems(
  missing: ReadonlyArray<MissingPrerequisite>,
  env: AwsEnvironment,
  connection: AwsClients["connection"],
): DeployProblem[] {
  if (missing.length === 0) return [];
  // The region, endpoint and profile just read, as in the aws command: the next command must not
  // land in another region (or on the real AWS) because the shell's defaults differ.
  const flags = connectionFlags(env, connection);
  if (missing.length === 1) return [missingProblem(missing[0]!, env, flags)];
  const clusters = missing.flatMap((m) => (m.kind === "cluster" ? [m] : []));
  const roles = missing.flatMap((m) => (m.kind === "role" ? [m.role] : []));
  const creatable = roles.filter((r) => r.policy !== undefined);
  const named = roles.filter((r) => r.policy === undefined);
  const lines = [
    ...clusters.map((c) => `the ECS cluster ${c.name}, used by ${listed(c.workflows)}`),
    ...(creatable.length > 0
      ? [
          `${plural(creatable.length, "IAM role")} batchflow names: ${shortList(creatable.map((r) => r.name))}`,
        ]
      : []),
    ...named.map((r) => `the ${roleUseNames[r.use] ?? r.use} role ${r.arn} you gave ${r.workflow}`),
  ];
  const commands = [
    ...clusters.map((c) => createClusterCommand(c.name, flags)),
    ...(creatable.length > 0 ? [`batchflow deploy --create-roles ${flags}`] : []),
  ];
  const notes = [
    ...(clusters.length > 0 ? ["batchflow does not create clusters"] : []),
    ...(creatable.length > 0 ? ["--create-roles creates the roles from iam/*.json"] : []),
    ...(named.length > 0
      ? [
          "fix or create the roles you gave (config roles, fargate({ executionRole, taskRole }), --*-role-arn)",
        ]
      : []),
  ];
  return [
    {
      code: deployErrorCode.notSetUp,
      message: `account ${env.accountId} (${env.region}) does not have what these workflows run on yet:\n${lines.map((l) => `    ${l}`).join("\n")}`,
      hint:
        commands.length > 0
          ? `${notes.join("; ")}. Run next:\n${commands.map((c) => `    ${c}`).join("\n")}`
          : notes.join("; "),
    },
  ];
}

function missingProblem(missing: MissingPrerequisite, env: AwsEnvironment, flags: string): DeployProblem {
  if (missing.kind === "cluster") {
    return {
      code: deployErrorCode.missingCluster,
      message: `the ECS cluster "${missing.name}" does not exist in ${env.region} (account ${env.accountId})`,
      hint: `create it: ${createClusterCommand(missing.name, flags)} (batchflow does not create clusters), or fix cluster in the workflow or batchflow.config.ts`,
      workflow: missing.workflows[0],
    };
  }
  const r = missing.role;
  return {
    code: deployErrorCode.missingRole,
    message: `the ${roleUseNames[r.use] ?? r.use} role ${r.arn} does not exist`,
    hint:
      r.policy === undefined
        ? "create the role, or fix the ARN you gave (config roles, fargate({ executionRole, taskRole }) or --*-role-arn)"
        : `run batchflow deploy --create-roles ${flags} to create it from ${r.policyFile}, or create it yourself with that policy and a trust policy for ${servicesText(r.service)}`,
    workflow: r.workflow,
  };
}

function createClusterCommand(cluster: string, flags: string): string {
  // A cluster ARN names its region; the command takes the name.
  const name = cluster.startsWith("arn:") ? cluster.slice(cluster.lastIndexOf("/") + 1) : cluster;
  return `aws ecs create-cluster --cluster-name ${name} ${flags}`;
}

/** `--region`, and `--endpoint-url` and `--profile` when given: the same in aws and batchflow. */
function connectionFlags(env: AwsEnvironment, connection: AwsClients["connection"]): string {
  return [
    `--region ${env.region}`,
    ...(connection?.endpoint === undefined ? [] : [`--endpoint-url ${connection.endpoint}`]),
    ...(connection?.profile === undefined ? [] : [`--profile ${connection.profile}`]),
  ].join(" ");
}

function listed(items: ReadonlyArray<string>): string {
  return items.length <= 1 ? (items[0] ?? "") : `${items.slice(0, -1).join(", ")} and ${items.at(-1)}`;
}

/** Up to eight names, then how many more: a project of forty workflows still gets a short block. */
function shortList(names: ReadonlyArray<string>): string {
  return names.length <= 8
    ? names.join(", ")
    : `${names.slice(0, 8).join(", ")} and ${names.length - 8} more`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

/**
 * Workflows that share a lock table must define it alike: the table is created once, from the
 * first definition, and never updated, so a second definition would be silently ignored.
 */
export function checkLockTables(bundle: ReadonlyArray<BundleWorkflow>): void {
  const seen = new Map<string, { workflow: string; text: string }>();
  const problems: DeployProblem[] = [];
  for (const w of bundle) {
    if (!w.lockTable) continue;
    const text = canonical(w.lockTable);
    const first = seen.get(w.lockTable.TableName);
    if (!first) seen.set(w.lockTable.TableName, { workflow: w.name, text });
    else if (first.text !== text) {
      problems.push({
        code: deployErrorCode.lockTableClash,
        message: `workflows "${first.workflow}" and "${w.name}" define lock table "${w.lockTable.TableName}" differently`,
        hint: "compile both with the same version of batchflow (lock-table.json is generated; do not edit it)",
        workflow: w.name,
      });
    }
  }
  if (problems.length > 0) throw new DeployError(problems);
}
