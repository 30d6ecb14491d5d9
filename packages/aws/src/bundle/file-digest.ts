import { createHash } from "node:crypto";

/** `sha256:<hex>` of a file's bytes, its text given whole or in chunks (see `serializeChunks`). */
export function sha256Of(text: string | ReadonlyArray<string>): string {
  const hash = createHash("sha256");
  if (typeof text === "string") hash.update(text);
  else for (const chunk of text) hash.update(chunk);
  return `sha256:${hash.digest("hex")}`;
}

/**
 * Which of `candidates` (placeholders, all starting with "${") occur in the texts, in the order
 * of `candidates`. Reads each text once, stopping at each "${": a search for each candidate would
 * read a 1 MB definition once per candidate it does not hold.
 */
export function placeholdersIn(
  candidates: ReadonlyArray<string>,
  texts: Iterable<string>,
): ReadonlyArray<string> {
  const found = new Set<string>();
  for (const text of texts) {
    for (
      let at = text.indexOf("${");
      at >= 0 && found.size < candidates.length;
      at = text.indexOf("${", at + 2)
    ) {
      for (const candidate of candidates) if (text.startsWith(candidate, at)) found.add(candidate);
    }
  }
  return candidates.filter((c) => found.has(c));
}
