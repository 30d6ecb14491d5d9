import type { AwsClients } from "../aws/clients.js";
import type { BundleWorkflow } from "../bundle/bundle.js";
import { canonical } from "../compare/comparable.js";
import { type DesiredRole, type DesiredWorkflow, roleUseNames } from "../desired/desired-state.js";
import { DeployError, type DeployProblem, deployErrorCode } from "../errors.js";
import { readRole } from "../live/roles.js";
import { mapLimit } from "../util/map-limit.js";
import { unique } from "../util/unique.js";
import type { PlanItem } from "./plan-items.js";

/** What plan checks besides the resources themselves; each returns or throws `DeployProblem`s. */

export function selectWorkflows(
  bundle: ReadonlyArray<BundleWorkflow>,
  names: ReadonlyArray<string> | undefined,
) {
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
export function checkFamilies(bundle: ReadonlyArray<BundleWorkflow>): void {
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

/** Roles that resources being created or updated hand to AWS must exist (deploy does not create them unless asked). */
export async function checkRolesExist(
  clients: AwsClients,
  desired: ReadonlyArray<DesiredWorkflow>,
  items: ReadonlyArray<PlanItem>,
  managed: ReadonlyArray<DesiredRole>,
  limit: number,
): Promise<DeployProblem[]> {
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
  return toCheck
    .filter((_, i) => found[i] === undefined)
    .map((r) => ({
      code: deployErrorCode.missingRole,
      message: `the ${roleUseNames[r.use] ?? r.use} role ${r.arn} does not exist`,
      hint:
        r.policy === undefined
          ? "create the role, or fix the ARN you gave (config roles, fargate({ executionRole, taskRole }) or --*-role-arn)"
          : `deploy with --create-roles to create it from ${r.policyFile}, or create it yourself with that policy and a trust policy for ${r.service}`,
      workflow: r.workflow,
    }));
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
