import { existsSync, readFileSync } from "node:fs";
import { relative } from "node:path";
import { parseEnv } from "node:util";
import type { RegisterTaskDefinitionInput } from "@batchflow/aws";
import { diagnostic } from "@batchflow/core";
import type { CatalogJob } from "./job-catalog.js";
import { RunSetupError } from "./run-setup-error.js";

export interface EnvFile {
  /** Absolute path. */
  readonly path: string;
  /** Named in the config (`local.envFile`): then it must exist. The default `.env` may be absent. */
  readonly explicit: boolean;
}

/**
 * The value of every secret the workflow's task definitions declare (`secrets[].name`), from the local
 * environment, else from the env file. Every missing one is reported at once, by name only, before
 * anything starts (`BF1504`).
 */
export function resolveSecrets(
  workflow: string,
  taskDefinitions: Readonly<Record<string, RegisterTaskDefinitionInput>>,
  jobs: ReadonlyArray<CatalogJob>,
  env: Readonly<Record<string, string | undefined>>,
  envFile: EnvFile,
  root: string,
): Map<string, string> {
  const needed = new Map<string, Set<string>>();
  for (const job of jobs) {
    const container = taskDefinitions[job.family]?.containerDefinitions.find((c) => c.name === job.container);
    for (const secret of container?.secrets ?? []) {
      const users = needed.get(secret.name) ?? new Set<string>();
      users.add(job.name);
      needed.set(secret.name, users);
    }
  }
  const values = new Map<string, string>();
  if (needed.size === 0) return values;

  const fromFile = readEnvFile(envFile, root, workflow);
  const shownFile = relative(root, envFile.path) || envFile.path;
  const missing = [];
  for (const [name, users] of [...needed].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const value = env[name] ?? fromFile[name];
    if (value !== undefined) {
      values.set(name, value);
      continue;
    }
    const jobsText = [...users].map((j) => `"${j}"`).join(", ");
    missing.push(
      diagnostic({
        code: "BF1504",
        message: `secret ${name} has no value: it is neither in the environment nor in ${shownFile} (needed by job${users.size === 1 ? "" : "s"} ${jobsText})`,
        hint: `export ${name}=... before batchflow run, or add a line ${name}=... to ${shownFile}`,
        workflow,
      }),
    );
  }
  if (missing.length > 0) throw new RunSetupError(missing);
  return values;
}

/**
 * One variable's local value, from the environment, else the env file (read as for secrets: a missing
 * default `.env` is no value, a missing or unreadable named one is BF1505).
 */
export function localVariable(
  name: string,
  workflow: string,
  env: Readonly<Record<string, string | undefined>>,
  envFile: EnvFile,
  root: string,
): string | undefined {
  return env[name] ?? readEnvFile(envFile, root, workflow)[name];
}

function readEnvFile(envFile: EnvFile, root: string, workflow: string): Record<string, string | undefined> {
  if (!existsSync(envFile.path)) {
    if (!envFile.explicit) return {};
    throw RunSetupError.of(
      "BF1505",
      `the env file ${relative(root, envFile.path) || envFile.path} (local.envFile in batchflow.config.ts) does not exist`,
      "create it with one NAME=value line per secret, or fix local.envFile",
      workflow,
    );
  }
  try {
    return parseEnv(readFileSync(envFile.path, "utf8"));
  } catch (error) {
    throw RunSetupError.of(
      "BF1505",
      `the env file ${relative(root, envFile.path) || envFile.path} cannot be read: ${(error as Error).message}`,
      "check the file's permissions; it holds one NAME=value line per secret",
      workflow,
    );
  }
}
