import { existsSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";
import {
  type BatchflowConfigInput,
  checkShape,
  configShape,
  describeValue,
  diagnostic,
  isBatchflowError,
  isConfig,
  type SourceLocation,
} from "@batchflow/core";
import { CliError } from "../cli-error.js";
import type { ModuleLoader } from "./module-loader.js";
import { locationAt } from "./text-location.js";
import { userErrorLocation } from "./user-error-location.js";

export const configFileNames = [
  "batchflow.config.ts",
  "batchflow.config.mts",
  "batchflow.config.js",
  "batchflow.config.mjs",
];

export interface LoadedConfig {
  readonly file?: string;
  readonly config: BatchflowConfigInput;
}

/** The project config of `root`, or an empty one when there is none. */
export async function loadConfig(root: string, load: ModuleLoader): Promise<LoadedConfig> {
  const file = configFileNames.map((name) => join(root, name)).find((path) => existsSync(path));
  if (!file) return { config: {} };
  let mod: Record<string, unknown>;
  try {
    mod = await load.load(file);
  } catch (error) {
    // Builder misuse in the config, or the load guard's report (it exited or never finished).
    if (isBatchflowError(error)) throw new CliError(load.original(error.diagnostics));
    throw new CliError(
      load.original([
        diagnostic({
          code: "BF1402",
          message: `${basename(file)} failed to load: ${error instanceof Error ? error.message : String(error)}`,
          hint: "fix the error in the config file; it must export default defineConfig({ ... })",
          location: userErrorLocation(error, new Set([file])),
        }),
      ]),
    );
  }
  const config = mod.default;
  if (!isConfig(config) && (typeof config !== "object" || config === null || Array.isArray(config))) {
    throw new CliError([
      diagnostic({
        code: "BF1404",
        message:
          config === undefined
            ? `${basename(file)} has no default export`
            : `${basename(file)} exports ${describeValue(config)} as its default, not a config object`,
        hint: 'write export default defineConfig({ ... }), importing defineConfig from "@batchflow/batchflow"',
        ...(config === undefined ? {} : { location: defaultExportLocation(file) }),
      }),
    ]);
  }
  if (!isConfig(config)) {
    // defineConfig() checks its options at the call; a plain object is checked here, once, before
    // its globs are read (a string there would be globbed one character at a time) or any
    // workflow is compiled with it.
    const problems = checkShape(config, configShape, "the project config");
    if (problems.length > 0) {
      const location = defaultExportLocation(file);
      throw new CliError(
        problems.map(({ code, message, hint }) => diagnostic({ code, message, hint, location })),
      );
    }
  }
  return { file, config: config as BatchflowConfigInput };
}

/** Where the config file's `export default` is (its first line when it cannot be found). */
function defaultExportLocation(file: string): SourceLocation {
  let text = "";
  try {
    text = readFileSync(file, "utf8");
  } catch {
    // Read a moment ago by the loader; if it is gone now, its first line will do.
  }
  return locationAt(file, text, /export\s+default\b|module\.exports\s*=/.exec(text)?.index ?? 0);
}
