import { acquireExpression, lockAttributes, lockErrors } from "@batchflow/aws";
import { collectStates } from "../interpreter/execute-asl.js";
import { isJobState, taskKind } from "../services/task-kind.js";

/** One lock as the compiled definition uses it (docs/design/locks-and-notifications.md). */
export interface LockScope {
  /** The `<prefix>-acquire` Parallel state: its failure with `Batchflow.LockBusy` is the give-up. */
  readonly acquire: string;
  /** The Task state in the acquire loop that makes the acquire call. */
  readonly take: string;
  /**
   * How long the loop keeps trying (`wait`, seconds), read from the state that sets its deadline; undefined
   * if that state is not found.
   */
  readonly waitSeconds: number | undefined;
  /** The `<prefix>-held` Parallel state that runs the guarded flow. */
  readonly held: string | undefined;
  readonly lock: string;
  readonly table: string;
  /** What a busy lock does: the acquire state catches `Batchflow.LockBusy` exactly when it skips. */
  readonly onBusy: "skip" | "fail";
  /** The jobs the lock guards, in definition order. */
  readonly jobs: ReadonlyArray<string>;
}

/**
 * The locks of a definition, keyed by their acquire state: a Parallel state whose branch makes the
 * acquire call. Read from the ASL itself, so progress and simulations can say which lock was busy and
 * what it guarded without knowing how the compiler names states.
 */
export function lockScopes(definition: unknown): Map<string, LockScope> {
  const states = collectStates(definition);
  const byName = new Map(states.map((s) => [s.name, s.state]));
  const scopes = new Map<string, LockScope>();
  for (const { name, state } of states) {
    if (state.Type !== "Parallel" || !Array.isArray(state.Branches) || state.Branches.length !== 1) continue;
    const take = collectStates(state.Branches[0]).find(
      ({ state: s }) =>
        s.Type === "Task" &&
        taskKind(s.Resource) === "lock" &&
        (s.Parameters as { UpdateExpression?: unknown } | undefined)?.UpdateExpression ===
          acquireExpression.UpdateExpression,
    );
    if (take === undefined) continue;
    const parameters = take.state.Parameters as {
      TableName?: unknown;
      Key?: Record<string, { S?: unknown }>;
    };
    const held = typeof state.Next === "string" ? state.Next : undefined;
    const heldState = held === undefined ? undefined : byName.get(held);
    const catchers = Array.isArray(state.Catch) ? (state.Catch as Array<{ ErrorEquals?: unknown }>) : [];
    scopes.set(name, {
      acquire: name,
      take: take.name,
      waitSeconds: waitOf(state.Branches[0]),
      held,
      lock: String(parameters.Key?.[lockAttributes.name]?.S ?? ""),
      table: String(parameters.TableName ?? ""),
      onBusy: catchers.some((c) => Array.isArray(c.ErrorEquals) && c.ErrorEquals.includes(lockErrors.busy))
        ? "skip"
        : "fail",
      jobs:
        heldState === undefined
          ? []
          : collectStates({ States: { [held!]: heldState } })
              .filter(({ state: s }) => isJobState(s))
              .map((s) => s.name),
    });
  }
  return scopes;
}

/**
 * The `wait` of an acquire loop: its deadline is `States.MathAdd(<now>, <wait>)` into `….deadline`; a
 * loop without a Wait state (`wait: "0s"`) tries once.
 */
function waitOf(branch: unknown): number | undefined {
  const states = collectStates(branch);
  if (!states.some(({ state }) => state.Type === "Wait")) return 0;
  for (const { state } of states) {
    if (
      state.Type !== "Pass" ||
      typeof state.ResultPath !== "string" ||
      !state.ResultPath.endsWith(".deadline")
    )
      continue;
    for (const value of Object.values((state.Parameters ?? {}) as Record<string, unknown>)) {
      const match = typeof value === "string" ? /^States\.MathAdd\(.+,\s*(\d+)\)$/.exec(value) : null;
      if (match) return Number(match[1]);
    }
  }
  return undefined;
}
