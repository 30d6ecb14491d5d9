// The tests drive the compiled ASL through the same interpreter wrapper `batchflow run` uses.
export {
  type AslEvent,
  type AslEventOf,
  type AslEventType,
  type AslRun,
  type AslRunStatus,
  collectStates,
  type ExecuteAslOptions as RunAslOptions,
  eventsOfType,
  executeAsl as runAsl,
  type TaskCall,
  type TaskContext,
  TaskFailure,
  type TaskHandler,
} from "@batchflow/local";
