// Bundles the declarations of the public entries (index, testing) into dist/*.d.ts that name no
// @batchflow/* package: those are bundled into this one and not published. `tsc -p
// tsconfig.types.json` has emitted every declaration under .types/ first.
import { rm } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { rollup } from "rollup";
import { dts } from "rollup-plugin-dts";

const here = (path) => fileURLToPath(new URL(`../${path}`, import.meta.url));
const types = here(".types");

/** @batchflow/<name> -> its emitted declarations. */
const workspacePackages = {
  name: "workspace-packages",
  resolveId(source) {
    const match = /^@batchflow\/([a-z]+)$/.exec(source);
    return match ? `${types}/${match[1]}/src/index.d.ts` : null;
  },
};

const bundle = await rollup({
  input: { index: `${types}/batchflow/src/index.d.ts`, testing: `${types}/batchflow/src/testing.d.ts` },
  plugins: [workspacePackages, dts()],
  onwarn(warning) {
    throw new Error(`bundling declarations: ${warning.message}`);
  },
});
await bundle.write({
  dir: here("dist"),
  format: "es",
  entryFileNames: "[name].d.ts",
  chunkFileNames: "types-[hash].d.ts",
});
await bundle.close();
await rm(types, { recursive: true, force: true });
