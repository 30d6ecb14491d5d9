import { readdir, unlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { DeferredSignals } from "./deferred-signals.js";
import { isErrnoError, outputError, outputErrorCode } from "./output-errors.js";
import type { OutputPaths } from "./output-paths.js";
import { isOtherLiveProcess } from "./process-alive.js";
import type { Recovered } from "./recover-output.js";

export interface OutputLock {
  /** Lock files of processes that are gone, removed on the way in. */
  readonly removed: ReadonlyArray<Recovered>;
  release(): Promise<void>;
}

export interface LockOptions {
  /** How long to wait for another batchflow process; default 30 s. */
  readonly timeoutMs?: number | undefined;
  /** Stop waiting when a signal comes. */
  readonly signals?: DeferredSignals | undefined;
}

/**
 * Takes the lock of an output directory: the file `.<out>.lock-<pid>` beside it, while no other
 * running process has one. Each process creates its own file and then lists the others, so two
 * that start together both see each other and both back off for a random moment; one that comes
 * later sees the holder's file. Files of processes that are gone (SIGKILL) are removed.
 */
export async function acquireOutputLock(paths: OutputPaths, options: LockOptions = {}): Promise<OutputLock> {
  const own = join(paths.parent, paths.lockName(process.pid));
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  const removed: Recovered[] = [];
  for (;;) {
    await writeFile(own, `${process.pid}\n`, { flag: "w" });
    const holders: number[] = [];
    for (const name of await readdir(paths.parent)) {
      const pid = paths.lockPid(name);
      if (pid === undefined || pid === process.pid) continue;
      if (isOtherLiveProcess(pid)) holders.push(pid);
      else if (await removeIfPresent(join(paths.parent, name))) {
        removed.push({
          path: join(paths.parent, name),
          action: "removed",
          what: `lock of a batchflow process (pid ${pid}) that is gone`,
        });
      }
    }
    if (holders.length === 0) {
      // A lock file left behind is a gone process's, which the next command removes.
      return {
        removed,
        release: () =>
          removeIfPresent(own).then(
            () => undefined,
            () => undefined,
          ),
      };
    }
    await removeIfPresent(own);
    options.signals?.throwIfReceived("nothing was written");
    if (Date.now() > deadline) {
      throw outputError(
        outputErrorCode.busy,
        `another batchflow process (pid ${holders.join(", ")}) is using ${paths.out}; waited ${Math.round((options.timeoutMs ?? 30_000) / 1000)} s`,
        `wait for it to finish and run the command again; if no such batchflow process runs, delete ${join(paths.parent, paths.lockName(holders[0] ?? 0))}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 20 + Math.random() * 80));
  }
}

async function removeIfPresent(path: string): Promise<boolean> {
  try {
    await unlink(path);
    return true;
  } catch (error) {
    if (isErrnoError(error) && error.code === "ENOENT") return false;
    throw error;
  }
}
