import { fileURLToPath } from "node:url";
import { defineConfig, type Options } from "tsup";

type Plugin = NonNullable<Options["esbuildPlugins"]>[number];

// One package for users: batchflow's own packages (@batchflow/core, aws, local, deploy, cli) are
// bundled from their sources, as is the local interpreter aws-local-stepfunctions; the rest of
// `dependencies` stays external. Why: docs/design/packaging.md.
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
  noExternal: [/^@batchflow\//, "aws-local-stepfunctions"],
  esbuildOptions(options) {
    options.conditions = ["@batchflow/source", "import", "node"];
  },
  esbuildPlugins: [interpreterStandIns],
});
