import type { ContainerStop } from "./task-stopped.js";

/** A process ended by SIGTERM, as ECS stops a task's containers when Spot takes the capacity back. */
export const interruptedExitCode = 143;

/** How ECS reports a task Fargate Spot interrupted (its `StopCode` is what the Spot check reads). */
export const spotInterruption: ContainerStop = Object.freeze({
  exitCode: interruptedExitCode,
  stopCode: "SpotInterruption",
  stoppedReason: "Your Spot Task was interrupted.",
});
