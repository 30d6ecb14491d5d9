import { assertNever } from "@batchflow/core";
import { lockTries } from "./lock-states.js";
import type { NotifyStep } from "./notify-nodes.js";
import { nestedGraphs, type StateGraph, type StateNode } from "./state-graph.js";

/**
 * What a state of the compiled definition is for. `compile()` returns one for every state (and
 * writes them to manifest.json), so the local runner and `simulate()` read what a state does instead
 * of recognising it from its JSON: the user's jobs and groups, and batchflow's machinery around them.
 */
export type StateRole =
  | { readonly kind: "job"; readonly job: string }
  /** A `parallel()` of the user's. */
  | { readonly kind: "parallel" }
  /**
   * A `map()`: its body runs once per item (`distributed`: as child executions), the items read
   * from a list in the state's input, or from an S3 listing (`s3Items()`).
   */
  | {
      readonly kind: "map";
      readonly distributed: boolean;
      readonly items: "list" | "s3";
      readonly concurrency?: number;
    }
  /** The Parallel that carries a group's catch or time budget. */
  | { readonly kind: "group" }
  /** The Wait that is a group's time budget: a timeout, never shortened as a pause. */
  | { readonly kind: "group-budget"; readonly group: string; readonly seconds: number }
  | { readonly kind: "group-end"; readonly group: string; readonly outcome: "done" | "expired" }
  | { readonly kind: "end" }
  /** The call of the workflow's lock machine that takes the lock (it polls while another run holds it). */
  | {
      readonly kind: "lock-acquire";
      readonly lock: string;
      readonly table: string;
      /** Whether a busy lock skips or fails. */
      readonly onBusy: "skip" | "fail";
      /** Polls before giving up (0: one try), `pollSeconds` apart. */
      readonly tries: number;
      readonly pollSeconds: number;
      /** The state running the guarded flow (the acquire call is the first state of its branch). */
      readonly held: string;
      /** The jobs the lock guards, in definition order. */
      readonly jobs: ReadonlyArray<string>;
    }
  /** Whether the lock machine said held. */
  | { readonly kind: "lock-check"; readonly lock: string; readonly acquire: string }
  /** Entered when the lock stayed busy: fails, or (a job lock with `onBusy: "skip"`) ends the branch. */
  | {
      readonly kind: "lock-busy";
      readonly lock: string;
      readonly acquire: string;
      readonly action: "fail" | "skip-job" | "skip-workflow";
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
  /** A rethrowing catch's check of the caught name, and its renaming of a `States.` one. */
  | { readonly kind: "reraise-check" }
  | { readonly kind: "reraise-rename" }
  /** After a `.finally()` handler: raise the caught failure again, or go on after a success. */
  | { readonly kind: "finally-check" }
  | { readonly kind: "notify"; readonly step: NotifyStep["kind"] }
  /** The Parallel around a Spot job's run: its Retry runs the job again after a Spot interruption. */
  | { readonly kind: "spot-run"; readonly job: string }
  /** The job on regular Fargate, when Spot had no capacity: a run of `job` like its own Task state. */
  | { readonly kind: "spot-fallback"; readonly job: string }
  /** Whether a failed run on Spot was interrupted; then raising the interruption, or the other failure. */
  | { readonly kind: "spot-check"; readonly job: string }
  | { readonly kind: "spot-interrupted"; readonly job: string }
  | { readonly kind: "spot-failed"; readonly job: string };

export type StateRoleKind = StateRole["kind"];

/** Every state's role, by state name, in definition order. */
export function stateRoles(graph: StateGraph): Record<string, StateRole> {
  const roles: Record<string, StateRole> = {};
  const visit = (g: StateGraph): void => {
    for (const node of g.states) {
      roles[node.name] = roleOf(node);
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
    case "map":
      return {
        kind: "map",
        distributed: node.distributed,
        items: node.items.kind === "s3" ? "s3" : "list",
        ...(node.concurrency === undefined ? {} : { concurrency: node.concurrency }),
      };
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
        onBusy: node.onBusy,
        tries: node.lock.waitSeconds > 0 ? lockTries(node.lock) : 0,
        pollSeconds: node.lock.pollSeconds,
        held: node.held,
        jobs: node.jobs,
      };
    case "lock-check":
      return { kind: "lock-check", lock: node.lock, acquire: node.acquire };
    case "lock-busy":
      return { kind: "lock-busy", lock: node.lock.name, acquire: node.acquire, action: node.action };
    case "lock-held":
      return { kind: "lock-held", lock: node.lock };
    case "lock-release":
      return { kind: "lock-release", lock: node.lock.name, acquire: node.acquire, after: node.outcome.kind };
    case "lock-skip":
      return { kind: "lock-skip", lock: node.lock };
    case "reraise":
      return { kind: "reraise" };
    case "reraise-check":
      return { kind: "reraise-check" };
    case "reraise-rename":
      return { kind: "reraise-rename" };
    case "finally-check":
      return { kind: "finally-check" };
    case "notify":
      return { kind: "notify", step: node.step.kind };
    case "spot-run":
    case "spot-check":
    case "spot-interrupted":
    case "spot-failed":
      return { kind: node.type, job: node.job };
    case "spot-fallback":
      return { kind: "spot-fallback", job: node.job.name };
    default:
      return assertNever(node);
  }
}
