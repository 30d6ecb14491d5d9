import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import type { SourceLocation } from "@batchflow/core";
import { locationAt } from "./text-location.js";

/** A named import the module it names does not export. */
export interface MissingImport {
  readonly name: string;
  readonly from: string;
  readonly location: SourceLocation;
}

const namedImports = /import\s+(?:[\w$]+\s*,\s*)?\{([^}]*)\}\s*from\s*(["'])(\.{1,2}\/[^"']+)\2/g;

/**
 * Which named import of `file` from one of the project's modules made its load fail at `line`:
 * Node refuses such an import when it links the module ("does not provide an export named"),
 * while the loader gives `undefined` and the file then fails where it uses it ("Cannot read
 * properties of undefined"). Only names used on that line are looked at; `exportsOf` gives a
 * module's exports (the loader's, from its cache), or throws when it cannot.
 */
export async function missingImport(
  file: string,
  line: number,
  exportsOf: (path: string) => Promise<Record<string, unknown>>,
): Promise<MissingImport | undefined> {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
  const failing = text.split("\n")[line - 1] ?? "";
  for (const match of text.matchAll(namedImports)) {
    const from = match[3] as string;
    for (const part of (match[1] as string).split(",")) {
      const spec = part.trim();
      if (spec === "" || spec.startsWith("type ")) continue;
      const [imported = "", local = imported] = spec.split(/\s+as\s+/).map((s) => s.trim());
      if (!new RegExp(`(^|[^\\w$.])${local.replace(/\$/g, "\\$")}([^\\w$]|$)`).test(failing)) continue;
      let exported: Record<string, unknown>;
      try {
        exported = await exportsOf(resolve(dirname(file), from));
      } catch {
        continue;
      }
      if (imported in exported) continue;
      const at = (match.index ?? 0) + match[0].indexOf(imported);
      return { name: imported, from, location: locationAt(file, text, at) };
    }
  }
  return undefined;
}
