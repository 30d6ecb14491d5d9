export { dag } from "./builders/dag.js";
export { defineConfig, isConfig } from "./builders/define-config.js";
export { Flow, isFlow, toFlowNode } from "./builders/flow.js";
export { parallel, sequence } from "./builders/groups.js";
export { job } from "./builders/job.js";
export { item, map, maxDistributedConcurrency, maxInlineConcurrency, s3Items } from "./builders/map.js";
export { awsCron, cron, rate, type ScheduleOptions } from "./builders/schedules.js";
export { isService, type Service, service } from "./builders/service.js";
export { isTask, type Task, task } from "./builders/task.js";
export { fargate, input, secret } from "./builders/values.js";
export { isWorkflow, type Workflow, workflow } from "./builders/workflow.js";
export { DependencyGraph } from "./dag/dependency-graph.js";
export { findCycles } from "./dag/find-cycles.js";
export { SeriesParallel, type SpNode, type SpParallel, type SpSeries } from "./dag/series-parallel.js";
export { type SeriesParallelOptions, toSeriesParallel } from "./dag/to-series-parallel.js";
export { topologicalOrder } from "./dag/topological-order.js";
export {
  BatchflowError,
  CompileError,
  DefinitionError,
  isBatchflowError,
} from "./diagnostics/batchflow-error.js";
export { type Diagnostic, diagnostic, hasErrors, type Severity } from "./diagnostics/diagnostic.js";
export { DiagnosticSink } from "./diagnostics/diagnostic-sink.js";
export { type FormatOptions, formatDiagnostic, formatDiagnostics } from "./diagnostics/format-diagnostic.js";
export {
  type DurationInput,
  type DurationResult,
  formatDuration,
  parseDuration,
} from "./duration/duration.js";
export type { Branded, BrandKind } from "./ir/brand.js";
export type { BatchflowConfig, BatchflowConfigInput, LocalRunOptions } from "./ir/config.js";
export type { ContainerSpec, CpuArchitecture, FargateOptions } from "./ir/container-spec.js";
export { type EnvValue, InputRef, ItemRef, SecretRef, type ValueRef } from "./ir/env-value.js";
export { allErrors, type ErrorName, infrastructureErrors } from "./ir/error-name.js";
export {
  assertNever,
  type CatchOptions,
  type CatchPolicyNode,
  DagNode,
  type DependencyRef,
  type FlowKind,
  FlowNode,
  JobNode,
  MapNode,
  ParallelNode,
  type Policies,
  SequenceNode,
  type TimeoutPolicyNode,
} from "./ir/flow-node.js";
export type { Command, ContainerCommand, JobOptions } from "./ir/job-options.js";
export type { LockOptions } from "./ir/lock-options.js";
export { type MapItemsNode, type MapOptions, S3ItemsRef } from "./ir/map-items.js";
export type { NotifyEvent, NotifyOptions, SlackNotifyOptions } from "./ir/notify-options.js";
export type { RetryPolicyInput, RetryPolicyNode } from "./ir/retry-policy.js";
export type {
  AwsCronSchedule,
  CronSchedule,
  RateSchedule,
  ScheduleList,
  ScheduleSpec,
} from "./ir/schedule-spec.js";
export { ServiceNode } from "./ir/service-node.js";
export type { ServiceOptions } from "./ir/service-options.js";
export type { SpotInput, SpotOptions } from "./ir/spot-options.js";
export { TaskNode } from "./ir/task-node.js";
export type { TaskOptions, TaskRetryOptions } from "./ir/task-options.js";
export { WorkflowNode } from "./ir/workflow-node.js";
export type {
  JobDefaults,
  NetworkOptions,
  RoleOptions,
  SharedOptions,
  WorkflowOptions,
} from "./ir/workflow-options.js";
export { mapFields, outputKey, outputPath } from "./resolve/map-paths.js";
export { maxRunSeconds } from "./resolve/max-run-seconds.js";
export { nameProblem } from "./resolve/names.js";
export { defaultJobTimeoutSeconds } from "./resolve/resolve-job.js";
export { defaultLockTable } from "./resolve/resolve-lock.js";
export { maxDesiredCount, type ResolveServiceResult, resolveService } from "./resolve/resolve-service.js";
export {
  maxTaskNameLength,
  type ResolveTaskResult,
  resolveTask,
  taskRetryLimits,
} from "./resolve/resolve-task.js";
export {
  defaultInfrastructureRetry,
  type ResolveResult,
  resolveWorkflow,
} from "./resolve/resolve-workflow.js";
export { resolvedJobSteps } from "./resolve/resolved-job-steps.js";
export type * from "./resolve/resolved-service.js";
export type * from "./resolve/resolved-task.js";
export type * from "./resolve/resolved-workflow.js";
export * from "./schedule/index.js";
export type { SourceLocation } from "./source/source-location.js";
export { SourceSite } from "./source/source-site.js";
export { stackFrames } from "./source/stack-frames.js";
export { sortKeys, stableJson } from "./util/stable-json.js";
export { assertOptions, optionDiagnostics } from "./validate/assert-options.js";
export { checkShape } from "./validate/check-shape.js";
export { describeValue } from "./validate/describe-value.js";
export { didYouMean } from "./validate/did-you-mean.js";
export { editDistance } from "./validate/edit-distance.js";
export type { ObjectShape } from "./validate/shape.js";
export { checkedByBuilder, objectOf, optional } from "./validate/shape-builders.js";
export { configShape } from "./validate/shapes/config-shape.js";
