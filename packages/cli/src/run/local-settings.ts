import { type BatchflowConfigInput, diagnostic, parseDuration } from "@batchflow/core";
import { CliError, exitCode } from "../cli-error.js";

export interface LocalSettings {
  readonly cwd?: string;
  readonly envFile?: string;
  readonly defaultStopTimeoutMs?: number;
}

/** The config's `local` block, checked: paths stay relative to the project root. */
export function localSettings(config: BatchflowConfigInput): LocalSettings {
  const local = config.local ?? {};
  const problems = [];
  for (const key of ["cwd", "envFile"] as const) {
    const value: unknown = local[key];
    if (value !== undefined && (typeof value !== "string" || value === "")) {
      problems.push(
        diagnostic({
          code: "BF1509",
          message: `local.${key} in batchflow.config.ts must be a path, not ${JSON.stringify(value)}`,
          hint: `write e.g. local: { ${key}: "${key === "cwd" ? "." : ".env.local"}" }, relative to the project root`,
        }),
      );
    }
  }
  let defaultStopTimeoutMs: number | undefined;
  if (local.stopTimeout !== undefined) {
    const parsed = parseDuration(local.stopTimeout);
    if (parsed.ok) defaultStopTimeoutMs = parsed.seconds * 1000;
    else {
      problems.push(
        diagnostic({
          code: "BF1509",
          message: `local.stopTimeout in batchflow.config.ts: ${parsed.reason}`,
          hint: 'write the time between SIGTERM and SIGKILL as seconds or a string like "10s"',
        }),
      );
    }
  }
  if (problems.length > 0) throw new CliError(problems, exitCode.usage);
  return {
    ...(typeof local.cwd === "string" ? { cwd: local.cwd } : {}),
    ...(typeof local.envFile === "string" ? { envFile: local.envFile } : {}),
    ...(defaultStopTimeoutMs === undefined ? {} : { defaultStopTimeoutMs }),
  };
}
