import { editDistance } from "@batchflow/core";

/**
 * The candidate nearest to what the user typed, when it is near enough to be a typo: at most one
 * edit for short words, two for longer ones, a third of the length at most. A swap of two
 * neighbouring letters counts as one edit (`--chekc`), as does a missing or extra dash.
 */
export function nearest(typed: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of candidates) {
    const d = editDistance(typed.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  const allowed = Math.max(1, Math.min(2, Math.floor(typed.length / 3)));
  return best !== undefined && bestDistance <= allowed ? best : undefined;
}
