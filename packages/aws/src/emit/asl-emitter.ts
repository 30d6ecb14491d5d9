import {
  assertNever,
  type DiagnosticSink,
  formatDuration,
  type ResolvedJob,
  type ResolvedRetrier,
  type ResolvedWorkflow,
} from "@batchflow/core";
import {
  type Catcher,
  ecsRunTaskSync,
  ecsRunTaskWaitForTaskToken,
  type PayloadTemplate,
  type Retrier,
  type State,
  type StateMachine,
  type StateMachineBranch,
  type Transition,
} from "../asl/asl-types.js";
import type { Family } from "../ecs/families.js";
import { jobTaskSize } from "../ecs/task-size.js";
import { lockErrors } from "../lock/lock-protocol.js";
import type { LockHeldNode } from "../lower/lock-nodes.js";
import { withReraised } from "../lower/reraise-states.js";
import { spotErrors } from "../lower/spot-nodes.js";
import type { CatchEdge, Continuation, StateGraph, StateNode } from "../lower/state-graph.js";
import { groupErrors } from "../lower/state-graph.js";
import {
  emitLockAcquire,
  emitLockBusy,
  emitLockCheck,
  emitLockRelease,
  emitLockSkip,
} from "./lock-emitter.js";
import { emitMap } from "./map-emitter.js";
import { emitNotify } from "./notify-emitter.js";
import { checkOverridesLength } from "./overrides-limit.js";
import { emitFinallyCheck, emitReraise, emitReraiseCheck, emitReraiseRename } from "./reraise-emitter.js";
import { checkCommandLiterals, containerOverride } from "./run-task-values.js";
import {
  capacityProviderStrategy,
  emitSpotCheck,
  emitSpotFailed,
  emitSpotInterrupted,
} from "./spot-emitter.js";

export interface AslContext {
  readonly workflow: ResolvedWorkflow;
  /** The task definition family of each job. */
  readonly familyOf: (job: ResolvedJob) => Family;
  /** Where a job ECS would refuse is reported. */
  readonly sink: DiagnosticSink;
}

/**
 * What one definition's states have in common, made once: every Task state's network
 * configuration, and the Retry list of each job retry list (jobs share one per group's policies).
 * The definition is read-only data, so its states share these values instead of copies.
 */
interface EmitContext extends AslContext {
  readonly networkConfiguration: PayloadTemplate;
  readonly retries: Map<ReadonlyArray<ResolvedRetrier>, { Retry?: Retrier[] }>;
  readonly reportedRetries: Map<ReadonlyArray<ResolvedRetrier>, { Retry?: Retrier[] }>;
}

/** The state machine definition: Standard workflow, JSONPath. */
export function emitStateMachine(graph: StateGraph, aslContext: AslContext): StateMachine {
  const { workflow } = aslContext;
  const { network } = workflow;
  const ctx: EmitContext = {
    ...aslContext,
    networkConfiguration: {
      AwsvpcConfiguration: {
        Subnets: [...network.subnets],
        ...(network.securityGroups ? { SecurityGroups: [...network.securityGroups] } : {}),
        AssignPublicIp: network.assignPublicIp ? "ENABLED" : "DISABLED",
      },
    },
    retries: new Map(),
    reportedRetries: new Map(),
  };
  return {
    Comment: workflow.description ?? `batchflow workflow ${workflow.name}`,
    QueryLanguage: "JSONPath",
    ...emitBranch(graph, ctx),
  };
}

function emitBranch(graph: StateGraph, ctx: EmitContext): StateMachineBranch {
  const states: Record<string, State> = {};
  for (const node of graph.states) states[node.name] = emitState(node, ctx);
  return { StartAt: graph.startAt, States: states };
}

function emitState(node: StateNode, ctx: EmitContext): State {
  switch (node.type) {
    case "job": {
      const spot = node.onSpot ? node.job.spot : undefined;
      return {
        Type: "Task",
        // A job with output: true sends its result with its task token (docs/design/job-output.md).
        Resource: node.job.output === undefined ? ecsRunTaskSync : ecsRunTaskWaitForTaskToken,
        Parameters: runTaskParameters(node.job, ctx, spot ? capacityProviderStrategy(spot) : onDemand),
        // The ECS task description is large; dropping it keeps the payload the workflow input.
        ResultPath: node.job.output ?? null,
        TimeoutSeconds: node.job.timeoutSeconds,
        ...sharedRetry(spot ? spot.retry : node.job.retry, node.job.output !== undefined, ctx),
        ...catchers(node.catch),
        ...transition(node.after),
      };
    }
    case "spot-run":
      return {
        Type: "Parallel",
        Branches: [emitBranch(node.branch, ctx)],
        ResultPath: null,
        ...retry(node.retry ? [{ ...node.retry, errors: [spotErrors.interrupted] }] : [], false),
        ...catchers(node.catch),
        ...transition(node.after),
      };
    case "spot-fallback":
      return {
        Type: "Task",
        Resource: ecsRunTaskSync,
        Parameters: runTaskParameters(node.job, ctx, onDemand),
        ResultPath: null,
        TimeoutSeconds: node.job.timeoutSeconds,
        // A Spot job has no output: true (BF1258).
        ...sharedRetry(node.job.retry, false, ctx),
        End: true,
      };
    case "spot-check":
      return emitSpotCheck(node);
    case "spot-interrupted":
      return emitSpotInterrupted(node);
    case "spot-failed":
      return emitSpotFailed(node);
    case "parallel":
      return {
        Type: "Parallel",
        Branches: node.branches.map((b) => emitBranch(b, ctx)),
        ResultPath: null,
        ...catchers(node.catch),
        ...transition(node.after),
      };
    case "group-budget":
      return { Type: "Wait", Seconds: node.seconds, Next: node.expired };
    case "group-end":
      return node.outcome === "done"
        ? { Type: "Fail", Error: groupErrors.done, Cause: `${node.group} finished` }
        : {
            Type: "Fail",
            Error: groupErrors.timeout,
            Cause: `${node.group} ran longer than its ${formatDuration(node.seconds)} budget`,
          };
    case "succeed":
      return { Type: "Succeed" };
    case "lock-held":
      return {
        Type: "Parallel",
        Branches: [emitBranch(node.branch, ctx)],
        ResultPath: null,
        ...lockHeldCatch(node),
        Next: node.release,
      };
    case "lock-acquire":
      return emitLockAcquire(node);
    case "lock-check":
      return emitLockCheck(node);
    case "lock-busy":
      return emitLockBusy(node);
    case "lock-release":
      return emitLockRelease(node);
    case "lock-skip":
      return emitLockSkip(node);
    case "reraise":
      return emitReraise(node);
    case "reraise-check":
      return emitReraiseCheck(node);
    case "reraise-rename":
      return emitReraiseRename(node);
    case "finally-check":
      return emitFinallyCheck(node);
    case "notify":
      return emitNotify(node);
    case "map":
      return emitMap(node, emitBranch(node.body, ctx), {
        ...catchers(node.catch),
        ...transition(node.after),
      });
    default:
      return assertNever(node);
  }
}

/** A skipped workflow lock ends the run as skipped; any failure goes to the release after errors. */
function lockHeldCatch(node: LockHeldNode): { Catch?: Catcher[] } {
  const catchers: Catcher[] = [
    ...(node.skipped === undefined
      ? []
      : [{ ErrorEquals: [lockErrors.skipped], ResultPath: null, Next: node.skipped }]),
    ...(node.releaseAfterError === undefined
      ? []
      : [{ ErrorEquals: ["States.ALL"], ResultPath: node.errorPath, Next: node.releaseAfterError }]),
  ];
  return catchers.length > 0 ? { Catch: catchers } : {};
}

/** Regular Fargate: what every job not on Spot runs with. */
const onDemand: PayloadTemplate = { LaunchType: "FARGATE" };

/** RunTask's parameters; `placement` is `LaunchType`, or a Spot job's `CapacityProviderStrategy`. */
function runTaskParameters(job: ResolvedJob, ctx: EmitContext, placement: PayloadTemplate): PayloadTemplate {
  const { workflow } = ctx;
  const family = ctx.familyOf(job);
  const overrides: Record<string, PayloadTemplate[keyof PayloadTemplate]> = {
    ContainerOverrides: [containerOverride(family.container, job)],
  };
  const size = jobTaskSize(job);
  if (size) {
    overrides.Cpu = String(size.cpu);
    overrides.Memory = String(size.memory);
  }
  checkOverridesLength(job, family.container, overrides, ctx.sink);
  checkCommandLiterals(job, ctx.sink);
  return {
    Cluster: workflow.cluster,
    TaskDefinition: family.name,
    // ECS reports the group in the stopped task's description: failure notifications read the job from it.
    Group: jobTaskGroup(job.name),
    ...placement,
    NetworkConfiguration: ctx.networkConfiguration,
    Overrides: overrides,
  };
}

/** The ECS task group a job's tasks run in. */
export function jobTaskGroup(job: string): string {
  return `batchflow:${job}`;
}

/** `retry(retriers, reported)`, made once a retry list: jobs of one group share their retriers. */
function sharedRetry(
  retriers: ReadonlyArray<ResolvedRetrier>,
  reported: boolean,
  ctx: EmitContext,
): { Retry?: Retrier[] } {
  const made = reported ? ctx.reportedRetries : ctx.retries;
  let shared = made.get(retriers);
  if (shared === undefined) {
    shared = retry(retriers, reported);
    made.set(retriers, shared);
  }
  return shared;
}

/** `reported`: the job sends its own failure, a `Batchflow.X` for `States.X` (job output). */
function retry(retriers: ReadonlyArray<ResolvedRetrier>, reported: boolean): { Retry?: Retrier[] } {
  if (retriers.length === 0) return none;
  return {
    Retry: retriers.map((r) => ({
      ErrorEquals: reported ? withReraised(r.errors) : [...r.errors],
      IntervalSeconds: r.intervalSeconds,
      MaxAttempts: r.maxAttempts,
      BackoffRate: r.backoffRate,
      ...(r.maxDelaySeconds === undefined ? {} : { MaxDelaySeconds: r.maxDelaySeconds }),
      ...(r.jitter === undefined ? {} : { JitterStrategy: r.jitter }),
    })),
  };
}

/** What a state without catchers or retriers spreads in: one object, not a new one per state. */
const none: Readonly<Record<string, never>> = Object.freeze({});
const end: Transition = Object.freeze({ End: true });

function catchers(edges: ReadonlyArray<CatchEdge>): { Catch?: Catcher[] } {
  if (edges.length === 0) return none;
  return {
    Catch: edges.map((e) => ({ ErrorEquals: [...e.errors], ResultPath: e.resultPath, Next: e.next })),
  };
}

function transition(then: Continuation): Transition {
  return "next" in then ? { Next: then.next } : end;
}
