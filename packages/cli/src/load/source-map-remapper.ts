import { readFileSync } from "node:fs";
import { SourceMap } from "node:module";
import type { Diagnostic, SourceLocation } from "@batchflow/core";
import type { Jiti } from "jiti";

// Not anchored at the end: jiti's cached code carries a version comment after the map.
const inlineMap =
  /\/\/# sourceMappingURL=data:application\/json;(?:charset=utf-8;)?base64,([A-Za-z0-9+/=]+)/g;
// jiti evaluates each file inside a function wrapper that starts on the file's first line.
const wrapperPrefix =
  "(function (exports, require, module, __filename, __dirname, jitiImport, jitiESMResolve) { ";

/**
 * Maps stack positions in users' files back to what they wrote. jiti transpiles TypeScript
 * keeping lines but not columns, and Node applies no source maps to code jiti evaluates; the
 * map is recomputed (from jiti's cache) only for files a diagnostic points into.
 */
const inSource = new WeakSet<SourceLocation>();

/** A location read from the source file itself, which remapping must leave as it is. */
export function sourceLocation(location: SourceLocation): SourceLocation {
  inSource.add(location);
  return location;
}

export class SourceMapRemapper {
  readonly #maps = new Map<string, SourceMap | null>();

  constructor(
    private readonly jiti: Jiti,
    private readonly userFiles: ReadonlySet<string>,
  ) {}

  remap(location: SourceLocation): SourceLocation {
    if (!this.userFiles.has(location.file) || inSource.has(location)) return location;
    const map = this.#mapOf(location.file);
    if (!map) return location;
    const column =
      location.line === 1 ? Math.max(1, location.column - wrapperPrefix.length) : location.column;
    const entry = map.findEntry(location.line - 1, column - 1) as {
      originalLine?: number;
      originalColumn?: number;
    };
    if (entry.originalLine === undefined || entry.originalColumn === undefined) return location;
    return { file: location.file, line: entry.originalLine + 1, column: entry.originalColumn + 1 };
  }

  remapAll(diagnostics: ReadonlyArray<Diagnostic>): Diagnostic[] {
    return diagnostics.map((d) => (d.location ? { ...d, location: this.remap(d.location) } : d));
  }

  #mapOf(file: string): SourceMap | null {
    let map = this.#maps.get(file);
    if (map === undefined) {
      map = null;
      try {
        const code = this.jiti.transform({
          source: readFileSync(file, "utf8"),
          filename: file,
          ts: /\.[cm]?tsx?$/.test(file),
          // As jiti.import() transformed it to run it.
          async: true,
        });
        const match = [...code.matchAll(inlineMap)].at(-1);
        if (match) map = new SourceMap(JSON.parse(Buffer.from(match[1]!, "base64").toString("utf8")));
      } catch {
        map = null;
      }
      this.#maps.set(file, map);
    }
    return map;
  }
}
