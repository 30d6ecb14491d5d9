import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { basename, join } from "node:path";
import type { BatchflowConfigInput } from "@batchflow/core";

/**
 * The name deploy tags resources with (`batchflow:project`): `project` in batchflow.config.ts,
 * else the `name` in the project's package.json, else the project directory's name.
 */
export async function projectName(root: string, config: BatchflowConfigInput): Promise<string> {
  if (config.project !== undefined) return config.project;
  const pkg = join(root, "package.json");
  if (existsSync(pkg)) {
    try {
      const { name } = JSON.parse(await readFile(pkg, "utf8")) as { name?: unknown };
      if (typeof name === "string" && name !== "") return name;
    } catch {
      // an unreadable package.json names nothing
    }
  }
  return basename(root);
}
