// `batchflow run` as a child process that does not block the test's event loop (spawnSync would stop
// an HTTP server the test runs from answering), and in a process group of its own, to SIGKILL it as
// a terminal's job control would: the whole group at once.
import type { CliRun } from "./cli-project.js";
import { spawnCli } from "./run-project.js";

export interface StartedCli {
  readonly pid: number;
  readonly done: Promise<CliRun>;
  /** Output so far. */
  readonly output: () => string;
  /** Sends `signal` to the CLI's whole process group. */
  readonly signalGroup: (signal: NodeJS.Signals) => void;
}

/** Starts the built CLI in its own process group, with the test environment plus `env`. */
export function startCliGroup(
  args: ReadonlyArray<string>,
  cwd: string,
  env: Readonly<Record<string, string>> = {},
): StartedCli {
  const { child, done, output } = spawnCli(args, cwd, { env, detached: true });
  const pid = child.pid ?? -1;
  return {
    pid,
    done,
    output,
    signalGroup: (signal) => {
      try {
        process.kill(-pid, signal);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "ESRCH") throw error;
      }
    },
  };
}

/** Runs the built CLI to completion without blocking the event loop. */
export function runCliAsync(
  args: ReadonlyArray<string>,
  cwd: string,
  env: Readonly<Record<string, string>> = {},
): Promise<CliRun> {
  return startCliGroup(args, cwd, env).done;
}
