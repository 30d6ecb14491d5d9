import type { ManifestRole, PolicyDocument, RegisterTaskDefinitionInput } from "@batchflow/aws";
import { DeployError, deployErrorCode } from "../errors.js";
import type { AwsEnvironment } from "../resolve/environment.js";
import { unresolvedPlaceholders } from "../resolve/placeholders.js";
import { type DesiredRole, type DesiredTaskDefinition, desiredRole } from "./desired-state.js";

/** What a service's and a scheduled task's bundle both are: one family, its roles and their policies. */
export interface OneFamilyBundle {
  readonly name: string;
  readonly manifest: {
    readonly taskDefinition: { readonly family: string };
    readonly roles: ReadonlyArray<ManifestRole>;
  };
  readonly taskDefinitions: Readonly<Record<string, RegisterTaskDefinitionInput>>;
  readonly policies: Readonly<Record<string, PolicyDocument>>;
}

/**
 * The family and roles of a service or scheduled task, placeholders already resolved: refuses one
 * still left in it or in its own `inputs` (BF1615), and adds the task role its container names when
 * the bundle does not (a role the user gave: deploy checks it, never writes it).
 */
export function desiredFamily(
  bundle: OneFamilyBundle,
  inputs: unknown,
  env: AwsEnvironment,
): { readonly roles: DesiredRole[]; readonly taskDefinition: DesiredTaskDefinition } {
  const left = unresolvedPlaceholders([bundle.manifest, inputs, bundle.taskDefinitions, bundle.policies]);
  if (left.length > 0) {
    throw new DeployError({
      code: deployErrorCode.unresolvedPlaceholder,
      message: `the bundle uses placeholders deploy cannot fill in: ${left.join(", ")}`,
      hint: "deploy fills in ${AWS::Partition}, ${AWS::Region} and ${AWS::AccountId}; recompile with this version of batchflow",
      workflow: bundle.name,
    });
  }
  const { family } = bundle.manifest.taskDefinition;
  const input = bundle.taskDefinitions[family]!;
  const roles = bundle.manifest.roles.map((r) =>
    desiredRole(
      bundle.name,
      r.use,
      r.arn,
      r.service,
      env,
      r.policy,
      r.policy === undefined ? undefined : bundle.policies[r.policy],
    ),
  );
  if (input.taskRoleArn && !roles.some((r) => r.arn === input.taskRoleArn)) {
    roles.push(
      desiredRole(
        bundle.name,
        "task",
        input.taskRoleArn,
        "ecs-tasks.amazonaws.com",
        env,
        undefined,
        undefined,
      ),
    );
  }
  return { roles, taskDefinition: { family, workflow: bundle.name, input } };
}
