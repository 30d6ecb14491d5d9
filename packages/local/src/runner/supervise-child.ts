import type { ChildProcess } from "node:child_process";
import type { JobExit, JobLaunch, RunningJob } from "./job-runner.js";
import { LineSplitter } from "./line-splitter.js";
import { signalGroup } from "./process-group.js";

export interface SuperviseOptions {
  /** Delivers a stop signal to the job. Default: to the child's whole process group. */
  readonly deliver?: (signal: "SIGTERM" | "SIGKILL") => void;
  /** How long to keep reading output after the main process ended (a process that left the group may hold it). */
  readonly closeGraceMs?: number;
}

/**
 * Watches a spawned job (started with `detached: true`, so it leads its own process group): splits its
 * output into lines, stops it with SIGTERM then SIGKILL, and, as when an ECS container's main process
 * ends, kills whatever the job left running in its group once the main process has exited.
 */
export function superviseChild(
  child: ChildProcess,
  launch: JobLaunch,
  options: SuperviseOptions = {},
): RunningJob {
  const pid = child.pid;
  const send = options.deliver ?? ((signal: NodeJS.Signals) => void signalGroup(pid, signal));
  const deliver = (signal: "SIGTERM" | "SIGKILL"): void => {
    launch.onSignal?.(signal);
    send(signal);
  };
  const split = launch.unsplittable ? { unsplittable: launch.unsplittable } : {};
  const stdout = new LineSplitter((line) => launch.onLine(line, "stdout"), split);
  const stderr = new LineSplitter((line) => launch.onLine(line, "stderr"), split);
  child.stdout?.on("data", (chunk: Buffer) => stdout.write(chunk));
  child.stderr?.on("data", (chunk: Buffer) => stderr.write(chunk));

  let mainExited = false;
  let stopping = false;
  let killTimer: NodeJS.Timeout | undefined;
  let graceTimer: NodeJS.Timeout | undefined;
  let outcome: JobExit = { exitCode: null, signal: null };

  const exited = new Promise<JobExit>((resolve) => {
    child.on("error", (error) => {
      if (child.pid === undefined) outcome = { exitCode: null, signal: null, startError: error.message };
    });
    child.once("exit", (exitCode, signal) => {
      mainExited = true;
      outcome = { exitCode, signal };
      signalGroup(pid, "SIGKILL");
      graceTimer = setTimeout(() => {
        child.stdout?.destroy();
        child.stderr?.destroy();
      }, options.closeGraceMs ?? 1000);
    });
    child.once("close", () => {
      clearTimeout(killTimer);
      clearTimeout(graceTimer);
      stdout.end();
      stderr.end();
      resolve(outcome);
    });
  });

  return {
    pid,
    exited,
    stop(stopTimeoutMs) {
      if (mainExited || stopping || pid === undefined) return;
      stopping = true;
      deliver("SIGTERM");
      killTimer = setTimeout(() => {
        if (!mainExited) deliver("SIGKILL");
      }, stopTimeoutMs);
    },
    kill() {
      if (mainExited || pid === undefined) return;
      stopping = true;
      clearTimeout(killTimer);
      deliver("SIGKILL");
    },
    killNow() {
      if (pid !== undefined) signalGroup(pid, "SIGKILL");
    },
  };
}

/** An attempt that could not be started: it has "exited" at once, with the reason. */
export function notStarted(reason: string): RunningJob {
  return {
    pid: undefined,
    exited: Promise.resolve({ exitCode: null, signal: null, startError: reason }),
    stop() {},
    kill() {},
    killNow() {},
  };
}
