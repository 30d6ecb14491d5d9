import { parseArgs } from "node:util";
import { formatDiagnostics, isBatchflowError } from "@batchflow/core";
import { CliError, exitCode } from "./cli-error.js";
import { compileCommand } from "./commands/compile-command.js";
import { parseRunArgs } from "./run/run-args.js";
import { diagnosticStyle, processTerminal, type Terminal } from "./terminal.js";

const usage = `batchflow: scheduled AWS batch job graphs, written in TypeScript

Usage:
  batchflow compile [file.ts ...] [--out DIR] [--check]
      Compile workflows (default: those matched by batchflow.config.ts, else workflows/**/*.ts)
      to DIR (default dist/batchflow). --check writes nothing and fails when DIR is stale.
  batchflow run <workflow> [--input JSON|@file] [--runner process|docker] [--json FILE] [--time-scale N] [--dry-notify]
      Run a workflow on this machine: its ASL executed locally, each job a local process
      (or a docker run), with live progress, logs in .batchflow/runs/ and a JSON Lines trace.
      Exits 0 when the execution succeeded, 1 when it failed, 130 on Ctrl-C.
  batchflow plan [workflow ...] [--json] [--prune] [AWS options]
      What deploy would create, update, leave alone or delete on AWS, with a diff of each change.
      Exits 0 when nothing would change, 2 when changes are pending, 1 on errors.
  batchflow deploy [workflow ...] [--yes] [--prune] [--no-compile] [--create-roles] [AWS options]
      Compile, then push the bundle to AWS: roles (with --create-roles), task definitions, state
      machines, schedules. Idempotent; run it again to finish an interrupted deploy.
      AWS options: --region R --profile P --endpoint-url URL --out DIR
        --state-machine-role-arn ARN --execution-role-arn ARN --task-role-arn ARN --schedule-role-arn ARN
  batchflow help | --help
  batchflow --version`;

/** Runs the CLI; returns the exit code. The only place batchflow prints. */
export async function main(argv: ReadonlyArray<string>, term: Terminal = processTerminal()): Promise<number> {
  try {
    const [command, ...rest] = argv;
    switch (command) {
      case "compile":
        return await compileCommand(parseCompileArgs(rest), term);
      case "run": {
        // Loaded on demand: the interpreter (and the AWS SDK it imports) costs ~150 ms that compile does not need.
        const args = parseRunArgs(rest);
        const { runCommand } = await import("./commands/run-command.js");
        return await runCommand(args, term);
      }
      case "plan": {
        // Loaded on demand, like run: the AWS SDK clients are not needed by compile.
        const { planCommand } = await import("./commands/plan-command.js");
        return await planCommand(rest, term);
      }
      case "deploy": {
        const { deployCommand } = await import("./commands/deploy-command.js");
        return await deployCommand(rest, term);
      }
      case undefined:
      case "help":
      case "--help":
      case "-h":
        term.out(usage);
        return command === undefined ? exitCode.usage : exitCode.ok;
      case "--version":
      case "-v":
        term.out(await version());
        return exitCode.ok;
      default:
        throw CliError.usage(`unknown command "${command}"`, "run batchflow --help for the commands");
    }
  } catch (error) {
    if (isBatchflowError(error)) {
      term.err(
        error.diagnostics.length > 0
          ? formatDiagnostics(error.diagnostics, diagnosticStyle(term))
          : error.message,
      );
      return error instanceof CliError ? error.exit : exitCode.failed;
    }
    const message = error instanceof Error ? error.message : String(error);
    term.err(
      `batchflow: internal error: ${message}\n  This is a bug in batchflow; set BATCHFLOW_DEBUG=1 for the stack trace and report it.`,
    );
    if (process.env.BATCHFLOW_DEBUG && error instanceof Error) term.err(error.stack ?? "");
    return exitCode.failed;
  }
}

function parseCompileArgs(args: ReadonlyArray<string>): { files: string[]; out?: string; check: boolean } {
  try {
    const { values, positionals } = parseArgs({
      args: [...args],
      allowPositionals: true,
      options: { out: { type: "string", short: "o" }, check: { type: "boolean", default: false } },
    });
    return {
      files: positionals,
      ...(values.out === undefined ? {} : { out: values.out }),
      check: values.check ?? false,
    };
  } catch (error) {
    throw CliError.usage(
      (error as Error).message,
      "usage: batchflow compile [file.ts ...] [--out DIR] [--check]",
    );
  }
}

async function version(): Promise<string> {
  const { readFile } = await import("node:fs/promises");
  const pkg = JSON.parse(await readFile(new URL("../package.json", import.meta.url), "utf8")) as {
    version: string;
  };
  return pkg.version;
}
