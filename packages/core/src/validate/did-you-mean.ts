import { editDistance } from "./edit-distance.js";

/**
 * The candidate `word` was most likely meant as, or undefined when none is close. Case is
 * ignored, so "Schedule" finds "schedule"; a typo allowance grows with the word: one for
 * short words, about one per four characters for longer ones, and never the whole word ("c"
 * is not a typo of "a").
 */
export function closestMatch(word: string, candidates: Iterable<string>): string | undefined {
  const lower = word.toLowerCase();
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of candidates) {
    const distance = editDistance(lower, candidate.toLowerCase());
    if (distance < bestDistance && distance < Math.min(word.length, candidate.length)) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return bestDistance <= Math.max(1, Math.floor(word.length / 4)) ? best : undefined;
}

/** `did you mean "schedule"?`, or undefined when no candidate is close. */
export function didYouMean(word: string, candidates: Iterable<string>): string | undefined {
  const match = closestMatch(word, candidates);
  return match === undefined ? undefined : `did you mean ${JSON.stringify(match)}?`;
}
