import { infrastructureErrors, type ResolvedJob, type ResolvedSpot } from "@batchflow/core";
import { withReraised } from "./reraise-states.js";
import { SpotNode, spotErrors } from "./spot-nodes.js";
import type { CatchEdge, Continuation, JobStateNode, StateNode } from "./state-graph.js";

/** Where the Spot run's branch keeps the failure its check reads; the branch's data never leaves it. */
const spotErrorPath = "$.batchflowSpot";
const taskFailed = "States.TaskFailed";

/**
 * A Spot job (docs/design/fargate-spot.md): a Parallel whose one branch runs the job on Spot. A
 * capacity or other ECS error goes at once to the job on regular Fargate; a `States.TaskFailed` goes
 * to a check of the stopped task's `StopCode`: an interruption raises `Batchflow.SpotInterrupted`,
 * which the Parallel's Retry (the infrastructure preset) retries, any other failure is raised again
 * as `Batchflow.TaskFailed`. Timeouts and the fallback's own failures leave the branch as they are.
 * `catchEdges` are the job's catches, matching the names raised here (`withSpotTwins`).
 */
export function lowerSpotJob(
  job: ResolvedJob,
  spot: ResolvedSpot,
  catchEdges: ReadonlyArray<CatchEdge>,
  then: Continuation,
  names: { allocate(prefix: string, parts: ReadonlyArray<string>): string },
): { readonly start: string; readonly states: ReadonlyArray<StateNode> } {
  const run = names.allocate(job.name, ["spot"]);
  const fallback = names.allocate(job.name, ["on-demand"]);
  const check = names.allocate(run, ["check"]);
  const interrupted = names.allocate(run, ["interrupted"]);
  const failed = names.allocate(run, ["failed"]);
  const onSpot: JobStateNode = Object.freeze({
    type: "job",
    name: job.name,
    job,
    onSpot: true,
    after: { end: true } as const,
    catch: [
      { errors: infrastructureErrors, next: fallback, resultPath: null },
      { errors: [taskFailed], next: check, resultPath: spotErrorPath },
    ],
  });
  const node = SpotNode.run({
    name: run,
    job: job.name,
    branch: {
      startAt: job.name,
      states: [
        onSpot,
        SpotNode.fallback({ name: fallback, job }),
        SpotNode.check({ name: check, job: job.name, errorPath: spotErrorPath, interrupted, failed }),
        SpotNode.interrupted({ name: interrupted, job: job.name, errorPath: spotErrorPath }),
        SpotNode.failed({ name: failed, job: job.name, errorPath: spotErrorPath }),
      ],
    },
    retry: spot.interruptionRetry,
    after: then,
    catch: catchEdges,
  });
  return { start: run, states: [node] };
}

/**
 * The names a matcher of `errors` around a Spot job lists: the re-raised `Batchflow.X` of each
 * `States.X`, and `Batchflow.SpotInterrupted` beside `States.TaskFailed` (an interrupted run whose
 * retries ran out is a task that failed).
 */
export function withSpotTwins(errors: ReadonlyArray<string>): string[] {
  const out = withReraised(errors);
  if (errors.includes(taskFailed) && !out.includes(spotErrors.interrupted)) out.push(spotErrors.interrupted);
  return out;
}
