import { parseRunTaskRequest } from "../ecs/run-task-request.js";
import { isJobState } from "../services/task-kind.js";

export interface CatalogRetrier {
  readonly ErrorEquals: ReadonlyArray<string>;
  readonly IntervalSeconds?: number;
  readonly MaxAttempts?: number;
  readonly BackoffRate?: number;
  readonly MaxDelaySeconds?: number;
  readonly JitterStrategy?: string;
}

/** One job of a compiled workflow: an ECS Task state, wherever it is nested. */
export interface CatalogJob {
  readonly name: string;
  /** The state's `TimeoutSeconds` (the limit of one attempt), when it has one. */
  readonly timeoutSeconds: number | undefined;
  readonly retry: ReadonlyArray<CatalogRetrier>;
  /**
   * The Parallel and Map states the job is nested in, outermost first: when one fails, the
   * interpreter abandons what runs inside it, and batchflow stops those jobs.
   */
  readonly parallels: ReadonlyArray<string>;
  /** Task definition family and container, from the state's Parameters. */
  readonly family: string;
  readonly container: string;
}

/**
 * The jobs of an ASL definition, in definition order (a Parallel state's branches after it). Only ECS
 * Task states are jobs: lock and notification Task states are batchflow's own machinery.
 */
export function jobCatalog(definition: unknown): CatalogJob[] {
  const jobs: CatalogJob[] = [];
  const visit = (machine: unknown, parallels: ReadonlyArray<string>): void => {
    const states = isRecord(machine) && isRecord(machine.States) ? machine.States : {};
    for (const [name, state] of Object.entries(states)) {
      if (!isRecord(state)) continue;
      if (isJobState(state)) {
        const request = parseRunTaskRequest(state.Parameters);
        jobs.push({
          name,
          timeoutSeconds: typeof state.TimeoutSeconds === "number" ? state.TimeoutSeconds : undefined,
          retry: Array.isArray(state.Retry) ? (state.Retry as CatalogRetrier[]) : [],
          parallels,
          family: request.family,
          container: request.container,
        });
      } else if (state.Type === "Parallel" && Array.isArray(state.Branches)) {
        for (const branch of state.Branches) visit(branch, [...parallels, name]);
      } else if (state.Type === "Map") {
        visit(state.ItemProcessor ?? state.Iterator, [...parallels, name]);
      }
    }
  };
  visit(definition, []);
  return jobs;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
