import { rename, rm, stat, writeFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { diagnostic } from "@batchflow/core";
import { cliCode } from "../cli-codes.js";
import { CliError, exitCode } from "../cli-error.js";
import { makeDirs } from "../output/durable-fs.js";

/**
 * Writes `contents` to `path` all or nothing: into a temporary file beside it, renamed over it, so
 * a killed or failed write never leaves half a graph where a README or CI job reads it.
 */
export async function writeGraphFile(path: string, contents: string): Promise<void> {
  if (await isDirectory(path)) {
    throw new CliError(
      [
        diagnostic({
          code: cliCode.graphWrite,
          message: `cannot write the graph to ${path}: it is a directory`,
          hint: `give --out a file name, such as ${join(path, "graph.md")}`,
        }),
      ],
      exitCode.failed,
    );
  }
  const staging = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  try {
    await makeDirs(dirname(path));
    await writeFile(staging, contents);
    await rename(staging, path);
  } catch (error) {
    await rm(staging, { force: true }).catch(() => undefined);
    const reason = error instanceof Error ? error.message : String(error);
    throw new CliError(
      [
        diagnostic({
          code: cliCode.graphWrite,
          message: `cannot write the graph to ${path}: ${reason}`,
          hint: "pass --out a file in a directory you can write to, or leave --out out to print the graph",
        }),
      ],
      exitCode.failed,
    );
  }
}

async function isDirectory(path: string): Promise<boolean> {
  return stat(path).then(
    (found) => found.isDirectory(),
    () => false,
  );
}
