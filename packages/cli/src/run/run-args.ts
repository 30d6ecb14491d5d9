import { diagnostic } from "@batchflow/core";
import type { RunnerKind } from "@batchflow/local";
import { defineCommand } from "../args/command-spec.js";
import type { ParsedCommand } from "../args/parse-command-args.js";
import { CliError, exitCode } from "../cli-error.js";

export const runSpec = defineCommand({
  name: "run",
  summary: "run a workflow on this machine: its ASL executed locally, each job a local process",
  description: [
    "Compiles the workflow in memory and executes its state machine here: each job runs as a local",
    "process in the project root (or a docker run), with live progress, real retries, catches and",
    "timeouts, a log per job in .batchflow/runs/ and, with --json, a JSON Lines trace.",
  ],
  positionals: [
    {
      name: "workflow",
      description: 'the name of the workflow to run (workflow("name", ...))',
      required: true,
    },
  ],
  options: {
    input: {
      type: "string",
      value: "JSON|@file",
      description:
        "the execution input as JSON, or @file holding it (default: the workflow's input, else {})",
    },
    runner: {
      type: "string",
      value: "process|docker",
      description: "how each job runs: a local process (default), or docker run of its task's image",
    },
    json: {
      type: "string",
      value: "FILE",
      path: true,
      description: "write every event of the run to FILE as JSON Lines",
    },
    "time-scale": {
      type: "string",
      value: "N",
      description:
        "multiply retry intervals and waits by N: 0 skips them, 0.1 is ten times faster (default 1)",
    },
    "dry-notify": {
      type: "boolean",
      description: "print the workflow's notifications instead of posting them",
    },
    graph: {
      type: "boolean",
      description:
        "after the run, write graph.html beside the job logs: the job graph coloured by outcome, with timings",
    },
  },
  exitCodes: [
    [0, "the execution succeeded"],
    [1, "the execution failed, or a file exited or never finished while it was loaded"],
    [2, "usage, compile or setup problem: nothing was started"],
    [130, "interrupted (Ctrl-C): every running job was stopped"],
  ],
});

export interface RunArgs {
  readonly workflow: string;
  /** `--input` as given: JSON text, or `@file` (relative to `cwd`). */
  readonly input?: string;
  /** The directory the command was typed in. */
  readonly cwd: string;
  readonly runner: RunnerKind;
  /** `--json`: the trace file, absolute. */
  readonly json?: string;
  readonly timeScale: number;
  /** `--dry-notify`: print notifications instead of posting them. */
  readonly dryNotify: boolean;
  /** `--graph`: write the run's picture to `<run directory>/graph.html`. */
  readonly graph: boolean;
}

type Parsed = Extract<ParsedCommand<typeof runSpec.options>, { help: false }>;

export function runArgs({ values, positionals }: Parsed, cwd: string): RunArgs {
  const runner = values.runner ?? "process";
  if (runner !== "process" && runner !== "docker") {
    throw optionError(
      `--runner must be "process" or "docker", not ${JSON.stringify(runner)}`,
      "--runner process (the default) runs each job as a local process; --runner docker runs it in its task's image",
    );
  }
  const scale = values["time-scale"];
  const timeScale = scale === undefined ? 1 : Number(scale);
  if (scale?.trim() === "" || !Number.isFinite(timeScale) || timeScale < 0) {
    throw optionError(
      `--time-scale must be a number of at least 0, not ${JSON.stringify(scale)}`,
      "--time-scale multiplies retry intervals and waits: 0 runs them without pausing, 0.1 ten times faster",
    );
  }
  return {
    workflow: positionals[0]!,
    ...(values.input === undefined ? {} : { input: values.input }),
    cwd,
    runner,
    ...(values.json === undefined ? {} : { json: values.json }),
    timeScale,
    dryNotify: values["dry-notify"],
    graph: values.graph,
  };
}

function optionError(message: string, hint: string): CliError {
  return new CliError([diagnostic({ code: "BF1503", message, hint })], exitCode.usage);
}
