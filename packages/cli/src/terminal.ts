import type { FormatOptions } from "@batchflow/core";
import type { LiveStream } from "@batchflow/local";
import pc from "picocolors";

/** Where the CLI writes; tests pass their own. */
export interface Terminal {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  readonly cwd: string;
  readonly color: boolean;
  /** A terminal that progress can redraw in place; absent when stdout is a pipe or a file. */
  readonly live?: LiveStream;
}

export function processTerminal(): Terminal {
  // `batchflow compile | head` closes the pipe early; that is the reader's choice, not an error.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on("error", (error: NodeJS.ErrnoException) => {
      if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
      throw error;
    });
  }
  return {
    out: (text) => process.stdout.write(`${text}\n`),
    err: (text) => process.stderr.write(`${text}\n`),
    cwd: process.cwd(),
    color: pc.isColorSupported,
    ...(liveOutput() ? { live: process.stdout } : {}),
  };
}

export function colors(term: Terminal) {
  return pc.createColors(term.color);
}

export function diagnosticStyle(term: Terminal): FormatOptions {
  const c = colors(term);
  return {
    cwd: term.cwd,
    style: { error: c.red, warning: c.yellow, code: c.bold, location: c.cyan, hint: c.dim },
  };
}

/**
 * Live progress needs a terminal that understands cursor movement and has a size (a pseudo-terminal
 * without one reports 0 rows); BATCHFLOW_PROGRESS=plain turns it off.
 */
function liveOutput(): boolean {
  const { stdout, env } = process;
  return (
    stdout.isTTY === true &&
    stdout.rows > 0 &&
    stdout.columns > 0 &&
    env.TERM !== "dumb" &&
    env.BATCHFLOW_PROGRESS !== "plain"
  );
}
