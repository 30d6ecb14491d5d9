import { fileURLToPath } from "node:url";
import { defineConfig, type Options } from "tsup";

type Plugin = NonNullable<Options["esbuildPlugins"]>[number];

// One package for users: batchflow's own packages (@batchflow/core, aws, local, deploy, cli) are
// bundled from their sources, as are the local interpreter aws-local-stepfunctions and the AWS SDK
// clients (not in `dependencies`: a command that talks to AWS loads one file instead of some 300
// CommonJS modules, and starts about twice as fast); the rest of `dependencies` stays external. Why:
// docs/design/packaging.md. THIRD-PARTY-NOTICES.md lists what is bundled (build/third-party-notices.mjs).
const standIns = fileURLToPath(new URL("build/interpreter-stand-ins.ts", import.meta.url));
const jsonPathFastPath = fileURLToPath(
  new URL("../local/src/interpreter/json-path-fast-path.ts", import.meta.url),
);

/**
 * The interpreter's imports of the Lambda SDK and of asl-validator go to build/interpreter-stand-ins.ts,
 * its import of jsonpath-plus to @batchflow/local's fast path for member paths (which loads
 * jsonpath-plus itself for the other paths).
 */
const interpreterStandIns: Plugin = {
  name: "interpreter-stand-ins",
  setup(build) {
    const fromInterpreter = (importer: string) => importer.includes("/aws-local-stepfunctions/");
    build.onResolve(
      { filter: /^(@aws-sdk\/client-lambda|@aws-sdk\/credential-providers|asl-validator)$/ },
      (args) => (fromInterpreter(args.importer) ? { path: standIns } : undefined),
    );
    build.onResolve({ filter: /^jsonpath-plus$/ }, (args) =>
      fromInterpreter(args.importer) ? { path: jsonPathFastPath } : undefined,
    );
  },
};

export default defineConfig({
  entry: { index: "src/index.ts", testing: "src/testing.ts", cli: "src/cli.ts" },
  format: ["esm"],
  target: "node20",
  platform: "node",
  splitting: true,
  clean: true,
  dts: false,
  sourcemap: false,
  removeNodeProtocol: false,
  // asl-validator and jsonpath-plus are dependencies (deploy requires the validator when it
  // validates; the fast path requires jsonpath-plus for the paths it leaves), so tsup's own external
  // plugin, which runs before esbuildPlugins, would keep the interpreter's static imports of them
  // (asl-validator loading Ajv, ~100 ms, at start-up); listed here, those imports reach
  // interpreterStandIns. No other code imports them statically.
  noExternal: [/^@batchflow\//, "aws-local-stepfunctions", "asl-validator", "jsonpath-plus"],
  // The SDK's CommonJS modules call require(); ESM has none of its own.
  banner: {
    js: 'import { createRequire as __bfCreateRequire } from "node:module";\nconst require = __bfCreateRequire(import.meta.url);',
  },
  metafile: true,
  esbuildOptions(options) {
    options.conditions = ["@batchflow/source", "import", "node"];
  },
  esbuildPlugins: [interpreterStandIns],
});
