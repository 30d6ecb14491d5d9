import { createHash } from "node:crypto";
import { serialize } from "./serialize.js";

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

/** What a manifest records of its bundle's files (its last three fields, in this order). */
export interface FileRecord {
  readonly placeholders: ReadonlyArray<string>;
  /** sha256 of each file's bytes, by path. */
  readonly files: Readonly<Record<string, string>>;
  /** sha256 over the serialized `files`: equal bundles have equal hashes. */
  readonly bundleHash: string;
}

/**
 * The record of these files, the manifest aside, each given whole or in chunks, and which of the
 * placeholders `candidates` they hold, for deploy to fill in.
 */
export function fileRecord(
  files: ReadonlyArray<{ readonly path: string; readonly text: string | ReadonlyArray<string> }>,
  candidates: ReadonlyArray<string>,
): FileRecord {
  const hashes: Record<string, string> = {};
  for (const f of files) hashes[f.path] = sha256Of(f.text);
  return {
    placeholders: placeholdersIn(
      candidates,
      files.flatMap((f) => f.text),
    ),
    files: hashes,
    bundleHash: sha256Of(serialize(hashes)),
  };
}
