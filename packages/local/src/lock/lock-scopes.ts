import { acquireExpression, lockAttributes, lockErrors, takeOverExpression } from "@batchflow/aws";
import { collectStates } from "../interpreter/execute-asl.js";
import { isJobState, taskKind } from "../services/task-kind.js";

/** One lock as the compiled definition uses it (docs/design/locks-and-notifications.md). */
export interface LockScope {
  /** The `<prefix>-acquire` Parallel state: its failure with `Batchflow.LockBusy` is the give-up. */
  readonly acquire: string;
  /** The Task states in the acquire loop that write the lock: the acquire call, and the take-over. */
  readonly take: string;
  readonly takeOver: string | undefined;
  /**
   * How long the loop keeps trying (seconds): its number of tries times its poll, at least `wait`;
   * undefined if the loop's states are not found.
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
    const loop = collectStates(state.Branches[0]);
    const writing = (expression: typeof acquireExpression | typeof takeOverExpression) =>
      loop.find(
        ({ state: s }) =>
          s.Type === "Task" &&
          taskKind(s.Resource) === "lock" &&
          (s.Parameters as { ConditionExpression?: unknown } | undefined)?.ConditionExpression ===
            expression.ConditionExpression,
      );
    const take = writing(acquireExpression);
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
      takeOver: writing(takeOverExpression)?.name,
      waitSeconds: waitOf(loop),
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
 * How long an acquire loop keeps trying: its `Wait` (the poll) times the number of tries its Choice
 * allows (`$.tries`); a loop without a Wait state (`wait: "0s"`) tries once.
 */
function waitOf(loop: ReadonlyArray<{ readonly state: Record<string, unknown> }>): number | undefined {
  const poll = loop.find(({ state }) => state.Type === "Wait")?.state.Seconds;
  if (poll === undefined) return 0;
  for (const { state } of loop) {
    if (state.Type !== "Choice" || !Array.isArray(state.Choices)) continue;
    for (const rule of state.Choices as Array<Record<string, unknown>>) {
      if (
        rule.Variable === "$.tries" &&
        typeof rule.NumericGreaterThanEquals === "number" &&
        typeof poll === "number"
      )
        return rule.NumericGreaterThanEquals * poll;
    }
  }
  return undefined;
}
