export * from "./asl/asl-types.js";
export {
  type BundleDiscrepancy,
  type BundleManifest,
  type BundleManifestEntry,
  bundleManifest,
  bundleManifestFile,
  compareBundle,
  parseBundleManifest,
  serializeBundleManifest,
  type WorkflowManifestText,
  workflowManifestFile,
} from "./bundle/bundle-manifest.js";
export type { Manifest, ManifestRole, ManifestSchedule } from "./bundle/manifest.js";
export { serialize } from "./bundle/serialize.js";
export {
  type BundleFile,
  type CompiledWorkflow,
  type CompileResult,
  compile,
  compileResolving,
  tryCompile,
} from "./compile.js";
export type { CompileOptions } from "./compile-options.js";
export { assignFamilies, type Family } from "./ecs/families.js";
export { fargateCpuValues, fargateSizeProblem, minimumMemory } from "./ecs/fargate-sizes.js";
export type * from "./ecs/task-definition-types.js";
export { containerSize, jobTaskSize } from "./ecs/task-size.js";
export { maxDefinitionBytes, maxHistoryEvents, worstCaseHistoryEvents } from "./emit/limits.js";
export * from "./fill-placeholders.js";
export type * from "./iam/policy-document.js";
export { trustPolicy } from "./iam/policy-document.js";
export * from "./lock/lock-machine.js";
export * from "./lock/lock-protocol.js";
export { lower } from "./lower/lower.js";
export type * from "./lower/state-graph.js";
export { groupErrors } from "./lower/state-graph.js";
export { StateNames } from "./lower/state-names.js";
export type { StateRole, StateRoleKind } from "./lower/state-roles.js";
export * from "./naming.js";
export {
  executionConsoleLink,
  type NotificationFields,
  type NotificationKind,
  notificationSubjects,
  notificationTemplates,
  renderNotification,
} from "./notify/messages.js";
export * from "./notify/notify-machine.js";
export * from "./notify/notify-protocol.js";
export {
  type RuleSchedule,
  ruleTargetId,
  type ScheduleArtefact,
  type SchedulerSchedule,
} from "./schedule/schedule-emitter.js";
export {
  type CompiledService,
  type CompileServiceResult,
  compileService,
  compileServiceResolving,
  tryCompileService,
} from "./service/compile-service.js";
export { isServiceManifest, type ServiceManifest } from "./service/service-manifest.js";
export type { CapacityProviderStrategyItem, CreateServiceInput } from "./service/service-types.js";
export {
  type CompiledTask,
  type CompileTaskResult,
  compileTask,
  compileTaskResolving,
  tryCompileTask,
} from "./task/compile-task.js";
export { isTaskManifest, type TaskManifest } from "./task/task-manifest.js";
export { taskTargetId } from "./task/task-target.js";
export type {
  TaskRuleSchedule,
  TaskRuleTarget,
  TaskScheduleArtefact,
  TaskSchedulerSchedule,
} from "./task/task-types.js";
