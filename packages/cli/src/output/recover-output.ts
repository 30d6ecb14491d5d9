import { readdir, rename, rm } from "node:fs/promises";
import { join } from "node:path";
import { present } from "./durable-fs.js";
import type { OutputPaths } from "./output-paths.js";
import { isOtherLiveProcess } from "./process-alive.js";

/** One thing recovery repaired: a leftover of a compile that was killed. */
export interface Recovered {
  /** The leftover, absolute. */
  readonly path: string;
  /** restored: renamed back to be the output (`restoredAs`); removed: deleted. */
  readonly action: "restored" | "removed";
  readonly restoredAs?: string;
  /** What it was, for the user. */
  readonly what: string;
}

/** `<out>/.staging-XXXXXX`: where batchflow before bundle.json staged (and lost) workflows. */
const legacyStaging = /^\.staging-[A-Za-z0-9]{6}$/;

/**
 * Puts an output directory back into one of the two states a switch goes between, whatever
 * moment a compile was killed at. Called with the output's lock held, so no live process is
 * switching; the rules, in order:
 *
 * 1. the output is missing and `.previous` is there (killed between the switch's two renames):
 *    rename `.previous` back; the output is the previous one, whole;
 * 2. both are there (killed after the second rename): remove `.previous`; the output is the new one;
 * 3. a staging folder whose process is gone: remove it (one whose process runs is left alone);
 * 4. `.staging-*` folders inside the output, left by batchflow before bundle.json: remove them.
 */
export async function recoverOutput(paths: OutputPaths): Promise<Recovered[]> {
  const done: Recovered[] = [];
  if (present(paths.previous)) {
    if (present(paths.out)) {
      await rm(paths.previous, { recursive: true, force: true });
      done.push({
        path: paths.previous,
        action: "removed",
        what: "the previous output of a compile killed after its switch",
      });
    } else {
      await rename(paths.previous, paths.out);
      done.push({
        path: paths.previous,
        action: "restored",
        restoredAs: paths.out,
        what: "the previous output of a compile killed between the two renames of its switch",
      });
    }
  }
  for (const name of (await readdir(paths.parent)).sort()) {
    const pid = paths.stagingPid(name);
    if (pid === undefined || isOtherLiveProcess(pid)) continue;
    await rm(join(paths.parent, name), { recursive: true, force: true });
    done.push({
      path: join(paths.parent, name),
      action: "removed",
      what: `staging of a compile (pid ${pid}) that did not finish`,
    });
  }
  if (present(paths.out)) {
    for (const entry of await readdir(paths.out, { withFileTypes: true })) {
      if (!entry.isDirectory() || !legacyStaging.test(entry.name)) continue;
      await rm(join(paths.out, entry.name), { recursive: true, force: true });
      done.push({
        path: join(paths.out, entry.name),
        action: "removed",
        what: "staging left by an older batchflow",
      });
    }
  }
  return done;
}

/** Whether recovery would have anything to do (read without the lock, on a read-only bundle). */
export async function needsRecovery(paths: OutputPaths): Promise<boolean> {
  if (present(paths.previous)) return true;
  const stale = (name: string) => {
    const pid = paths.stagingPid(name);
    return pid !== undefined && !isOtherLiveProcess(pid);
  };
  if (present(paths.parent) && (await readdir(paths.parent)).some(stale)) return true;
  if (!present(paths.out)) return false;
  const entries = await readdir(paths.out, { withFileTypes: true });
  return entries.some((e) => e.isDirectory() && legacyStaging.test(e.name));
}
