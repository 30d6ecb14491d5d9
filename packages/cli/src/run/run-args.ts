import { parseArgs } from "node:util";
import { diagnostic } from "@batchflow/core";
import type { RunnerKind } from "@batchflow/local";
import { CliError, exitCode } from "../cli-error.js";

export const runUsage =
  "usage: batchflow run <workflow> [--input JSON|@file] [--runner process|docker] [--json FILE] [--time-scale N] [--dry-notify]";

export interface RunArgs {
  readonly workflow: string;
  /** `--input` as given: JSON text, or `@file`. */
  readonly input?: string;
  readonly runner: RunnerKind;
  readonly json?: string;
  readonly timeScale: number;
  /** `--dry-notify`: print notifications instead of posting them. */
  readonly dryNotify: boolean;
}

export function parseRunArgs(args: ReadonlyArray<string>): RunArgs {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(args);
  } catch (error) {
    throw CliError.usage((error as Error).message, runUsage);
  }
  const { values, positionals } = parsed;
  if (positionals.length !== 1) {
    throw CliError.usage(
      positionals.length === 0
        ? "batchflow run needs the name of the workflow to run"
        : `batchflow run runs one workflow; got ${positionals.length}: ${positionals.join(", ")}`,
      runUsage,
    );
  }
  const runner = values.runner ?? "process";
  if (runner !== "process" && runner !== "docker") {
    throw optionError(
      `--runner must be "process" or "docker", not ${JSON.stringify(runner)}`,
      "--runner process (the default) runs each job as a local process; --runner docker runs it in its task's image",
    );
  }
  const timeScale = values["time-scale"] === undefined ? 1 : Number(values["time-scale"]);
  if (values["time-scale"]?.trim() === "" || !Number.isFinite(timeScale) || timeScale < 0) {
    throw optionError(
      `--time-scale must be a number of at least 0, not ${JSON.stringify(values["time-scale"])}`,
      "--time-scale multiplies retry intervals and waits: 0 runs them without pausing, 0.1 ten times faster",
    );
  }
  return {
    workflow: positionals[0]!,
    ...(values.input === undefined ? {} : { input: values.input }),
    runner,
    ...(values.json === undefined ? {} : { json: values.json }),
    timeScale,
    dryNotify: values["dry-notify"] === true,
  };
}

function parse(args: ReadonlyArray<string>) {
  return parseArgs({
    args: [...args],
    allowPositionals: true,
    options: {
      input: { type: "string" },
      runner: { type: "string" },
      json: { type: "string" },
      "time-scale": { type: "string" },
      "dry-notify": { type: "boolean" },
    },
  });
}

function optionError(message: string, hint: string): CliError {
  return new CliError([diagnostic({ code: "BF1503", message, hint })], exitCode.usage);
}
