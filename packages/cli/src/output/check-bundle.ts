import { existsSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import { join, relative } from "node:path";
import { bundleManifestFile, serializeBundleManifest } from "@batchflow/aws";
import { readOutput } from "./output-access.js";
import type { Recovered } from "./recover-output.js";
import { manifestFile, type WorkflowOutput } from "./workflow-output.js";

export interface StaleFile {
  /** Relative to the output directory. */
  readonly path: string;
  readonly reason: "changed" | "missing" | "extra";
}

export interface CheckResult {
  readonly stale: ReadonlyArray<StaleFile>;
  /** Leftovers of killed compiles, repaired before comparing; each makes the output stale. */
  readonly recovered: ReadonlyArray<Recovered>;
}

/**
 * Files on disk that differ from what compiling now would write, bundle.json included, after
 * repairing what a killed compile left (which is reported too: it was there).
 */
export async function checkBundle(
  outDir: string,
  outputs: ReadonlyArray<WorkflowOutput>,
  prune: boolean,
): Promise<CheckResult> {
  let recovered: ReadonlyArray<Recovered> = [];
  const stale = await readOutput(
    outDir,
    (out) => compare(out, outputs, prune),
    (repairs) => {
      recovered = repairs;
    },
  );
  return { stale, recovered };
}

async function compare(
  outDir: string,
  outputs: ReadonlyArray<WorkflowOutput>,
  prune: boolean,
): Promise<StaleFile[]> {
  const stale: StaleFile[] = [];
  const compiled = new Set(outputs.map((o) => o.name));
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
  const others = await workflowDirs(outDir, compiled);
  if (prune) for (const name of others) stale.push({ path: `${name}/`, reason: "extra" });
  // bundle.json lists what a compile now would leave: these workflows, and without pruning the others.
  const manifests = outputs.map((o) => ({
    name: o.name,
    manifest: o.files.find((f) => f.path === manifestFile)?.contents ?? "",
  }));
  if (!prune) {
    for (const name of others)
      manifests.push({ name, manifest: await readFile(join(outDir, name, manifestFile), "utf8") });
  }
  const bundlePath = join(outDir, bundleManifestFile);
  if (!existsSync(bundlePath)) stale.push({ path: bundleManifestFile, reason: "missing" });
  else if ((await readFile(bundlePath, "utf8")) !== serializeBundleManifest(manifests))
    stale.push({ path: bundleManifestFile, reason: "changed" });
  return stale;
}

/** Workflow directories in `outDir` (they hold a manifest) that none of `compiled` produced. */
export async function workflowDirs(outDir: string, compiled: ReadonlySet<string>): Promise<string[]> {
  if (!existsSync(outDir)) return [];
  const entries = await readdir(outDir, { withFileTypes: true });
  return entries
    .filter((e) => e.isDirectory() && !e.name.startsWith(".") && !compiled.has(e.name))
    .filter((e) => existsSync(join(outDir, e.name, manifestFile)))
    .map((e) => e.name)
    .sort();
}

async function listFiles(dir: string): Promise<string[]> {
  if (!existsSync(dir)) return [];
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name))
    .sort();
}
