import type { Diagnostic } from "@batchflow/core";
import { createJiti } from "jiti";
import { SourceMapRemapper } from "./source-map-remapper.js";

export interface ModuleLoader {
  /** The module's exports, default export included. */
  load(file: string): Promise<Record<string, unknown>>;
  /** The same diagnostics with positions in loaded files mapped back to the user's source. */
  original(diagnostics: ReadonlyArray<Diagnostic>): Diagnostic[];
}

/**
 * Loads users' TypeScript files as they are, without a build step. jiti caches transpiled
 * files, so a second compile of unchanged files skips the transpiler.
 */
export function createModuleLoader(root: string): ModuleLoader {
  const jiti = createJiti(`${root}/`, { interopDefault: false, moduleCache: true, sourceMaps: true });
  const loaded = new Set<string>();
  const remapper = new SourceMapRemapper(jiti, loaded);
  return {
    async load(file) {
      loaded.add(file);
      return (await jiti.import(file)) as Record<string, unknown>;
    },
    original: (diagnostics) => remapper.remapAll(diagnostics),
  };
}
