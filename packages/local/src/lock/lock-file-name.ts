import { createHash } from "node:crypto";

/** Room left in a 255-byte file name for the readable part. */
const maxReadable = 180;

/**
 * The file of one lock in the store: `<table>~<name>.json`, each part percent-encoded except for
 * `A-Z a-z 0-9 . _ -` (so `/`, `~`, `%` and dots at the start cannot make a path, a collision or a
 * hidden file). Names too long for a file name keep a readable prefix and end in a hash of the whole.
 */
export function lockFileName(table: string, name: string): string {
  const readable = `${encode(table)}~${encode(name)}`.replace(/^\./, "%2E");
  if (readable.length <= maxReadable) return `${readable}.json`;
  const hash = createHash("sha256").update(`${table}\u0000${name}`).digest("hex").slice(0, 32);
  return `${readable.slice(0, maxReadable - 33)}~${hash}.json`;
}

function encode(part: string): string {
  return encodeURIComponent(part).replace(
    /[!'()*~]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}
