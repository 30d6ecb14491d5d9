import { present } from "./durable-fs.js";
import { withFsProblems } from "./fs-problem.js";
import { isErrnoError } from "./output-errors.js";
import { acquireOutputLock } from "./output-lock.js";
import { outputPaths } from "./output-paths.js";
import { needsRecovery, type Recovered, recoverOutput } from "./recover-output.js";

/**
 * Runs `read` on an output directory after repairing what a killed compile left (see
 * recoverOutput; `recovered` hears of each repair before `read` runs), holding the output's lock
 * so that no compile switches it meanwhile. A bundle on a read-only file system (a deploy from a
 * read-only checkout) is read without the lock when there is nothing to repair: nobody can be
 * writing it.
 */
export async function readOutput<T>(
  outDir: string,
  read: (out: string) => Promise<T>,
  recovered: (repairs: ReadonlyArray<Recovered>) => void,
): Promise<T> {
  const paths = outputPaths(outDir);
  return withFsProblems("read the bundle", paths, async () => {
    if (!present(paths.parent)) return read(paths.out);
    let lock: Awaited<ReturnType<typeof acquireOutputLock>>;
    try {
      lock = await acquireOutputLock(paths);
    } catch (error) {
      const readOnly = isErrnoError(error) && ["EROFS", "EACCES", "EPERM"].includes(error.code ?? "");
      if (readOnly && !(await needsRecovery(paths))) return read(paths.out);
      throw error;
    }
    try {
      recovered([...lock.removed, ...(await recoverOutput(paths))]);
      return await read(paths.out);
    } finally {
      await lock.release();
    }
  });
}
