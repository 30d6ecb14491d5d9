import type { ResolvedJob, ResolvedRetrier } from "@batchflow/core";
import type { CatchEdge, Continuation, StateGraph } from "./state-graph.js";

/**
 * A Spot job's run: a one-branch Parallel around its Task state on Spot and the states that follow
 * a failure of it. Its Retry (the infrastructure preset) runs the branch again after an interruption;
 * its Catch is the job's own.
 */
export interface SpotRunNode {
  readonly type: "spot-run";
  readonly name: string;
  readonly job: string;
  readonly branch: StateGraph;
  /** The preset, for `Batchflow.SpotInterrupted`; none when the preset is off. */
  readonly retry?: ResolvedRetrier | undefined;
  readonly after: Continuation;
  readonly catch: ReadonlyArray<CatchEdge>;
}

/** The job on regular Fargate (`LaunchType: FARGATE`), run when Spot had no capacity; ends the branch. */
export interface SpotFallbackNode {
  readonly type: "spot-fallback";
  readonly name: string;
  readonly job: ResolvedJob;
}

/**
 * After the run on Spot failed with `States.TaskFailed` (its error and cause at `errorPath`): whether
 * ECS stopped the task for a Spot interruption (`StopCode` in the cause), which goes to `interrupted`,
 * else to `failed`.
 */
export interface SpotCheckNode {
  readonly type: "spot-check";
  readonly name: string;
  readonly job: string;
  readonly errorPath: string;
  readonly interrupted: string;
  readonly failed: string;
}

/** Raises `Batchflow.SpotInterrupted` with the stopped task's description as the cause. */
export interface SpotInterruptedNode {
  readonly type: "spot-interrupted";
  readonly name: string;
  readonly job: string;
  readonly errorPath: string;
}

/**
 * Raises the run's other `States.TaskFailed` again as `Batchflow.TaskFailed`, same cause: a Fail may
 * not raise a `States.` name, and every matcher of `States.TaskFailed` around the job matches both.
 */
export interface SpotFailedNode {
  readonly type: "spot-failed";
  readonly name: string;
  readonly job: string;
  readonly errorPath: string;
}

export type SpotNode = SpotRunNode | SpotFallbackNode | SpotCheckNode | SpotInterruptedNode | SpotFailedNode;

export const SpotNode = {
  run: (fields: Omit<SpotRunNode, "type">): SpotRunNode => Object.freeze({ type: "spot-run", ...fields }),
  fallback: (fields: Omit<SpotFallbackNode, "type">): SpotFallbackNode =>
    Object.freeze({ type: "spot-fallback", ...fields }),
  check: (fields: Omit<SpotCheckNode, "type">): SpotCheckNode =>
    Object.freeze({ type: "spot-check", ...fields }),
  interrupted: (fields: Omit<SpotInterruptedNode, "type">): SpotInterruptedNode =>
    Object.freeze({ type: "spot-interrupted", ...fields }),
  failed: (fields: Omit<SpotFailedNode, "type">): SpotFailedNode =>
    Object.freeze({ type: "spot-failed", ...fields }),
} as const;

/** Errors the Spot machinery raises. */
export const spotErrors = {
  /** A run ECS stopped for a Spot interruption; matched by every `States.TaskFailed` matcher around the job. */
  interrupted: "Batchflow.SpotInterrupted",
  /** Any other failure of the run on Spot, raised again. */
  failed: "Batchflow.TaskFailed",
} as const;

/** ECS's stop code of a task stopped for a Spot interruption. */
export const spotInterruptionStopCode = "SpotInterruption";
