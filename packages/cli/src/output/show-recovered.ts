import { relative } from "node:path";
import { colors, type Terminal } from "../terminal.js";
import type { Recovered } from "./recover-output.js";

/** A path as the user sees it: relative to the project when inside it. */
export function shown(root: string, path: string): string {
  const fromRoot = relative(root, path);
  return fromRoot === "" ? "." : fromRoot.startsWith("..") ? path : fromRoot;
}

/**
 * `dist/.batchflow.staging-4242-0a1b2c3d  staging of a compile (pid 4242) that did not finish: removed`;
 * a restored `.previous` is named with the output it became.
 */
export function showRecovered(r: Recovered, root: string): string {
  const done = r.restoredAs === undefined ? r.action : `put back as ${shown(root, r.restoredAs)}`;
  return `${shown(root, r.path)}  ${r.what}: ${done}`;
}

/** Prints, on stderr, what recovery repaired before the command went on. */
export function reportRecovered(recovered: ReadonlyArray<Recovered>, root: string, term: Terminal): void {
  const c = colors(term);
  for (const r of recovered) term.err(c.yellow(`recovered: ${showRecovered(r, root)}`));
}
