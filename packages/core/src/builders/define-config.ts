import { brand, isBranded } from "../ir/brand.js";
import type { BatchflowConfig, BatchflowConfigInput } from "../ir/config.js";
import { assertOptions } from "../validate/assert-options.js";
import { configShape } from "../validate/shapes/config-shape.js";

/**
 * The project config, `batchflow.config.ts`:
 *
 * @example
 * export default defineConfig({ workflows: ["workflows/**\/*.ts"], cluster: "batch", defaultTimeout: "1h" });
 */
export function defineConfig(config: BatchflowConfigInput): BatchflowConfig {
  assertOptions(config, configShape, "defineConfig() options");
  return Object.freeze({ ...config, [brand]: "config" as const });
}

export function isConfig(value: unknown): value is BatchflowConfig {
  return isBranded(value, "config");
}
