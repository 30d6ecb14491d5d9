import { lstat, rm } from "node:fs/promises";
import { join } from "node:path";
import { DeferredSignals, nothingWritten } from "./deferred-signals.js";
import { makeDirs } from "./durable-fs.js";
import { notADirectory, withFsProblems } from "./fs-problem.js";
import { outputError, outputErrorCode } from "./output-errors.js";
import { acquireOutputLock } from "./output-lock.js";
import { type OutputPaths, outputPaths } from "./output-paths.js";
import { type Recovered, recoverOutput } from "./recover-output.js";
import { stageOutput } from "./stage-output.js";
import { switchOutput } from "./switch-output.js";
import type { WorkflowOutput } from "./workflow-output.js";

export interface WriteOptions {
  /** Remove workflow directories (those holding a manifest) that this compile did not produce. */
  readonly prune: boolean;
}

export interface WriteResult {
  /** Workflow directories removed because no workflow produces them any more. */
  readonly pruned: ReadonlyArray<string>;
  /** Leftovers of killed compiles that were repaired first. */
  readonly recovered: ReadonlyArray<Recovered>;
}

/**
 * Writes the whole output directory or leaves the previous one as it was, whatever happens:
 * under the output's lock, it repairs what a killed compile left, stages the complete next tree
 * beside the output (`.<out>.staging-<pid>-<random>`), flushes it to the disk and switches it in
 * with two renames (see docs/design/atomic-output.md). SIGINT and SIGTERM wait for the write to
 * stop at a safe point, then end the command with BF1416 (exit 130 or 143).
 */
export async function writeBundle(
  outDir: string,
  outputs: ReadonlyArray<WorkflowOutput>,
  options: WriteOptions,
): Promise<WriteResult> {
  const paths = outputPaths(outDir);
  const signals = new DeferredSignals();
  try {
    const result = await withFsProblems("write the output", paths, async () => {
      await prepareOut(paths);
      const lock = await acquireOutputLock(paths, { signals });
      let staging: string | undefined;
      try {
        const recovered = [...lock.removed, ...(await recoverOutput(paths))];
        signals.throwIfReceived(nothingWritten);
        staging = join(paths.parent, paths.stagingName(process.pid));
        const pruned = await stageOutput(paths, staging, outputs, { prune: options.prune, signals });
        signals.throwIfReceived(nothingWritten);
        await switchOutput(paths, staging);
        staging = undefined;
        return { pruned, recovered };
      } finally {
        // A staging folder that cannot be removed now is removed by the next command's recovery.
        if (staging !== undefined) await rm(staging, { recursive: true, force: true }).catch(() => undefined);
        await lock.release();
      }
    });
    // A signal during the switch let it finish; the command still ends as the signal asked. (One
    // that comes after this check, in the instant before the listeners go, is lost; by then the
    // output is written and nothing is left to clean up.)
    await signals.settle();
    signals.throwIfReceived(`the new output was written to ${paths.out} before stopping`);
    return result;
  } finally {
    signals.dispose();
  }
}

/** Creates the output's parent; refuses an output path that is a file or a symbolic link (BF1410). */
async function prepareOut(paths: OutputPaths): Promise<void> {
  await makeDirs(paths.parent);
  const stat = await lstat(paths.out).catch(() => undefined);
  if (stat && !stat.isDirectory()) {
    const { kind } = await notADirectory(paths.out);
    throw outputError(
      outputErrorCode.notADirectory,
      `cannot write the output: ${paths.out} is ${kind}, not a directory`,
      stat.isSymbolicLink()
        ? "batchflow replaces its output directory as a whole, by renames: pass --out the directory the link points to"
        : "pass --out a directory (batchflow creates it when missing), or move that file away",
    );
  }
}
