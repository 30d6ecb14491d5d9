export { parseRunTaskRequest, type RunTaskRequest } from "./ecs/run-task-request.js";
export { type ContainerStop, stoppedTaskDescription, taskStoppedFailure } from "./ecs/task-stopped.js";
export { runOutcomes } from "./graph/run-outcomes.js";
export type { SimulationGraphOptions } from "./graph/simulation-graph.js";
export {
  type AslEvent,
  type AslEventOf,
  type AslEventType,
  type AslRun,
  type AslRunStatus,
  collectStates,
  type ExecuteAslOptions,
  eventsOfType,
  executeAsl,
  type TaskCall,
  type TaskContext,
  TaskFailure,
  type TaskHandler,
} from "./interpreter/execute-asl.js";
export { statesTimeout } from "./interpreter/states-timeout.js";
export type { Notification } from "./notify/notification.js";
export { JobBoard, type JobState, type JobStatus } from "./progress/job-board.js";
export { type LiveStream, liveProgress } from "./progress/live-progress.js";
export { plainProgress } from "./progress/plain-progress.js";
export type { ProgressReporter } from "./progress/progress-reporter.js";
export { noStyle, type ProgressStyle } from "./progress/progress-style.js";
export { formatSummary } from "./progress/summary-table.js";
export type {
  JobStopReason,
  NotificationDelivery,
  RunEvent,
  RunEventOf,
  RunEventType,
} from "./run/run-events.js";
export type {
  FinalJobStatus,
  JobSummary,
  RunnerKind,
  RunResult,
  RunStart,
  RunWorkflowOptions,
} from "./run/run-options.js";
export { runAlive } from "./run/run-processes.js";
export { RunSetupError } from "./run/run-setup-error.js";
export { runWorkflow } from "./run/run-workflow.js";
export type {
  AttemptOutcome,
  JobTiming,
  LockHolderInfo,
  SimulatedAttempt,
  Simulation,
  SimulationEvent,
  SimulationEventType,
  SimulationStatus,
} from "./simulate/result.js";
export type { Scenario, ScenarioDuration, ScenarioError, ScenarioJob } from "./simulate/scenario.js";
export { simulate } from "./simulate/simulate.js";
export { type ConcurrentRun, simulateConcurrent } from "./simulate/simulate-concurrent.js";
export type { SimulateOptions } from "./simulate/simulate-options.js";
export { type TraceRecord, traceRecord } from "./trace/trace-record.js";
