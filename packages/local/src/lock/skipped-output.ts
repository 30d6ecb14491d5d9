/**
 * A workflow whose lock was busy, with `onBusy: "skip"`, ends in a Succeed state with the output
 * `{ "skipped": true, "lock": "<name>", "reason": "…" }`: this reads it back.
 */
export function skippedOf(output: unknown): { readonly lock: string; readonly reason: string } | undefined {
  if (typeof output !== "object" || output === null) return undefined;
  const { skipped, lock, reason } = output as Record<string, unknown>;
  if (skipped !== true) return undefined;
  return { lock: typeof lock === "string" ? lock : "", reason: typeof reason === "string" ? reason : "" };
}
