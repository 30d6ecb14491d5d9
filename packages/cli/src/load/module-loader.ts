import { createRequire } from "node:module";
import { relative, sep } from "node:path";
import type { Diagnostic } from "@batchflow/core";
import type * as Jiti from "jiti";
import { guardAfterLoad, loading } from "./late-guard.js";
import { guardLoad, loadTimeoutMs } from "./load-guard.js";
import { SourceMapRemapper } from "./source-map-remapper.js";
import { createTypeScriptTransform } from "./typescript-transform.js";

export interface ModuleLoader {
  /** The module's exports, default export included. */
  load(file: string): Promise<Record<string, unknown>>;
  /** The same diagnostics with positions in loaded files mapped back to the user's source. */
  original(diagnostics: ReadonlyArray<Diagnostic>): Diagnostic[];
}

/**
 * Loads users' TypeScript files as they are, without a build step (transformed by sucrase, or by
 * jiti's Babel when sucrase cannot: see typescript-transform.ts). jiti caches transpiled files, so
 * a second compile of unchanged files skips the transform. Each load is guarded: a
 * file that exits, never settles or takes longer than BATCHFLOW_LOAD_TIMEOUT is reported.
 */
export function createModuleLoader(root: string): ModuleLoader {
  // jiti's CommonJS entry, required: imported, Node would first scan its 190 KB for named exports
  // (cjs-module-lexer), some 30 ms of every CLI run that loads a project.
  const { createJiti } = createRequire(import.meta.url)("jiti") as typeof Jiti;
  const jiti = createJiti(`${root}/`, {
    interopDefault: false,
    moduleCache: true,
    sourceMaps: true,
    transform: createTypeScriptTransform(),
  });
  const loaded = new Set<string>();
  const remapper = new SourceMapRemapper(jiti, loaded);
  const inProject = (file: string) =>
    file.startsWith(`${root}${sep}`) && !file.includes(`${sep}node_modules${sep}`);
  const original = (diagnostics: ReadonlyArray<Diagnostic>) => remapper.remapAll(diagnostics);
  let timeoutMs: number | undefined;
  return {
    async load(file) {
      timeoutMs ??= loadTimeoutMs();
      loaded.add(file);
      const target = { file, shown: relative(root, file) || file, isUserFile: inProject };
      guardAfterLoad({ root, isUserFile: inProject, loadedFiles: loaded, original });
      const loadEnded = loading();
      try {
        return (await guardLoad(target, timeoutMs, () => jiti.import(file))) as Record<string, unknown>;
      } finally {
        loadEnded();
      }
    },
    original,
  };
}
