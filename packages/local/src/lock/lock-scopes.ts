import type { StateRole } from "@batchflow/aws";

/** One lock as the compiled definition uses it (docs/design/locks-and-notifications.md). */
export interface LockScope {
  /** The call of the lock machine that takes the lock: lock calls are reported under its name. */
  readonly acquire: string;
  /** The state entered when the lock stayed busy (fails, or passes the job over). */
  readonly busy: string | undefined;
  /** How long the lock machine keeps trying (seconds): its number of tries times its poll, at least `wait`. */
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
  const busyOf = new Map<string, string>();
  for (const [name, role] of Object.entries(roles)) {
    if (role.kind === "lock-busy") busyOf.set(role.acquire, name);
  }
  const scopes = new Map<string, LockScope>();
  for (const [name, role] of Object.entries(roles)) {
    if (role.kind !== "lock-acquire") continue;
    scopes.set(name, {
      acquire: name,
      busy: busyOf.get(name),
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

/** The same locks, keyed by the state each enters when busy. */
export function scopesByBusyState(scopes: ReadonlyMap<string, LockScope>): Map<string, LockScope> {
  return new Map(
    [...scopes.values()].flatMap((scope) => (scope.busy === undefined ? [] : [[scope.busy, scope] as const])),
  );
}
