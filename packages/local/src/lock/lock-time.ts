/** The lock states count time in seconds since this instant (see docs/design/locks-and-notifications.md). */
export const lockEpochMs = Date.UTC(2020, 0, 1);

/** A lock item's `Expires` (seconds since 2020-01-01T00:00:00Z) as an ISO 8601 time. */
export function lockSecondsToIso(seconds: number): string {
  const ms = lockEpochMs + seconds * 1000;
  return Number.isFinite(ms) && Math.abs(ms) < 8.64e15 ? new Date(ms).toISOString() : String(seconds);
}
