import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { Script } from "node:vm";
import { decode, encode } from "@jridgewell/sourcemap-codec";
import type { TransformOptions, TransformResult } from "jiti";
import type * as Sucrase from "sucrase";

type Transform = (opts: TransformOptions) => TransformResult;

// What sucrase's module transform cannot write as jiti runs it (import.meta, import() and require()
// of the user's own need jiti's own helpers), and namespaces, which sucrase drops without a word;
// such a file goes to jiti's Babel transform. A match inside a string or a comment only costs that
// file the slower transform.
const needsBabel = /\bimport\s*(?:\(|\.\s*meta\b)|\brequire\s*\(|\b(?:namespace|module)\s+[\w$.]+\s*\{/;
// sucrase writes each import as require('<specifier>'); jiti evaluates an ES module's imports with
// `await jitiImport(...)` (inside its async wrapper), as its Babel transform writes them.
const sucraseRequire = /\brequire\('((?:[^'\\\n]|\\.)*)'\)/g;
const inlineMapPrefix = "\n//# sourceMappingURL=data:application/json;charset=utf-8;base64,";

/**
 * jiti's transform for users' files: sucrase for TypeScript ES modules (types removed, imports
 * made jiti's, lines kept), jiti's own Babel transform for everything else. Loading Babel costs a
 * CLI run about 0.25 s of CPU; sucrase about 30 ms, and it transforms faster.
 */
export function createTypeScriptTransform(): Transform {
  let babel: Transform | undefined;
  return (opts) => {
    const fast = sucraseTransform(opts);
    if (fast) return fast;
    babel ??= loadBabel();
    return babel(opts);
  };
}

let sucraseModule: typeof Sucrase | undefined;

/**
 * sucrase, loaded on the first file jiti's cache does not hold: a command whose files are all
 * cached transforms nothing and need not parse sucrase's ~460 KB (35 to 45 ms). From the package,
 * its own CommonJS file beside the CLI's chunks (build/bundle-sucrase.mjs); from the sources, the
 * sucrase package.
 */
function sucrase(...args: Parameters<typeof Sucrase.transform>): ReturnType<typeof Sucrase.transform> {
  if (sucraseModule === undefined) {
    const load = createRequire(import.meta.url);
    try {
      sucraseModule = load("./sucrase.cjs") as typeof Sucrase;
    } catch (error) {
      if (
        (error as NodeJS.ErrnoException).code !== "MODULE_NOT_FOUND" ||
        !String(error).includes("sucrase.cjs")
      ) {
        throw error;
      }
      sucraseModule = load("sucrase") as typeof Sucrase;
    }
  }
  return sucraseModule.transform(...args);
}

function loadBabel(): Transform {
  const require = createRequire(import.meta.url);
  return require(join(dirname(require.resolve("jiti/package.json")), "dist/babel.cjs")) as Transform;
}

/** The module as jiti's async evaluation runs it, or undefined when it needs Babel. */
export function sucraseTransform(opts: TransformOptions): TransformResult | undefined {
  const { source, filename } = opts;
  if (opts.async !== true || !filename || !/\.[cm]?ts$/.test(filename) || needsBabel.test(source)) {
    return undefined;
  }
  let result: ReturnType<typeof sucrase>;
  try {
    result = sucrase(source, {
      transforms: ["typescript", "imports"],
      filePath: filename,
      // Node 20 runs today's syntax: only the types and the module syntax are rewritten.
      disableESTransforms: true,
      // As jiti's Babel transform imports: a namespace import is the module jitiImport() gives, a
      // default import its `default`, with no interop helper in between.
      enableLegacyTypeScriptModuleInterop: true,
      sourceMapOptions: { compiledFilename: filename },
    });
  } catch {
    // Babel reports a syntax error with a code frame; sucrase's are terser.
    return undefined;
  }
  const lines = result.code.split("\n");
  const shifts = lines.map((line, index) => {
    const moved: Array<{ column: number; by: number }> = [];
    lines[index] = line.replace(sucraseRequire, (match: string, specifier: string, column: number) => {
      const replacement = `(await jitiImport('${specifier}'))`;
      moved.push({ column, by: replacement.length - match.length });
      return replacement;
    });
    return moved;
  });
  const code = lines.join("\n");
  // What sucrase passes through but Node cannot run (decorators, say) goes to Babel too.
  if (!compiles(code)) return undefined;
  const map = result.sourceMap;
  if (!map || !wantsInlineMap(opts)) return { code };
  const mappings = decode(map.mappings).map((segments, line) => {
    const moved = shifts[line] ?? [];
    if (moved.length === 0) return segments;
    return segments.map((segment) => {
      const [column, ...rest] = segment;
      const by = moved.filter((m) => m.column < column).reduce((sum, m) => sum + m.by, 0);
      return [column + by, ...rest] as typeof segment;
    });
  });
  const inline = { ...map, sources: [filename], mappings: encode(mappings) };
  return { code: `${code}${inlineMapPrefix}${Buffer.from(JSON.stringify(inline)).toString("base64")}` };
}

function compiles(code: string): boolean {
  try {
    new Script(
      `(async function (exports, require, module, __filename, __dirname, jitiImport) { ${code}\n});`,
    );
    return true;
  } catch {
    return false;
  }
}

function wantsInlineMap(opts: TransformOptions): boolean {
  return (opts.babel as { sourceMaps?: unknown } | undefined)?.sourceMaps === "inline";
}
