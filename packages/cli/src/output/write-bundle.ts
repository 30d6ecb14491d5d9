import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readdir, rename, rm, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { manifestFile, type WorkflowOutput } from "./workflow-output.js";

export interface WriteOptions {
  /** Remove workflow directories (those holding a manifest) that this compile did not produce. */
  readonly prune: boolean;
}

/**
 * Writes every workflow's files or none: all are written into a staging directory first, then
 * each workflow directory is swapped in with a rename. Should a rename fail part-way, the swaps
 * already made are undone, so the previous output is left as it was.
 */
export async function writeBundle(
  outDir: string,
  outputs: ReadonlyArray<WorkflowOutput>,
  options: WriteOptions,
): Promise<string[]> {
  await mkdir(outDir, { recursive: true });
  const staging = await mkdtemp(join(outDir, ".staging-"));
  const done: Array<{ from: string; to: string }> = [];
  const move = async (from: string, to: string): Promise<void> => {
    await rename(from, to);
    done.push({ from, to });
  };
  try {
    for (const output of outputs) {
      for (const file of output.files) {
        const path = join(staging, output.name, file.path);
        await mkdir(dirname(path), { recursive: true });
        await writeFile(path, file.contents);
      }
    }
    const trash = join(staging, ".replaced");
    await mkdir(trash);
    for (const output of outputs) {
      const target = join(outDir, output.name);
      if (existsSync(target)) await move(target, join(trash, output.name));
      await move(join(staging, output.name), target);
    }
    const pruned = options.prune ? await staleWorkflowDirs(outDir, outputs) : [];
    for (const name of pruned) await move(join(outDir, name), join(trash, `pruned-${name}`));
    return pruned;
  } catch (error) {
    for (const { from, to } of done.reverse()) await rename(to, from).catch(() => undefined);
    throw error;
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

/** Workflow directories in `outDir` that none of `outputs` produced. */
export async function staleWorkflowDirs(
  outDir: string,
  outputs: ReadonlyArray<WorkflowOutput>,
): Promise<string[]> {
  if (!existsSync(outDir)) return [];
  const expected = new Set(outputs.map((o) => o.name));
  const entries = await readdir(outDir, { withFileTypes: true });
  return entries
    .filter((e) => e.isDirectory() && !e.name.startsWith(".") && !expected.has(e.name))
    .filter((e) => existsSync(join(outDir, e.name, manifestFile)))
    .map((e) => e.name)
    .sort();
}
