// sucrase as a CommonJS file of its own, dist/sucrase.cjs, which the CLI requires on the first
// user file that jiti's cache does not hold (packages/cli/src/load/typescript-transform.ts):
// bundled into the CLI's chunks, its ~460 KB were parsed on every command (35 to 45 ms), though a
// command whose files are all in jiti's cache transforms nothing. Its metafile goes beside tsup's
// for THIRD-PARTY-NOTICES.md (third-party-notices.mjs).
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const here = (path) => fileURLToPath(new URL(`../${path}`, import.meta.url));

const result = await build({
  // sucrase's ES modules, so that what transform() never reaches (its CLI, for one) is left out,
  // as it was from the CLI's chunks.
  stdin: { contents: 'export { transform } from "sucrase";', resolveDir: here("src") },
  mainFields: ["module", "main"],
  bundle: true,
  format: "cjs",
  platform: "node",
  target: "node20",
  outfile: here("dist/sucrase.cjs"),
  metafile: true,
  logLevel: "warning",
});
writeFileSync(here("dist/metafile-sucrase.json"), JSON.stringify(result.metafile));
