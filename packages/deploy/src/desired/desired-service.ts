import { type CreateServiceInput, defaultRoleNames, roleArn } from "@batchflow/aws";
import type { BundleService } from "../bundle/bundle-service.js";
import type { AwsEnvironment } from "../resolve/environment.js";
import { resolvePlaceholders } from "../resolve/placeholders.js";
import type { RoleOverrides } from "../resolve/role-overrides.js";
import { desiredFamily } from "./desired-family.js";
import type { DesiredRole, DesiredTaskDefinition } from "./desired-state.js";

/** Everything one service should be on AWS, account and region filled in. */
export interface DesiredService {
  readonly name: string;
  readonly bundleHash: string;
  readonly roles: ReadonlyArray<DesiredRole>;
  readonly taskDefinition: DesiredTaskDefinition;
  /** The CreateService input; `taskDefinition` is the family, pinned to a revision at apply time. */
  readonly input: CreateServiceInput;
  /** The cluster it runs on (name or ARN, as given), in a list as workflows have theirs. */
  readonly clusters: ReadonlyArray<string>;
}

/** A bundle service as AWS should hold it: role overrides applied, placeholders resolved. */
export function desiredService(
  bundle: BundleService,
  env: AwsEnvironment,
  overrides: RoleOverrides = {},
): DesiredService {
  const s = resolvePlaceholders(withRoleOverrides(bundle, overrides), env);
  const { roles, taskDefinition } = desiredFamily(s, s.service, env);
  return {
    name: s.name,
    bundleHash: s.manifest.bundleHash,
    roles,
    taskDefinition,
    input: s.service,
    clusters: [s.service.cluster],
  };
}

/**
 * `--execution-role-arn` replaces the execution role batchflow names (deploy then neither creates
 * nor changes it); `--task-role-arn` becomes the task role of a container that has none.
 */
function withRoleOverrides(service: BundleService, overrides: RoleOverrides): BundleService {
  const ours = roleArn(defaultRoleNames(service.name).execution);
  const execution = overrides.execution;
  const task = overrides.task;
  if (!execution && !task) return service;
  const taskDefinitions = Object.fromEntries(
    Object.entries(service.taskDefinitions).map(([family, t]) => [
      family,
      {
        ...t,
        ...(execution && t.executionRoleArn === ours ? { executionRoleArn: execution } : {}),
        ...(task && !t.taskRoleArn ? { taskRoleArn: task } : {}),
      },
    ]),
  );
  const replaced = service.manifest.roles.find((r) => r.arn === ours && execution);
  const roles = service.manifest.roles.map((r) =>
    r === replaced && execution ? { use: r.use, arn: execution, service: r.service } : r,
  );
  const policies = Object.fromEntries(
    Object.entries(service.policies).filter(([path]) => path !== replaced?.policy),
  );
  return { ...service, manifest: { ...service.manifest, roles }, taskDefinitions, policies };
}
