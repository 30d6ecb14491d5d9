import { existsSync } from "node:fs";
import { basename, join } from "node:path";
import { type BatchflowConfigInput, diagnostic, isBatchflowError, isConfig } from "@batchflow/core";
import { CliError } from "../cli-error.js";
import type { ModuleLoader } from "./module-loader.js";
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
  if (!isConfig(config) && (typeof config !== "object" || config === null)) {
    throw new CliError([
      diagnostic({
        code: "BF1404",
        message: `${basename(file)} has no default export`,
        hint: 'write export default defineConfig({ ... }), importing defineConfig from "@batchflow/batchflow"',
      }),
    ]);
  }
  return { file, config: config as BatchflowConfigInput };
}
