import { assertNever, type ResolvedCatch, type ResolvedFlow, type ResolvedWorkflow } from "@batchflow/core";
import { lowerLockedFlow } from "./lock-states.js";
import { withMapFailure } from "./map-errors.js";
import { mapStateNode } from "./map-states.js";
import { type FinallyCheckNode, reraiseCaught, withReraised } from "./reraise-states.js";
import { lowerSpotJob, withSpotTwins } from "./spot-states.js";
import {
  type CatchEdge,
  type Continuation,
  graphJobs,
  groupBudgetNode,
  groupEndNode,
  groupErrors,
  type StateGraph,
  type StateNode,
  succeedNode,
} from "./state-graph.js";
import { StateNames } from "./state-names.js";

interface Lowered {
  readonly start: string;
  readonly states: ReadonlyArray<StateNode>;
}

const end: Continuation = { end: true };
const timeoutError = "States.Timeout";

interface Lowering {
  readonly workflow: string;
  readonly names: StateNames;
  /**
   * Whether a failure here can be caught further out (a group's or a parallel()'s catch), so
   * the run may go on: a lock must then give itself back after a failure. When nothing can catch
   * it, the failure ends the run, and the lock is free the moment the run has ended.
   */
  readonly caught: boolean;
}

/**
 * Turns the resolved flow into ASL-shaped states. Pure: the same workflow always gives the same
 * graph, states listed in the order a reader follows them.
 */
export function lower(workflow: ResolvedWorkflow): StateGraph {
  const names = new StateNames(workflow.jobs.map((j) => j.name));
  const ctx: Lowering = { workflow: workflow.name, names, caught: false };
  const body = lowerBranch(workflow.body, ctx);
  const { lock } = workflow;
  if (lock) {
    const locked = lowerLockedFlow(
      {
        lock,
        workflow: workflow.name,
        prefix: names.allocate("lock", [lock.name.replace(/[^A-Za-z0-9_-]/g, "-")]),
        guarded: body,
        jobs: graphJobs(body),
        after: end,
        busy: lock.onBusy === "fail" ? "fail" : "skip-workflow",
        // Nothing is around the workflow's lock: a failure ends the run.
        releaseAfterError: false,
      },
      names,
    );
    return { startAt: locked.start, states: locked.states };
  }
  return body;
}

function lowerBranch(flow: ResolvedFlow, ctx: Lowering): StateGraph {
  const { start, states } = lowerFlow(flow, end, ctx);
  return { startAt: start, states };
}

function lowerFlow(flow: ResolvedFlow, then: Continuation, ctx: Lowering): Lowered {
  const { names } = ctx;
  const last = flow.catch.at(-1);
  if (last?.finally) return lowerFinally(flow, last, then, ctx);
  switch (flow.kind) {
    case "job": {
      if (flow.lock) return lowerJobLock(flow, then, ctx);
      const handlers = lowerHandlers(flow, then, ctx);
      if (flow.job.spot) {
        const spot = lowerSpotJob(flow.job, flow.job.spot, handlers.edges, then, names);
        return { start: spot.start, states: [...spot.states, ...handlers.states] };
      }
      const state: StateNode = {
        type: "job",
        name: flow.job.name,
        job: flow.job,
        after: then,
        catch: handlers.edges,
      };
      return {
        start: state.name,
        states: handlers.states.length === 0 ? [state] : [state, ...handlers.states],
      };
    }
    case "sequence": {
      if (flow.catch.length > 0 || flow.timeoutSeconds !== undefined) return lowerGroup(flow, then, ctx);
      // Lowered from the last step back (each needs the start of the next), listed first to last.
      const parts: Lowered[] = [];
      let next = then;
      for (let i = flow.steps.length - 1; i >= 0; i--) {
        const part = lowerFlow(flow.steps[i]!, next, ctx);
        parts.push(part);
        next = { next: part.start };
      }
      const states: StateNode[] = [];
      for (let i = parts.length - 1; i >= 0; i--) for (const state of parts[i]!.states) states.push(state);
      return { start: parts[parts.length - 1]!.start, states };
    }
    case "parallel": {
      if (flow.timeoutSeconds !== undefined) return lowerGroup(flow, then, ctx);
      const name = names.allocate("parallel", flow.branches.map(firstJob));
      const inside = flow.catch.length > 0 ? { ...ctx, caught: true } : ctx;
      const branches = flow.branches.map((b) => lowerBranch(b, inside));
      const handlers = lowerHandlers(flow, then, ctx);
      const state: StateNode = {
        type: "parallel",
        name,
        group: false,
        branches,
        after: then,
        catch: handlers.edges,
      };
      return { start: name, states: [state, ...handlers.states] };
    }
    case "map": {
      if (flow.timeoutSeconds !== undefined) return lowerGroup(budgetGroup(flow), then, ctx);
      const name = names.allocate("map", [firstJob(flow.body)]);
      // A failed item fails the Map state, where the map's own catch (if any) takes it.
      const inside = flow.catch.length > 0 ? { ...ctx, caught: true } : ctx;
      const handlers = lowerHandlers(flow, then, ctx);
      const state = mapStateNode({
        name,
        items: flow.items,
        inputPath: flow.inputPath,
        body: lowerBranch(flow.body, inside),
        concurrency: flow.concurrency,
        distributed: flow.distributed,
        toleratedFailure: flow.toleratedFailure,
        after: then,
        catch: handlers.edges,
      });
      return { start: name, states: [state, ...handlers.states] };
    }
    default:
      return assertNever(flow);
  }
}

/** A map with a time budget: the map inside a sequence that carries the budget and the catches. */
function budgetGroup(flow: ResolvedFlow & { kind: "map" }): ResolvedFlow & { kind: "sequence" } {
  const { timeoutSeconds, catch: catchers, ...map } = flow;
  return {
    kind: "sequence",
    steps: [{ ...map, catch: [] }],
    catch: catchers,
    ...(timeoutSeconds === undefined ? {} : { timeoutSeconds }),
  };
}

/**
 * A group with a catch or a time budget becomes a one-branch Parallel state that carries them.
 * ASL has no timeout on a Parallel state, so a budget is a race: a second branch waits out the
 * budget and fails; the work branch fails with a "done" error when it finishes first. Either
 * failure stops the other branch (and any ECS task running in it).
 */
function lowerGroup(
  flow: ResolvedFlow & { kind: "sequence" | "parallel" },
  then: Continuation,
  ctx: Lowering,
): Lowered {
  const { names } = ctx;
  const jobs = mainPathJobs(flow);
  const name = names.allocate("group", jobs.length > 1 ? [jobs[0]!, jobs[jobs.length - 1]!] : jobs);
  const { timeoutSeconds: budget, ...rest } = flow;
  const inner: ResolvedFlow = { ...rest, catch: [] };
  const handlers = lowerHandlers(flow, then, ctx);
  const inside = flow.catch.length > 0 ? { ...ctx, caught: true } : ctx;

  if (budget === undefined) {
    const state: StateNode = {
      type: "parallel",
      name,
      group: true,
      branches: [lowerBranch(inner, inside)],
      after: then,
      catch: handlers.edges,
    };
    return { start: name, states: [state, ...handlers.states] };
  }

  const doneName = names.allocate(name, ["done"]);
  const work = lowerFlow(inner, { next: doneName }, inside);
  const workBranch: StateGraph = {
    startAt: work.start,
    states: [...work.states, groupEndNode({ name: doneName, group: name, outcome: "done", seconds: budget })],
  };
  const waitName = names.allocate(name, ["budget"]);
  const expiredName = names.allocate(name, ["expired"]);
  const timerBranch: StateGraph = {
    startAt: waitName,
    states: [
      groupBudgetNode({ name: waitName, group: name, seconds: budget, expired: expiredName }),
      groupEndNode({ name: expiredName, group: name, outcome: "expired", seconds: budget }),
    ],
  };
  const after: StateNode[] = [];
  let continueAt: string;
  if ("next" in then) {
    continueAt = then.next;
  } else {
    continueAt = names.allocate(name, ["finished"]);
    after.push(succeedNode(continueAt));
  }
  const state: StateNode = {
    type: "parallel",
    name,
    group: true,
    branches: [workBranch, timerBranch],
    after: then,
    catch: [{ errors: [groupErrors.done], next: continueAt, resultPath: null }, ...handlers.edges],
  };
  return { start: name, states: [state, ...after, ...handlers.states] };
}

/** A job that runs only while holding its lock: the job, its retries and handlers inside the lock's states. */
function lowerJobLock(flow: ResolvedFlow & { kind: "job" }, then: Continuation, ctx: Lowering): Lowered {
  const lock = flow.lock!;
  const { lock: _, ...unlocked } = flow;
  const prefix = ctx.names.allocate(flow.job.name, ["lock"]);
  const guarded = lowerBranch(unlocked, ctx);
  const locked = lowerLockedFlow(
    {
      lock,
      workflow: ctx.workflow,
      prefix,
      guarded,
      jobs: graphJobs(guarded),
      after: then,
      busy: lock.onBusy === "fail" ? "fail" : "skip-job",
      releaseAfterError: ctx.caught,
    },
    ctx.names,
  );
  return { start: locked.start, states: locked.states };
}

function lowerHandlers(
  flow: ResolvedFlow,
  then: Continuation,
  ctx: Lowering,
): { edges: ReadonlyArray<CatchEdge>; states: ReadonlyArray<StateNode> } {
  // Most steps catch nothing: they share one empty result.
  if (flow.catch.length === 0) return noHandlers;
  const edges: CatchEdge[] = [];
  const states: StateNode[] = [];
  for (const c of flow.catch) {
    // A rethrowing handler ends by raising the caught error again, not by going on.
    const rethrow = c.rethrow ? reraiseCaught(ctx.names, firstJob(c.handler), caughtErrorPath) : undefined;
    const handler = lowerFlow(c.handler, rethrow ? { next: rethrow.start } : then, ctx);
    // A group's budget (this group's or one inside it) fails with batchflow's own error; a
    // States.Timeout catch on a group means that too. Jobs time out with States.Timeout itself.
    const errors =
      flow.kind !== "job" && c.errors.includes(timeoutError)
        ? [...new Set([...c.errors, groupErrors.timeout])]
        : c.errors;
    edges.push({
      errors: [...withMapFailure(matchers(flow, errors), flow)],
      next: handler.start,
      resultPath: caughtErrorPath,
    });
    states.push(...handler.states, ...(rethrow?.states ?? []));
  }
  return { edges, states };
}

const noHandlers = Object.freeze({ edges: Object.freeze([]), states: Object.freeze([]) });

const caughtErrorPath = "$.error";
/*
 * Where a finally's catch puts the failure. Only a failure's path reaches it (a success enters the
 * handler without it), and that path always ends in raising it again, so no later success sees it.
 */
const finallyErrorPath = "$.batchflowFinally";

/**
 * `.finally(handler)`: the flow (with its other catches) in a one-branch Parallel whose catch of
 * `States.ALL` puts the failure at `$.batchflowFinally` and goes to the handler, as a success
 * does; after the handler a Choice raises the failure again (as a rethrowing catch does) when
 * there is one, else goes on.
 */
function lowerFinally(flow: ResolvedFlow, fin: ResolvedCatch, then: Continuation, ctx: Lowering): Lowered {
  const { names } = ctx;
  const base = firstJob(fin.handler);
  const name = names.allocate("finally", [firstJob(flow)]);
  const check = names.allocate(base, ["finally"]);
  const raise = reraiseCaught(names, `${base}-finally`, finallyErrorPath);
  const after: StateNode[] = [];
  let next: string;
  if ("next" in then) {
    next = then.next;
  } else {
    next = names.allocate(base, ["finally", "end"]);
    after.push(succeedNode(next));
  }
  const handler = lowerFlow(fin.handler, { next: check }, ctx);
  const body: ResolvedFlow = { ...flow, catch: flow.catch.slice(0, -1) };
  const state: StateNode = {
    type: "parallel",
    name,
    group: true,
    // Inside, a failure is caught: a lock there gives itself back after one.
    branches: [lowerBranch(body, { ...ctx, caught: true })],
    after: { next: handler.start },
    catch: [{ errors: ["States.ALL"], next: handler.start, resultPath: finallyErrorPath }],
  };
  const checkNode: FinallyCheckNode = Object.freeze({
    type: "finally-check",
    name: check,
    errorPath: finallyErrorPath,
    raise: raise.start,
    next,
  });
  return { start: name, states: [state, ...handler.states, checkNode, ...raise.states, ...after] };
}

/**
 * What a catch on `flow` lists for the user's `errors`. A lock, a rethrowing catch or a Spot job
 * inside a group raises a caught `States.X` again as `Batchflow.X`: match both; a Spot job's
 * interruption also fails as `Batchflow.SpotInterrupted`. A job's own catch sees its task's errors as
 * they are, unless it runs on Spot (its catch is on the Spot run around it) or has `output: true`
 * (it reports its own failure as `Batchflow.TaskFailed`, see docs/design/job-output.md).
 */
function matchers(flow: ResolvedFlow, errors: ReadonlyArray<string>): ReadonlyArray<string> {
  if (hasSpot(flow)) return withSpotTwins(errors);
  const reraises = flow.kind === "job" ? flow.job.output !== undefined : mayReraise(flow);
  return reraises ? withReraised(errors) : errors;
}

/** Whether a Spot job runs in the flow (its catch handlers included). */
function hasSpot(flow: ResolvedFlow): boolean {
  if (flow.catch.some((c) => hasSpot(c.handler))) return true;
  switch (flow.kind) {
    case "job":
      return flow.job.spot !== undefined;
    case "sequence":
      return flow.steps.some(hasSpot);
    case "parallel":
      return flow.branches.some(hasSpot);
    case "map":
      return hasSpot(flow.body);
    default:
      return assertNever(flow);
  }
}

/**
 * Whether the flow can fail with a `Batchflow.X` for a `States.X`: a lock guards one of its jobs,
 * one of its catches rethrows (its catch handlers included), or a job with `output: true` reports
 * its own failure (`Batchflow.TaskFailed`, see docs/design/job-output.md).
 */
function mayReraise(flow: ResolvedFlow): boolean {
  if (flow.catch.some((c) => c.rethrow || mayReraise(c.handler))) return true;
  switch (flow.kind) {
    case "job":
      return flow.lock !== undefined || flow.job.output !== undefined;
    case "sequence":
      return flow.steps.some(mayReraise);
    case "parallel":
      return flow.branches.some(mayReraise);
    case "map":
      return mayReraise(flow.body);
    default:
      return assertNever(flow);
  }
}

/** The jobs a flow runs when nothing fails, in order; names its group states. */
function mainPathJobs(flow: ResolvedFlow): string[] {
  switch (flow.kind) {
    case "job":
      return [flow.job.name];
    case "sequence":
      return flow.steps.flatMap(mainPathJobs);
    case "parallel":
      return flow.branches.flatMap(mainPathJobs);
    case "map":
      return mainPathJobs(flow.body);
    default:
      return assertNever(flow);
  }
}

function firstJob(flow: ResolvedFlow): string {
  return mainPathJobs(flow)[0] ?? "empty";
}
