import { diagnostic, parseDuration, type SourceLocation, stackFrames } from "@batchflow/core";
import { cliCode } from "../cli-codes.js";
import { CliError, exitCode } from "../cli-error.js";

/** Loading one file may take this long unless BATCHFLOW_LOAD_TIMEOUT says otherwise. */
export const defaultLoadTimeoutMs = 60_000;

/** Thrown out of `process.exit()` when a file being loaded calls it; the stack shows the call. */
class ExitDuringLoad extends Error {
  override readonly name = "ExitDuringLoad";
}

/** What the guard knows about the file it loads. */
export interface GuardedFile {
  readonly file: string;
  /** The file as messages name it (relative to the project root). */
  readonly shown: string;
  /** Whether a stack frame's file is the user's code (to point at the process.exit() call). */
  readonly isUserFile: (file: string) => boolean;
}

let abandoned = false;

/**
 * Whether a load was given up (the file exited, never settled or ran out of time): its code may
 * still hold the event loop, so the CLI ends the process itself once it has reported.
 */
export function loadWasAbandoned(): boolean {
  return abandoned;
}

/**
 * Runs `load` so that the file it loads cannot end batchflow behind its back: `process.exit()`
 * during the load is stopped and reported (BF1406); a load whose top-level await can never settle
 * (the event loop ran empty: Node would exit silently) is BF1407; one still pending after the time
 * limit is BF1408. `process.exit` and the listeners are restored when the load ends. Errors of the
 * load pass through, and an exception that a timer of the file throws meanwhile fails the load
 * like an error of its top level.
 */
export async function guardLoad<T>(
  target: GuardedFile,
  timeoutMs: number,
  load: () => Promise<T>,
): Promise<T> {
  // The first reason to give up wins, also over what the load itself settles with afterwards.
  let stoppedWith: { readonly error: unknown } | undefined;
  let stop!: (error: unknown) => void;
  const stopped = new Promise<never>((_, reject) => {
    stop = (error) => {
      if (stoppedWith !== undefined) return;
      stoppedWith = { error };
      abandoned = true;
      reject(error);
    };
  });
  const realExit = process.exit;
  process.exit = ((code?: number | string | null) => {
    const call = new ExitDuringLoad(`process.exit(${code ?? ""})`);
    stop(exitError(target, code, call));
    throw call;
  }) as typeof process.exit;
  // Nothing is left to run, yet the load has not settled: its top-level await waits forever.
  const onBeforeExit = () => stop(unsettledError(target));
  // A timer of the file's code that calls process.exit() throws out of our stand-in: already reported.
  const onUncaught = (error: unknown) => {
    if (!(error instanceof ExitDuringLoad)) stop(error);
  };
  process.on("beforeExit", onBeforeExit);
  process.on("uncaughtException", onUncaught);
  const timer =
    timeoutMs > 0 ? setTimeout(() => stop(timeoutError(target, timeoutMs)), timeoutMs).unref() : undefined;
  try {
    const loaded = await Promise.race([load(), stopped]);
    if (stoppedWith !== undefined) throw stoppedWith.error;
    return loaded;
  } catch (error) {
    throw stoppedWith !== undefined ? stoppedWith.error : error;
  } finally {
    clearTimeout(timer);
    process.off("beforeExit", onBeforeExit);
    process.off("uncaughtException", onUncaught);
    process.exit = realExit;
  }
}

/** Whether `error` is one of the guard's reports (the load was given up, not failed). */
export function isAbandonedLoad(error: unknown): error is CliError {
  return error instanceof CliError && error.diagnostics.some((d) => abandonCodes.has(d.code));
}

const abandonCodes: ReadonlySet<string> = new Set([
  cliCode.loadExit,
  cliCode.loadUnsettled,
  cliCode.loadTimeout,
]);

/** BATCHFLOW_LOAD_TIMEOUT: seconds, or a duration such as "90s" or "2m"; 0 turns the limit off. */
export function loadTimeoutMs(value: string | undefined = process.env.BATCHFLOW_LOAD_TIMEOUT): number {
  if (value === undefined || value.trim() === "") return defaultLoadTimeoutMs;
  const text = value.trim();
  const parsed = parseDuration(/^\d+(\.\d+)?$/.test(text) ? Number(text) : text);
  if (!parsed.ok) {
    throw new CliError(
      [
        diagnostic({
          code: cliCode.loadTimeoutSetting,
          message: `BATCHFLOW_LOAD_TIMEOUT=${JSON.stringify(value)} is not a duration`,
          hint: 'set it to seconds or a duration like "90s" or "2m" (how long loading one file may take); 0 turns the limit off',
        }),
      ],
      exitCode.usage,
    );
  }
  // setTimeout takes at most 2^31-1 ms (24.8 days) and fires at once beyond it.
  return Math.min(parsed.seconds * 1000, 2 ** 31 - 1);
}

function exitError(target: GuardedFile, code: number | string | null | undefined, call: Error): CliError {
  const location: SourceLocation | undefined = stackFrames(call.stack ?? "").find((f) =>
    target.isUserFile(f.file),
  );
  return abandon({
    code: cliCode.loadExit,
    message: `${target.shown} called process.exit(${code ?? ""}) while batchflow was loading it`,
    hint: "batchflow runs the file's top level to find its workflows, so it must not exit: throw an Error instead (batchflow reports it), or do the check in a job's command",
    location,
  });
}

function unsettledError(target: GuardedFile): CliError {
  return abandon({
    code: cliCode.loadUnsettled,
    message: `${target.shown} never finished loading: its top level awaits a promise that nothing is left to settle`,
    hint: "batchflow runs the file's top level to find its workflows: remove that await, or make sure what it waits for resolves or rejects (also in the modules it imports)",
  });
}

function timeoutError(target: GuardedFile, ms: number): CliError {
  return abandon({
    code: cliCode.loadTimeout,
    message: `${target.shown} was still loading after ${ms / 1000} s`,
    hint: "its top level (or a module it imports) waits for something that does not end: a server, an interval, a slow request? Keep workflow files free of side effects, or allow more time: BATCHFLOW_LOAD_TIMEOUT=120s",
  });
}

function abandon(problem: Parameters<typeof diagnostic>[0]): CliError {
  return new CliError([diagnostic(problem)], exitCode.failed);
}
