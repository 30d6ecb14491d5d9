// Bundle directories for the deploy tests that read bundles from disk (readBundle, --no-compile).
import { mkdir, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import type { CompiledWorkflow } from "@batchflow/aws";

/** Writes compiled workflows as `batchflow compile` lays them out: `<dir>/<workflow>/<file>`. */
export async function writeBundleDir(dir: string, compiled: ReadonlyArray<CompiledWorkflow>): Promise<void> {
  for (const c of compiled) {
    for (const f of c.files) {
      const path = join(dir, c.name, f.path);
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, f.contents);
    }
  }
}
