import { assertNever } from "@batchflow/core";
import type { LockAcquireNode } from "./lock-nodes.js";
import { lockTries } from "./lock-states.js";
import type { NotifyStep } from "./notify-nodes.js";
import { nestedGraphs, type StateGraph, type StateNode } from "./state-graph.js";

/** A step of a lock's acquire loop (docs/design/locks-and-notifications.md). */
export type LockLoopStep =
  | "take"
  | "holder"
  | "holder-known"
  | "holder-status"
  | "holder-running"
  | "take-over"
  | "tried"
  | "poll"
  | "next-try"
  | "busy";

/**
 * What a state of the compiled definition is for. `compile()` returns one for every state (and
 * writes them to manifest.json), so the local runner and `simulate()` read what a state does instead
 * of recognising it from its JSON: the user's jobs and groups, and batchflow's machinery around them.
 */
export type StateRole =
  | { readonly kind: "job"; readonly job: string }
  /** A `parallel()` of the user's. */
  | { readonly kind: "parallel" }
  /** The Parallel that carries a group's catch or time budget. */
  | { readonly kind: "group" }
  /** The Wait that is a group's time budget: a timeout, never shortened as a pause. */
  | { readonly kind: "group-budget"; readonly group: string; readonly seconds: number }
  | { readonly kind: "group-end"; readonly group: string; readonly outcome: "done" | "expired" }
  | { readonly kind: "end" }
  | {
      readonly kind: "lock-acquire";
      readonly lock: string;
      readonly table: string;
      /** Whether a busy lock skips (the acquire state catches `Batchflow.LockBusy`) or fails. */
      readonly onBusy: "skip" | "fail";
      /** Polls before giving up (0: one try), `pollSeconds` apart. */
      readonly tries: number;
      readonly pollSeconds: number;
      /** The state running the guarded flow. */
      readonly held: string;
      /** The jobs the lock guards, in definition order. */
      readonly jobs: ReadonlyArray<string>;
    }
  | {
      readonly kind: "lock-loop";
      readonly lock: string;
      readonly acquire: string;
      readonly step: LockLoopStep;
    }
  | { readonly kind: "lock-held"; readonly lock: string }
  | {
      readonly kind: "lock-release";
      readonly lock: string;
      readonly acquire: string;
      readonly after: "success" | "failure";
    }
  | { readonly kind: "lock-skip"; readonly lock: string }
  | { readonly kind: "reraise" }
  | { readonly kind: "notify-run" }
  | { readonly kind: "notify-wrap-up" }
  | { readonly kind: "notify"; readonly step: NotifyStep["kind"] };

export type StateRoleKind = StateRole["kind"];

/** Every state's role, by state name, in definition order. */
export function stateRoles(graph: StateGraph): Record<string, StateRole> {
  const roles: Record<string, StateRole> = {};
  const visit = (g: StateGraph): void => {
    for (const node of g.states) {
      roles[node.name] = roleOf(node);
      if (node.type === "lock-acquire") Object.assign(roles, loopRoles(node));
      for (const nested of nestedGraphs(node)) visit(nested);
    }
  };
  visit(graph);
  return roles;
}

function roleOf(node: StateNode): StateRole {
  switch (node.type) {
    case "job":
      return { kind: "job", job: node.job.name };
    case "parallel":
      return { kind: node.group ? "group" : "parallel" };
    case "group-budget":
      return { kind: "group-budget", group: node.group, seconds: node.seconds };
    case "group-end":
      return { kind: "group-end", group: node.group, outcome: node.outcome };
    case "succeed":
      return { kind: "end" };
    case "lock-acquire":
      return {
        kind: "lock-acquire",
        lock: node.lock.name,
        table: node.lock.table,
        onBusy: node.busy === undefined ? "fail" : "skip",
        tries: node.loop.poll ? lockTries(node.lock) : 0,
        pollSeconds: node.lock.pollSeconds,
        held: node.after.next,
        jobs: node.jobs,
      };
    case "lock-held":
      return { kind: "lock-held", lock: node.lock };
    case "lock-release":
      return { kind: "lock-release", lock: node.lock.name, acquire: node.acquire, after: node.outcome.kind };
    case "lock-skip":
      return { kind: "lock-skip", lock: node.lock };
    case "reraise":
      return { kind: "reraise" };
    case "notify-run":
      return { kind: "notify-run" };
    case "notify-wrap-up":
      return { kind: "notify-wrap-up" };
    case "notify":
      return { kind: "notify", step: node.step.kind };
    default:
      return assertNever(node);
  }
}

/** The acquire loop's states, which the acquire node emits inside its own branch. */
function loopRoles(node: LockAcquireNode): Record<string, StateRole> {
  const { loop } = node;
  const steps: Array<[string, LockLoopStep]> = [
    [loop.take, "take"],
    [loop.holder, "holder"],
    [loop.holderKnown, "holder-known"],
    [loop.holderStatus, "holder-status"],
    [loop.holderRunning, "holder-running"],
    [loop.takeOver, "take-over"],
    ...(loop.poll
      ? ([
          [loop.poll.tried, "tried"],
          [loop.poll.wait, "poll"],
          [loop.poll.nextTry, "next-try"],
        ] as Array<[string, LockLoopStep]>)
      : []),
    [loop.busy, "busy"],
  ];
  return Object.fromEntries(
    steps.map(([name, step]) => [
      name,
      { kind: "lock-loop", lock: node.lock.name, acquire: node.name, step },
    ]),
  );
}
