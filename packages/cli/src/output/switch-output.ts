import { rename, rm } from "node:fs/promises";
import { present, syncDir } from "./durable-fs.js";
import type { OutputPaths } from "./output-paths.js";

/**
 * Makes the staged tree the output. Node has no rename that exchanges two directories
 * (renameat2 RENAME_EXCHANGE), and a rename cannot replace a directory that is not empty, so the
 * switch is two renames back to back: output → `.previous`, staging → output. Between them the
 * output is missing; a process killed there is repaired by the next command's recovery
 * (`.previous` goes back). A failed second rename is undone here.
 */
export async function switchOutput(paths: OutputPaths, staging: string): Promise<void> {
  const replacing = present(paths.out);
  if (replacing) await rename(paths.out, paths.previous);
  try {
    await rename(staging, paths.out);
  } catch (error) {
    if (replacing) await rename(paths.previous, paths.out);
    throw error;
  }
  // The switch is done and visible. Flushing the parent makes it survive a power loss; should that
  // or the removal of `.previous` fail, the next command's recovery finds either state and repairs it.
  await syncDir(paths.parent).catch(() => undefined);
  if (replacing) await rm(paths.previous, { recursive: true, force: true }).catch(() => undefined);
}
