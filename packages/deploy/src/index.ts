export { type AppliedChange, type ApplyOptions, applyPlan } from "./apply/apply.js";
export {
  type AwsCall,
  type AwsClients,
  type AwsCredentials,
  type CallHooks,
  type ClientOptions,
  createClients,
  isReadCall,
} from "./aws/clients.js";
export {
  type BundleEntry,
  type BundleService,
  type BundleTask,
  type BundleWorkflow,
  bundleFromCompiled,
  bundleFromCompiledServices,
  bundleFromCompiledTasks,
  isBundleService,
  isBundleTask,
  splitBundle,
} from "./bundle/bundle.js";
export type { LockTableInput, NotifyConnectionInput, NotifyRuleInput } from "./bundle/bundle-resources.js";
export { readBundle } from "./bundle/read-bundle.js";
export { type DeployOptions, type DeployResult, deploy } from "./deploy.js";
export { type DeployerPolicyOptions, deployerPolicy, statementAllowing } from "./deployer-policy.js";
export {
  DeployError,
  type DeployErrorCode,
  type DeployProblem,
  deployErrorCode,
  isDeployError,
} from "./errors.js";
export type { DeployEvent, DeployEventHandler } from "./events.js";
export { newRevision, type PlanOptions, plan } from "./plan/plan.js";
export type { ChangeAction, Plan, PlannedChange, PlanSummary, ResourceType } from "./plan/plan-types.js";
export { checkProjectName, defaultScheduleGroup } from "./plan/project.js";
export { newConnection } from "./resolve/connection-arn.js";
export type { AwsEnvironment } from "./resolve/environment.js";
export type { RoleOverrides } from "./resolve/role-overrides.js";
export { lockTableTags, type Ownership, ownership, ownershipTags, type Tags, tagKeys } from "./tags.js";
export { validateCompiledAsl } from "./validate/check-bundle-asl.js";
export { type AslValidation, type ValidateAslOptions, validateAsl } from "./validate/validate-asl.js";
