import { relative } from "node:path";
import {
  formatSummary,
  liveProgress,
  noStyle,
  plainProgress,
  type RunResult,
  RunSetupError,
  runWorkflow,
} from "@batchflow/local";
import { CliError, exitCode } from "../cli-error.js";
import { Interrupt } from "../run/interrupt.js";
import { loadRunWorkflow } from "../run/load-run-workflow.js";
import { localSettings } from "../run/local-settings.js";
import type { RunArgs } from "../run/run-args.js";
import { writeRunGraph } from "../run/run-graph.js";
import { parseRunInput } from "../run/run-input.js";
import { colors, type Terminal } from "../terminal.js";

/**
 * `batchflow run <workflow>`: compiles the workflow in memory and runs it on this machine, showing
 * progress; exits 0 when the execution succeeded, 1 when it failed, 2 on usage, compile or setup
 * problems, 130 on Ctrl-C (every job stopped first).
 */
export async function runCommand(args: RunArgs, term: Terminal): Promise<number> {
  const target = await loadRunWorkflow(args.workflow, term);
  const input =
    args.input === undefined
      ? (target.workflow.toNode().options.input ?? {})
      : parseRunInput(args.input, args.cwd);
  const local = localSettings(target.config);
  // Plain output stays plain (picocolors would colour it on CI) unless colour is forced.
  const style = term.live !== undefined || colorForced() ? colors(term) : noStyle;
  const progress =
    term.live === undefined ? plainProgress(term.out, style) : await liveProgress(term.live, style);
  const interrupt = new Interrupt((signal, count) =>
    progress.note(
      style.yellow(
        count === 1
          ? `${signal}: stopping every running job (SIGTERM, then SIGKILL after its stop timeout); press Ctrl-C again to kill them now`
          : `${signal} again: killing every running job (SIGKILL)`,
      ),
    ),
  );
  let result: RunResult;
  try {
    result = await runWorkflow(target.compiled, {
      root: term.cwd,
      input,
      runner: args.runner,
      ...local,
      timeScale: args.timeScale,
      dryNotify: args.dryNotify,
      ...(args.json === undefined ? {} : { tracePath: args.json }),
      signal: interrupt.stop.signal,
      killSignal: interrupt.kill.signal,
      onStart: progress.start,
      onEvent: progress.event,
    });
  } catch (error) {
    if (error instanceof RunSetupError) throw new CliError(error.diagnostics, exitCode.usage);
    throw error;
  } finally {
    interrupt.dispose();
    progress.finish();
  }
  term.out(formatSummary(result, term.cwd, style));
  if (args.graph) {
    const path = await writeRunGraph(target, result);
    term.out(`graph: ${relative(term.cwd, path) || path}`);
  }
  return interrupt.exitCode ?? (result.status === "SUCCEEDED" ? exitCode.ok : exitCode.failed);
}

function colorForced(): boolean {
  const force = process.env.FORCE_COLOR;
  return force !== undefined && force !== "" && force !== "0" && !process.env.NO_COLOR;
}
