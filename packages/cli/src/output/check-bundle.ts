import { existsSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import { join, relative } from "node:path";
import type { WorkflowOutput } from "./workflow-output.js";
import { staleWorkflowDirs } from "./write-bundle.js";

export interface StaleFile {
  /** Relative to the output directory. */
  readonly path: string;
  readonly reason: "changed" | "missing" | "extra";
}

/** Files on disk that differ from what compiling now would write. */
export async function checkBundle(
  outDir: string,
  outputs: ReadonlyArray<WorkflowOutput>,
  prune: boolean,
): Promise<StaleFile[]> {
  const stale: StaleFile[] = [];
  for (const output of outputs) {
    const dir = join(outDir, output.name);
    const expected = new Set(output.files.map((f) => f.path));
    for (const file of output.files) {
      const path = join(dir, file.path);
      const shown = `${output.name}/${file.path}`;
      if (!existsSync(path)) stale.push({ path: shown, reason: "missing" });
      else if ((await readFile(path, "utf8")) !== file.contents)
        stale.push({ path: shown, reason: "changed" });
    }
    for (const path of await listFiles(dir)) {
      const rel = relative(dir, path).split("\\").join("/");
      if (!expected.has(rel)) stale.push({ path: `${output.name}/${rel}`, reason: "extra" });
    }
  }
  if (prune) {
    for (const name of await staleWorkflowDirs(outDir, outputs))
      stale.push({ path: `${name}/`, reason: "extra" });
  }
  return stale;
}

async function listFiles(dir: string): Promise<string[]> {
  if (!existsSync(dir)) return [];
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name))
    .sort();
}
