import type { StateRole, StateRoleKind } from "@batchflow/aws";

/** The roles of the states batchflow adds around the user's flow for locks, notifications and Spot runs. */
const machinery: ReadonlySet<StateRoleKind> = new Set<StateRoleKind>([
  "lock-acquire",
  "lock-check",
  "lock-busy",
  "lock-held",
  "lock-release",
  "lock-skip",
  "reraise",
  "reraise-check",
  "reraise-rename",
  "finally-check",
  "notify",
  "spot-run",
  "spot-check",
  "spot-interrupted",
  "spot-failed",
]);

/**
 * The states batchflow adds around the user's flow for locks and notifications. Their failures and
 * catches are the machinery working (a busy lock, a failure on its way to the notification), so
 * progress does not show them as failures of the user's flow.
 */
export function internalStates(roles: Readonly<Record<string, StateRole>>): Set<string> {
  return new Set(
    Object.entries(roles)
      .filter(([, role]) => machinery.has(role.kind))
      .map(([name]) => name),
  );
}
