import { formatDiagnostics, isBatchflowError } from "@batchflow/core";
import type { CommandSpec } from "./args/command-spec.js";
import { nearest } from "./args/did-you-mean.js";
import { commandHelp, mainHelp } from "./args/help-text.js";
import { type ParseContext, parseCommandArgs } from "./args/parse-command-args.js";
import { usageError } from "./args/usage-error.js";
import { cliCode } from "./cli-codes.js";
import { CliError, exitCode } from "./cli-error.js";
import { compileArgs, compileSpec } from "./commands/compile-args.js";
import { helpSpec } from "./commands/help-args.js";
import { initArgs, initSpec } from "./commands/init-args.js";
import { deployArgs, deploySpec, planSpec } from "./deploy/deploy-args.js";
import { explainArgs, explainSpec } from "./explain/explain-args.js";
import { graphArgs, graphSpec } from "./graph/graph-args.js";
import { importArgs, importSpec } from "./import/import-args.js";
import { endCommand, projectCodeLoaded } from "./load/late-guard.js";
import { loadTimeoutMs, loadWasAbandoned } from "./load/load-guard.js";
import { findProjectRoot } from "./project/project-root.js";
import { runArgs, runSpec } from "./run/run-args.js";
import { diagnosticStyle, processTerminal, type Terminal } from "./terminal.js";

/** Every command, in the order the help lists them. */
const commands: ReadonlyArray<CommandSpec> = [
  initSpec,
  importSpec,
  compileSpec,
  runSpec,
  explainSpec,
  graphSpec,
  planSpec,
  deploySpec,
  helpSpec,
];

/** Runs the CLI; returns the exit code. The only place batchflow prints. */
export async function main(argv: ReadonlyArray<string>, term: Terminal = processTerminal()): Promise<number> {
  // Problems are shown as the command saw the project: paths relative to its root.
  let shownFrom = term;
  const inProject = (): Terminal => {
    shownFrom = projectTerminal(term);
    return shownFrom;
  };
  let code: number;
  try {
    code = await dispatch(argv, term, inProject);
  } catch (error) {
    code = report(error, shownFrom);
  }
  // What the project's code did behind the command's back (a timer that exited or threw).
  const late = endCommand();
  if (late.length > 0) code = Math.max(report(new CliError(late, exitCode.failed), shownFrom), code);
  // A workflow or config file may still hold the event loop once the command is done (an
  // interval, a server, an open connection, or a load that exited or never finished): what it
  // started is no part of the command, so the process ends with it, as a build step must.
  if (loadWasAbandoned() || projectCodeLoaded()) setImmediate(() => process.exit(code));
  return code;
}

async function dispatch(
  argv: ReadonlyArray<string>,
  term: Terminal,
  inProject: () => Terminal,
): Promise<number> {
  const [command, ...rest] = argv;
  const context: ParseContext = { cwd: term.cwd, commands };
  switch (command) {
    case undefined:
      term.out(mainHelp(commands, await version()));
      return exitCode.usage;
    case "help":
    case "--help":
    case "-h":
      return help(rest, term);
    case "--version":
    case "-v":
      term.out(await version());
      return exitCode.ok;
    case "init": {
      const parsed = parseCommandArgs(initSpec, rest, context);
      if (parsed.help) return showHelp(initSpec, term);
      const { initCommand } = await import("./init/init-command.js");
      return initCommand(initArgs(parsed, term.cwd), term, await version());
    }
    case "import": {
      const parsed = parseCommandArgs(importSpec, rest, context);
      if (parsed.help) return showHelp(importSpec, term);
      // Loaded on demand: ts-morph brings the TypeScript compiler, which only import needs.
      const { importCommand } = await import("./import/import-command.js");
      return await importCommand(importArgs(parsed, term.cwd), term);
    }
    case "compile": {
      const parsed = parseCommandArgs(compileSpec, rest, context);
      if (parsed.help) return showHelp(compileSpec, term);
      // Loaded on demand, like every command: --version and --help need none of jiti or the compiler.
      const { compileCommand } = await import("./commands/compile-command.js");
      return await compileCommand(compileArgs(parsed), inProject());
    }
    case "run": {
      const parsed = parseCommandArgs(runSpec, rest, context);
      if (parsed.help) return showHelp(runSpec, term);
      const args = runArgs(parsed, term.cwd);
      // Loaded on demand: the interpreter (and the AWS SDK it imports) costs ~150 ms that compile does not need.
      const { runCommand } = await import("./commands/run-command.js");
      return await runCommand(args, inProject());
    }
    case "explain": {
      const parsed = parseCommandArgs(explainSpec, rest, context);
      if (parsed.help) return showHelp(explainSpec, term);
      const args = explainArgs(parsed);
      // Loaded on demand: cronstrue and the cost model are explain's alone.
      const { explainCommand } = await import("./explain/explain-command.js");
      return await explainCommand(args, inProject());
    }
    case "graph": {
      const parsed = parseCommandArgs(graphSpec, rest, context);
      if (parsed.help) return showHelp(graphSpec, term);
      const args = graphArgs(parsed);
      // Loaded on demand: the renderers (and Graphviz in WebAssembly, for svg and html) are graph's alone.
      const { graphCommand } = await import("./graph/graph-command.js");
      return await graphCommand(args, inProject());
    }
    case "plan":
      return await usageExitsOneWhenDetailed(rest, async () => {
        const parsed = parseCommandArgs(planSpec, rest, context);
        if (parsed.help) return showHelp(planSpec, term);
        const args = deployArgs(parsed);
        // Loaded on demand, like run: the AWS SDK clients are not needed by compile.
        const { planCommand } = await import("./commands/plan-command.js");
        return await planCommand(args, inProject());
      });
    case "deploy": {
      const parsed = parseCommandArgs(deploySpec, rest, context);
      if (parsed.help) return showHelp(deploySpec, term);
      const { deployCommand } = await import("./commands/deploy-command.js");
      return await deployCommand(deployArgs(parsed), inProject());
    }
    default:
      throw command.startsWith("-") ? unknownGlobalOption(command) : unknownCommand(command);
  }
}

function help(rest: ReadonlyArray<string>, term: Terminal): Promise<number> | number {
  const [name] = rest;
  if (name === undefined) return version().then((v) => showText(mainHelp(commands, v), term));
  // `batchflow help --help`: the help of help.
  const spec = commands.find((c) => c.name === (name === "--help" || name === "-h" ? "help" : name));
  if (spec === undefined) throw unknownCommand(name);
  return showHelp(spec, term);
}

function showHelp(spec: CommandSpec, term: Terminal): number {
  return showText(commandHelp(spec), term);
}

function showText(text: string, term: Terminal): number {
  term.out(text);
  return exitCode.ok;
}

/**
 * plan's usage errors exit 2 like every command's, except with --detailed-exitcode: there 2 means
 * "changes pending", so every error exits 1, as with terraform.
 */
async function usageExitsOneWhenDetailed(
  rest: ReadonlyArray<string>,
  plan: () => Promise<number>,
): Promise<number> {
  try {
    return await plan();
  } catch (error) {
    const end = rest.indexOf("--");
    const detailed = (end === -1 ? rest : rest.slice(0, end)).includes("--detailed-exitcode");
    if (detailed && error instanceof CliError && error.exit === exitCode.usage) {
      throw new CliError(error.diagnostics, exitCode.failed);
    }
    throw error;
  }
}

/**
 * The terminal of a command that works on the project: its cwd is the project root, found upwards
 * from where the command was typed (paths the user typed were resolved against that already).
 */
function projectTerminal(term: Terminal): Terminal {
  loadTimeoutMs(); // a bad BATCHFLOW_LOAD_TIMEOUT is a usage error, before anything is loaded
  return { ...term, cwd: findProjectRoot(term.cwd) };
}

function unknownCommand(name: string): CliError {
  const near = nearest(
    name,
    commands.map((c) => c.name),
  );
  return usageError(
    cliCode.unknownCommand,
    `unknown command "${name}"`,
    `${near === undefined ? "" : `did you mean batchflow ${near}? `}the commands are ${commands.map((c) => c.name).join(", ")}; run batchflow --help`,
  );
}

function unknownGlobalOption(option: string): CliError {
  const near = option.startsWith("--") ? nearest(option.slice(2), ["help", "version"]) : undefined;
  return usageError(
    cliCode.unknownOption,
    `unknown option ${option} for batchflow`,
    `${near === undefined ? "" : `did you mean --${near}? `}options go after the command (batchflow compile --out DIR); run batchflow --help`,
  );
}

function report(error: unknown, term: Terminal): number {
  if (isBatchflowError(error)) {
    term.err(
      error.diagnostics.length > 0
        ? formatDiagnostics(error.diagnostics, diagnosticStyle(term))
        : error.message,
    );
    if (error instanceof CliError) return error.exit;
    return exitCode.failed;
  }
  const message = error instanceof Error ? error.message : String(error);
  term.err(
    `batchflow: internal error: ${message}\n  This is a bug in batchflow; set BATCHFLOW_DEBUG=1 for the stack trace and report it.`,
  );
  if (process.env.BATCHFLOW_DEBUG && error instanceof Error) term.err(error.stack ?? "");
  return exitCode.failed;
}

/** The version of the package this module was installed with (the CLI's, or the umbrella's it is bundled into). */
async function version(): Promise<string> {
  const { readFile } = await import("node:fs/promises");
  const pkg = JSON.parse(await readFile(new URL("../package.json", import.meta.url), "utf8")) as {
    version: string;
  };
  return pkg.version;
}
