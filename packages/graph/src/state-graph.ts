import type { CompiledWorkflow, State, StateMachineBranch, StateRole } from "@batchflow/aws";
import type { ResolvedWorkflow } from "@batchflow/core";
import { GraphBuilder } from "./graph-builder.js";
import type { JobOutcome, WorkflowGraph } from "./graph-model.js";
import { errorsText, jobRow, outcomeText, scheduleLines } from "./job-labels.js";
import { jobLocks } from "./job-locks.js";

/**
 * The state graph of a workflow: every state of the state machine that deploys, with its
 * transitions, catches, Parallel branches and Map processors. What each state is for comes from
 * compile()'s `stateRoles`, so the states batchflow generated (locks, notifications, group budgets,
 * re-raises, Spot fallbacks) are told apart from the flow's own.
 */
export function stateGraph(
  compiled: CompiledWorkflow,
  resolved: ResolvedWorkflow,
  outcomes?: ReadonlyMap<string, JobOutcome>,
): WorkflowGraph {
  const g = new GraphBuilder();
  const roles = compiled.stateRoles;
  const locks = jobLocks(resolved.body);

  /** Draws a branch's states; returns its first state's id and the ids of the states that end it. */
  const drawBranch = (branch: StateMachineBranch): { start: string; ends: string[] } => {
    const ids = new Map<string, string>();
    const ends: string[] = [];
    const after: Array<() => void> = [];
    for (const [name, state] of Object.entries(branch.States)) {
      const role = roles[name];
      const id = drawState(name, state, role, ends, after);
      ids.set(name, id);
    }
    const idOf = (name: string): string => ids.get(name) ?? name;
    for (const [name, state] of Object.entries(branch.States)) {
      const from = exitOf.get(name) ?? idOf(name);
      if ("Next" in state && typeof state.Next === "string") g.edge(from, idOf(state.Next));
      if (state.Type === "Choice") {
        for (const rule of state.Choices)
          if (rule.Next !== undefined) g.edge(idOf(name), idOf(rule.Next), "next", "when");
        if (state.Default !== undefined) g.edge(idOf(name), idOf(state.Default), "next", "otherwise");
      }
      if ("Catch" in state && state.Catch !== undefined) {
        for (const c of state.Catch) g.edge(idOf(name), idOf(c.Next), "catch", errorsText(c.ErrorEquals));
      }
    }
    for (const fn of after) fn();
    return { start: idOf(branch.StartAt), ends };
  };

  /** The node a state's `Next` leaves from: a Parallel's or Map's join, once its branches are done. */
  const exitOf = new Map<string, string>();

  const drawState = (
    name: string,
    state: State,
    role: StateRole | undefined,
    ends: string[],
    after: Array<() => void>,
  ): string => {
    const job = role?.kind === "job" ? role.job : undefined;
    const outcome = job === undefined ? undefined : outcomes?.get(job);
    const machinery = role !== undefined && isMachinery(role);
    const details = [machinery ? `${state.Type} · ${role.kind}` : state.Type];
    if (outcome !== undefined) details.push(outcomeText(outcome));
    const id = g.node({
      kind: job !== undefined ? "job" : machinery ? "machinery" : "state",
      title: name,
      details,
      ...(job === undefined ? {} : { job }),
      ...(outcome === undefined ? {} : { outcome }),
      ...(role === undefined ? {} : { role: role.kind }),
    });
    if (state.Type === "Parallel" || state.Type === "Map") {
      const branches = state.Type === "Parallel" ? state.Branches : [state.ItemProcessor];
      const kind = state.Type === "Parallel" ? "parallel" : "map";
      g.cluster(kind, `${name} (${state.Type})`, () => {
        const drawn = branches.map((b) => drawBranch(b));
        const join = g.node({ kind: "join", title: "", details: [] });
        after.push(() => {
          for (const d of drawn) {
            g.edge(id, d.start, "branch");
            for (const end of d.ends) g.edge(end, join);
          }
        });
        exitOf.set(name, join);
      });
    }
    const terminal = state.Type === "Succeed" || ("End" in state && state.End === true);
    if (terminal) ends.push(exitOf.get(name) ?? id);
    return id;
  };

  const start = g.node({
    id: "start",
    kind: "start",
    title: resolved.name,
    details: scheduleLines(resolved),
  });
  const top = drawBranch(compiled.stateMachine);
  g.edge(start, top.start);
  const end = g.node({ id: "end", kind: "end", title: "succeeded", details: [] });
  for (const e of top.ends) g.edge(e, end);
  return g.build({
    workflow: resolved.name,
    ...(resolved.description === undefined ? {} : { description: resolved.description }),
    level: "states",
    jobs: resolved.jobs.map((j) => jobRow(j, locks.get(j.name), outcomes?.get(j.name))),
  });
}

/** The states batchflow adds around the flow, drawn smaller and grey. */
function isMachinery(role: StateRole): boolean {
  switch (role.kind) {
    case "job":
    case "parallel":
    case "map":
    case "end":
      return false;
    default:
      return true;
  }
}
