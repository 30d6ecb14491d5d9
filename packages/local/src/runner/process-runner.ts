import { spawn } from "node:child_process";
import type { JobLaunch, JobRunner, RunningJob } from "./job-runner.js";
import { notStarted, superviseChild } from "./supervise-child.js";

export interface ProcessRunnerOptions {
  /** The working directory of every job. */
  readonly cwd: string;
  /** The environment jobs start from (PATH, HOME, …); the job's own variables go over it. */
  readonly baseEnv: Readonly<Record<string, string | undefined>>;
}

/** Runs each job as a local process, argv as given (no shell), in its own process group. */
export function processRunner(options: ProcessRunnerOptions): JobRunner {
  return {
    kind: "process",
    async check() {},
    start(launch: JobLaunch): RunningJob {
      const [file, ...args] = launch.command;
      if (file === undefined || file === "") return notStarted("the job has no command");
      try {
        const child = spawn(file, args, {
          cwd: options.cwd,
          env: { ...options.baseEnv, ...launch.env },
          detached: true,
          stdio: ["ignore", "pipe", "pipe"],
        });
        return superviseChild(child, launch);
      } catch (error) {
        return notStarted((error as Error).message);
      }
    },
  };
}
