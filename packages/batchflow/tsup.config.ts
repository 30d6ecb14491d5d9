import { fileURLToPath } from "node:url";
import { defineConfig, type Options } from "tsup";

type Plugin = NonNullable<Options["esbuildPlugins"]>[number];

// One package for users: batchflow's own packages (@batchflow/core, aws, local, deploy, cli) are
// bundled from their sources, as are the local interpreter aws-local-stepfunctions and the AWS SDK
// clients (not in `dependencies`: a command that talks to AWS loads one file instead of some 300
// CommonJS modules, and starts about twice as fast); the rest of `dependencies` stays external. Why:
// docs/design/packaging.md. THIRD-PARTY-NOTICES.md lists what is bundled (build/third-party-notices.mjs).
const standIns = fileURLToPath(new URL("build/interpreter-stand-ins.ts", import.meta.url));

/** The interpreter's imports of the Lambda SDK and of asl-validator go to build/interpreter-stand-ins.ts. */
const interpreterStandIns: Plugin = {
  name: "interpreter-stand-ins",
  setup(build) {
    const fromInterpreter = (importer: string) => importer.includes("/aws-local-stepfunctions/");
    build.onResolve(
      { filter: /^(@aws-sdk\/client-lambda|@aws-sdk\/credential-providers|asl-validator)$/ },
      (args) => (fromInterpreter(args.importer) ? { path: standIns } : undefined),
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
  // asl-validator is a dependency (deploy requires it when it validates), so tsup's own external
  // plugin, which runs before esbuildPlugins, would keep the interpreter's static import of it and
  // load it (and Ajv, ~100 ms) at start-up; listed here, that import reaches interpreterStandIns.
  // No other code imports it statically.
  noExternal: [/^@batchflow\//, "aws-local-stepfunctions", "asl-validator"],
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
