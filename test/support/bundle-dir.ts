// Bundle directories for the deploy tests that read bundles from disk (readBundle, --no-compile).
import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { bundleManifestFile, type CompiledWorkflow, serializeBundleManifest } from "@batchflow/aws";

/**
 * Writes compiled workflows as `batchflow compile` lays them out: `<dir>/<workflow>/<file>`, and
 * `<dir>/bundle.json` listing them.
 */
export async function writeBundleDir(dir: string, compiled: ReadonlyArray<CompiledWorkflow>): Promise<void> {
  for (const c of compiled) {
    for (const f of c.files) {
      const path = join(dir, c.name, f.path);
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, f.contents);
    }
  }
  const manifests = compiled.map((c) => ({
    name: c.name,
    manifest: c.files.find((f) => f.path === "manifest.json")?.contents ?? "",
  }));
  await writeFile(join(dir, bundleManifestFile), serializeBundleManifest(manifests));
}

/**
 * Writes `<dir>/bundle.json` for the workflow folders now in `dir`, as a compile that wrote them
 * would: for tests that edit a manifest on purpose and mean only that edit to count.
 */
export async function relistBundleDir(dir: string): Promise<void> {
  const names = (await readdir(dir, { withFileTypes: true }))
    .filter((e) => e.isDirectory())
    .map((e) => e.name);
  const manifests = await Promise.all(
    names.map(async (name) => ({ name, manifest: await readFile(join(dir, name, "manifest.json"), "utf8") })),
  );
  await writeFile(join(dir, bundleManifestFile), serializeBundleManifest(manifests));
}
