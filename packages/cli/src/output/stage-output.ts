import { chmod, lstat, mkdir, readdir, readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { bundleManifestFile, serializeBundleManifest, type WorkflowManifestText } from "@batchflow/aws";
import { type DeferredSignals, nothingWritten } from "./deferred-signals.js";
import { copyDurable, present, syncDir, writeDurable } from "./durable-fs.js";
import { checkKeptWorkflows } from "./kept-workflows.js";
import type { OutputPaths } from "./output-paths.js";
import { manifestFile, type WorkflowOutput } from "./workflow-output.js";

export interface StageOptions {
  /** Leave out workflow folders of the output that this compile did not produce. */
  readonly prune: boolean;
  readonly signals: DeferredSignals;
}

/**
 * Writes the whole next output into `staging` (which must not exist): every compiled workflow,
 * a copy of everything else the output holds that stays (the other workflows of a compile of
 * some files, files that are not batchflow's), and `bundle.json` over all its workflows; every
 * file and folder flushed to the disk. Returns the workflow folders left out (pruned).
 */
export async function stageOutput(
  paths: OutputPaths,
  staging: string,
  outputs: ReadonlyArray<WorkflowOutput>,
  options: StageOptions,
): Promise<string[]> {
  const compiled = new Set(outputs.map((o) => o.name));
  const entries = present(paths.out) ? await readdir(paths.out, { withFileTypes: true }) : [];
  const workflowDirs = entries
    .filter(
      (e) => e.isDirectory() && !e.name.startsWith(".") && present(join(paths.out, e.name, manifestFile)),
    )
    .map((e) => e.name);
  const kept = workflowDirs.filter((name) => !compiled.has(name));
  const pruned = options.prune ? kept : [];
  if (!options.prune) await checkKeptWorkflows(paths.out, workflowDirs, compiled);

  await mkdir(staging);
  // The output keeps its permissions across compiles.
  if (present(paths.out)) await chmod(staging, (await lstat(paths.out)).mode & 0o7777);
  const manifests: WorkflowManifestText[] = [];
  for (const entry of entries.map((e) => e.name).sort()) {
    // Written anew, or pruned; everything else is carried over as it is.
    if (entry === bundleManifestFile || compiled.has(entry) || pruned.includes(entry)) continue;
    options.signals.throwIfReceived(nothingWritten);
    await copyDurable(join(paths.out, entry), join(staging, entry));
    if (kept.includes(entry)) {
      manifests.push({ name: entry, manifest: await readFile(join(staging, entry, manifestFile), "utf8") });
    }
  }
  for (const output of outputs) {
    const dirs = new Set<string>([join(staging, output.name)]);
    for (const file of output.files) {
      options.signals.throwIfReceived(nothingWritten);
      const path = join(staging, output.name, file.path);
      await mkdir(dirname(path), { recursive: true });
      for (let d = dirname(path); d.startsWith(join(staging, output.name)); d = dirname(d)) dirs.add(d);
      await writeDurable(path, file.contents);
      if (file.path === manifestFile) manifests.push({ name: output.name, manifest: file.contents });
    }
    // Deepest first, so each folder's entry in its parent is flushed after its own contents.
    for (const dir of [...dirs].sort((a, b) => b.length - a.length)) await syncDir(dir);
  }
  await writeDurable(join(staging, bundleManifestFile), serializeBundleManifest(manifests));
  await syncDir(staging);
  return pruned;
}
