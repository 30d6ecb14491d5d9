import { assertNever, formatDuration, type ResolvedFlow, type ResolvedWorkflow } from "@batchflow/core";
import {
  type CatchEdge,
  type Continuation,
  groupErrors,
  type StateGraph,
  type StateNode,
} from "./state-graph.js";
import { StateNames } from "./state-names.js";

interface Lowered {
  readonly start: string;
  readonly states: ReadonlyArray<StateNode>;
}

const end: Continuation = { end: true };
const timeoutError = "States.Timeout";

/**
 * Turns the resolved flow into ASL-shaped states. Pure: the same workflow always gives the same
 * graph, states listed in the order a reader follows them.
 */
export function lower(workflow: ResolvedWorkflow): StateGraph {
  const names = new StateNames(workflow.jobs.map((j) => j.name));
  return lowerBranch(workflow.body, names);
}

function lowerBranch(flow: ResolvedFlow, names: StateNames): StateGraph {
  const { start, states } = lowerFlow(flow, end, names);
  return { startAt: start, states };
}

function lowerFlow(flow: ResolvedFlow, then: Continuation, names: StateNames): Lowered {
  switch (flow.kind) {
    case "job": {
      const handlers = lowerHandlers(flow, then, names);
      const state: StateNode = {
        type: "job",
        name: flow.job.name,
        job: flow.job,
        after: then,
        catch: handlers.edges,
      };
      return { start: state.name, states: [state, ...handlers.states] };
    }
    case "sequence": {
      if (flow.catch.length > 0 || flow.timeoutSeconds !== undefined) return lowerGroup(flow, then, names);
      const parts: Lowered[] = [];
      let next = then;
      for (let i = flow.steps.length - 1; i >= 0; i--) {
        const part = lowerFlow(flow.steps[i]!, next, names);
        parts.unshift(part);
        next = { next: part.start };
      }
      return { start: parts[0]!.start, states: parts.flatMap((p) => p.states) };
    }
    case "parallel": {
      if (flow.timeoutSeconds !== undefined) return lowerGroup(flow, then, names);
      const name = names.allocate("parallel", flow.branches.map(firstJob));
      const branches = flow.branches.map((b) => lowerBranch(b, names));
      const handlers = lowerHandlers(flow, then, names);
      const state: StateNode = { type: "parallel", name, branches, after: then, catch: handlers.edges };
      return { start: name, states: [state, ...handlers.states] };
    }
    default:
      return assertNever(flow);
  }
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
  names: StateNames,
): Lowered {
  const jobs = mainPathJobs(flow);
  const name = names.allocate("group", jobs.length > 1 ? [jobs[0]!, jobs[jobs.length - 1]!] : jobs);
  const { timeoutSeconds: budget, ...rest } = flow;
  const inner: ResolvedFlow = { ...rest, catch: [] };
  const handlers = lowerHandlers(flow, then, names);

  if (budget === undefined) {
    const state: StateNode = {
      type: "parallel",
      name,
      branches: [lowerBranch(inner, names)],
      after: then,
      catch: handlers.edges,
    };
    return { start: name, states: [state, ...handlers.states] };
  }

  const doneName = names.allocate(name, ["done"]);
  const work = lowerFlow(inner, { next: doneName }, names);
  const workBranch: StateGraph = {
    startAt: work.start,
    states: [
      ...work.states,
      { type: "fail", name: doneName, error: groupErrors.done, cause: `${name} finished` },
    ],
  };
  const waitName = names.allocate(name, ["budget"]);
  const expiredName = names.allocate(name, ["expired"]);
  const timerBranch: StateGraph = {
    startAt: waitName,
    states: [
      { type: "wait", name: waitName, seconds: budget, after: { next: expiredName } },
      {
        type: "fail",
        name: expiredName,
        error: groupErrors.timeout,
        cause: `${name} ran longer than its ${formatDuration(budget)} budget`,
      },
    ],
  };
  const after: StateNode[] = [];
  let continueAt: string;
  if ("next" in then) {
    continueAt = then.next;
  } else {
    continueAt = names.allocate(name, ["finished"]);
    after.push({ type: "succeed", name: continueAt });
  }
  const state: StateNode = {
    type: "parallel",
    name,
    branches: [workBranch, timerBranch],
    after: then,
    catch: [{ errors: [groupErrors.done], next: continueAt, resultPath: null }, ...handlers.edges],
  };
  return { start: name, states: [state, ...after, ...handlers.states] };
}

function lowerHandlers(
  flow: ResolvedFlow,
  then: Continuation,
  names: StateNames,
): { edges: CatchEdge[]; states: StateNode[] } {
  const edges: CatchEdge[] = [];
  const states: StateNode[] = [];
  for (const c of flow.catch) {
    const handler = lowerFlow(c.handler, then, names);
    // A group's budget (this group's or one inside it) fails with batchflow's own error; a
    // States.Timeout catch on a group means that too. Jobs time out with States.Timeout itself.
    const errors =
      flow.kind !== "job" && c.errors.includes(timeoutError)
        ? [...new Set([...c.errors, groupErrors.timeout])]
        : c.errors;
    edges.push({ errors, next: handler.start, resultPath: "$.error" });
    states.push(...handler.states);
  }
  return { edges, states };
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
    default:
      return assertNever(flow);
  }
}

function firstJob(flow: ResolvedFlow): string {
  return mainPathJobs(flow)[0] ?? "empty";
}
