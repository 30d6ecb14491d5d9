import type { StateRole } from "@batchflow/aws";

/** One lock as the compiled definition uses it (docs/design/locks-and-notifications.md). */
export interface LockScope {
  /** The acquire state: its failure with `Batchflow.LockBusy` is the give-up. */
  readonly acquire: string;
  /** The Task states in the acquire loop that write the lock: the acquire call, and the take-over. */
  readonly take: string;
  readonly takeOver: string | undefined;
  /** How long the loop keeps trying (seconds): its number of tries times its poll, at least `wait`. */
  readonly waitSeconds: number;
  /** The state that runs the guarded flow. */
  readonly held: string;
  readonly lock: string;
  readonly table: string;
  /** What a busy lock does. */
  readonly onBusy: "skip" | "fail";
  /** The jobs the lock guards, in definition order. */
  readonly jobs: ReadonlyArray<string>;
}

/**
 * The locks of a compiled workflow, keyed by their acquire state, read from the roles `compile()`
 * gives its states, so progress and simulations can say which lock was busy and what it guarded.
 */
export function lockScopes(roles: Readonly<Record<string, StateRole>>): Map<string, LockScope> {
  const loopStep = (acquire: string, step: "take" | "take-over"): string | undefined =>
    Object.entries(roles).find(
      ([, role]) => role.kind === "lock-loop" && role.acquire === acquire && role.step === step,
    )?.[0];
  const scopes = new Map<string, LockScope>();
  for (const [name, role] of Object.entries(roles)) {
    if (role.kind !== "lock-acquire") continue;
    scopes.set(name, {
      acquire: name,
      take: loopStep(name, "take") ?? name,
      takeOver: loopStep(name, "take-over"),
      waitSeconds: role.tries * role.pollSeconds,
      held: role.held,
      lock: role.lock,
      table: role.table,
      onBusy: role.onBusy,
      jobs: role.jobs,
    });
  }
  return scopes;
}
