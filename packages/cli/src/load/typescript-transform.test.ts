import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { SourceMap } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createJiti } from "jiti";
import { afterAll, describe, expect, it } from "vitest";
import { createTypeScriptTransform, sucraseTransform } from "./typescript-transform.js";

const dir = mkdtempSync(join(tmpdir(), "batchflow-transform-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function write(files: Record<string, string>): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, ".."), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
}

/** A project's modules as batchflow loads them, and as jiti's own Babel transform does. */
async function loadBothWays(entry: string): Promise<[unknown, unknown]> {
  const options = { interopDefault: false, moduleCache: false, fsCache: false, sourceMaps: true };
  const ours = createJiti(`${dir}/`, { ...options, transform: createTypeScriptTransform() });
  const babels = createJiti(`${dir}/`, options);
  return [await ours.import(join(dir, entry)), await babels.import(join(dir, entry))];
}

const transformed = (source: string, filename = join(dir, "w.ts")) =>
  sucraseTransform({ source, filename, ts: true, async: true, babel: { sourceMaps: "inline" } });

describe("the TypeScript transform of users' files", () => {
  it("gives a module graph the same exports as jiti's Babel transform", async () => {
    write({
      "package.json": '{ "type": "module" }\n',
      "node_modules/legacy/package.json": '{ "name": "legacy", "main": "index.js" }\n',
      "node_modules/legacy/index.js": "module.exports = { greet: (n) => `hi ${n}` };\n",
      "node_modules/modern/package.json": '{ "name": "modern", "type": "module", "exports": "./index.js" }\n',
      "node_modules/modern/index.js": "export default 42;\nexport const named = 'n';\n",
      "shared.ts": [
        "export enum Size { Small = 1, Large = 2 }",
        "export interface Shape { size: Size }",
        "export default function area(side: number): number { return side * side; }",
        "export let counter = 0;",
        "export function bump(): void { counter += 1; }",
      ].join("\n"),
      "again.ts": 'export * from "./shared.js";\nexport { default as area } from "./shared.js";\n',
      "entry.ts": [
        'import area, { Size, type Shape, bump, counter } from "./shared.js";',
        'import * as again from "./again.js";',
        'import legacy from "legacy";',
        'import modern, { named } from "modern";',
        "const shape: Shape = { size: Size.Large };",
        "bump();",
        "const later = await Promise.resolve(area(3));",
        "export const result = {",
        "  area: later, size: shape.size, counter, reexported: Object.keys(again).sort(),",
        '  legacy: legacy.greet("x"), modern, named,',
        "};",
      ].join("\n"),
    });
    const [ours, babels] = await loadBothWays("entry.ts");
    expect((ours as { result: unknown }).result).toEqual((babels as { result: unknown }).result);
    expect((ours as { result: unknown }).result).toEqual({
      area: 9,
      size: 2,
      counter: 1,
      reexported: ["Size", "area", "bump", "counter"],
      legacy: "hi x",
      modern: 42,
      named: "n",
    });
  });

  it("keeps every line where the user wrote it, and maps columns back through the inline map", () => {
    const source = [
      'import { job } from "@batchflow/batchflow"; const first: number = 1;',
      "type Unused = { a: string };",
      "export const a = job(  'a'  );",
    ].join("\n");
    const code = transformed(source)?.code ?? "";
    const lines = code.split("\n");
    expect(lines[0]).toContain("(await jitiImport('@batchflow/batchflow'))");
    expect(lines[2]).toContain("'a'");
    const base64 = /base64,([A-Za-z0-9+/=]+)$/.exec(code)?.[1] ?? "";
    const map = new SourceMap(JSON.parse(Buffer.from(base64, "base64").toString("utf8")));
    // `first` on line 1 comes after the rewritten import; `'a'` on line 3 is on a line untouched.
    for (const [line, text] of [
      [0, "first"],
      [2, "'a'"],
    ] as const) {
      const entry = map.findEntry(line, lines[line]!.indexOf(text)) as { originalColumn?: number };
      expect(entry.originalColumn).toBe(source.split("\n")[line]!.indexOf(text));
    }
  });

  it("leaves to Babel what sucrase's module transform cannot express as jiti runs it", () => {
    for (const source of [
      "export const here = import.meta.url;",
      'export const later = () => import("./x.js");',
      'const fs = require("node:fs");',
      "export const = ;",
      "namespace Sizes { export const small = 1; }\nexport { Sizes };",
      "function sealed(target: unknown) {}\n@sealed class Job {}\nexport { Job };",
    ]) {
      expect(transformed(source), source).toBeUndefined();
    }
    expect(transformed("export const a: number = 1;", join(dir, "w.js"))).toBeUndefined();
    expect(
      sucraseTransform({ source: "export const a = 1;", filename: join(dir, "w.ts"), ts: true }),
    ).toBeUndefined();
  });

  it("runs import.meta, a dynamic import, a namespace and a decorator through Babel's transform", async () => {
    write({
      "meta.ts":
        'export const url: string = import.meta.url;\nexport const lazy = await import("./shared.js");\n',
      "namespaced.ts": [
        "namespace Sizes { export const small = 1; }",
        "function tagged(target: { tag?: string }) { target.tag = 'tagged'; }",
        "@tagged class Job { static tag?: string }",
        "export const result = { small: Sizes.small, tag: Job.tag };",
      ].join("\n"),
    });
    const [ours] = await loadBothWays("meta.ts");
    const loaded = ours as { url: string; lazy: { default: (n: number) => number } };
    expect(loaded.url).toBe(`file://${join(dir, "meta.ts")}`);
    expect(loaded.lazy.default(2)).toBe(4);
    const [namespaced, babels] = await loadBothWays("namespaced.ts");
    expect(namespaced).toEqual(babels);
    expect((namespaced as { result: unknown }).result).toEqual({ small: 1, tag: "tagged" });
  });
});
