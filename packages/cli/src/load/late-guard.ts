import { relative } from "node:path";
import { type Diagnostic, diagnostic, formatDiagnostics, stackFrames } from "@batchflow/core";
import { cliCode } from "../cli-codes.js";
import { userErrorLocation } from "./user-error-location.js";

/** What the guard needs of the loader: which files are the project's, and how to map positions back. */
export interface LateGuardTarget {
  readonly root: string;
  /** The project's own files (not its dependencies): where a process.exit() call counts as the project's. */
  readonly isUserFile: (file: string) => boolean;
  /** The files loaded so far, where an error's position is looked for. */
  readonly loadedFiles: ReadonlySet<string>;
  readonly original: (diagnostics: ReadonlyArray<Diagnostic>) => Diagnostic[];
}

/** Thrown out of the stand-in for `process.exit()`, to end the callback that called it. */
export class LateExit extends Error {
  override readonly name = "LateExit";
}

const problems: Diagnostic[] = [];
let installed = false;
let loads = 0;
let commandEnded = false;

/**
 * Keeps the project's code from ending or breaking a command behind its back once its files have
 * loaded: a timer or a callback of a workflow file that calls `process.exit()` (BF1406), throws,
 * or rejects a promise nobody awaits (BF1402) would otherwise end the command silently, with
 * exit 0 and nothing written, or with Node's stack trace. Each is kept and reported when the
 * command ends, which then exits 1; one that comes after that is printed at once. While a file
 * loads, its own guard (load-guard.ts) reports these as the file's load failing.
 */
export function guardAfterLoad(target: LateGuardTarget): void {
  if (installed) return;
  installed = true;
  const realExit = process.exit;
  process.exit = ((code?: number | string | null) => {
    const call = new LateExit(`process.exit(${code ?? ""})`);
    const frame = stackFrames(call.stack ?? "").find((f) => target.isUserFile(f.file));
    // batchflow's own exit (the CLI ending after it reported an abandoned load).
    if (frame === undefined) return realExit(code);
    add(target, {
      code: cliCode.loadExit,
      message: `${relative(target.root, frame.file)} called process.exit(${code ?? ""}) after batchflow loaded it, from a timer or a callback`,
      hint: "batchflow runs the file's top level to find its workflows: a file must not exit, now or later; throw an Error instead, or do the check in a job's command",
      location: frame,
    });
    throw call;
  }) as typeof process.exit;
  process.on("uncaughtException", (error) => {
    if (loads > 0 || error instanceof LateExit) return;
    add(target, failure(target, error, "threw in a timer or a callback"));
  });
  process.on("unhandledRejection", (reason) => {
    if (loads > 0) return;
    add(target, failure(target, reason, "rejected a promise that nothing awaited"));
  });
}

/** Whether any of the project's files was loaded (and may have left something running). */
export function projectCodeLoaded(): boolean {
  return installed;
}

/** Brackets a file's load, whose own guard reports what happens meanwhile. */
export function loading(): () => void {
  loads++;
  return () => {
    loads--;
  };
}

/** The problems kept so far (emptied); after this, new ones are printed as they come. */
export function endCommand(): Diagnostic[] {
  commandEnded = true;
  return problems.splice(0);
}

function failure(target: LateGuardTarget, error: unknown, how: string): Parameters<typeof diagnostic>[0] {
  const location = userErrorLocation(error, target.loadedFiles);
  const where = location ? relative(target.root, location.file) : "the project's code";
  return {
    code: "BF1402",
    message: `${where} ${how} after batchflow loaded it: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`,
    hint: "a workflow file should only define workflows: await what its top level starts (batchflow then reports where it failed), or move the work into a job's command",
    ...(location ? { location } : {}),
  };
}

function add(target: LateGuardTarget, problem: Parameters<typeof diagnostic>[0]): void {
  const [found] = target.original([diagnostic(problem)]);
  if (found === undefined) return;
  if (!commandEnded) {
    problems.push(found);
    return;
  }
  // Printed by itself: paths relative to the project root, as the command printed its own.
  const shown = found.location
    ? { ...found, location: { ...found.location, file: relative(target.root, found.location.file) } }
    : found;
  process.stderr.write(`${formatDiagnostics([shown])}\n`);
  process.exitCode = 1;
}
