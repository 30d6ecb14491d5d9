// `batchflow/testing`: helpers for users' own tests (see docs/testing.md).
export {
  type AttemptOutcome,
  type JobTiming,
  type Scenario,
  type ScenarioDuration,
  type ScenarioError,
  type ScenarioJob,
  type SimulatedAttempt,
  type SimulateOptions,
  type Simulation,
  type SimulationEvent,
  type SimulationEventType,
  type SimulationStatus,
  simulate,
} from "@batchflow/local";
