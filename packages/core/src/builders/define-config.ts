import { brand, isBranded } from "../ir/brand.js";
import type { BatchflowConfig, BatchflowConfigInput } from "../ir/config.js";

/**
 * The project config, `batchflow.config.ts`:
 *
 * @example
 * export default defineConfig({ workflows: ["workflows/**\/*.ts"], cluster: "batch", defaultTimeout: "1h" });
 */
export function defineConfig(config: BatchflowConfigInput): BatchflowConfig {
  return Object.freeze({ ...config, [brand]: "config" as const });
}

export function isConfig(value: unknown): value is BatchflowConfig {
  return isBranded(value, "config");
}
