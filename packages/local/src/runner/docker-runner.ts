import { spawn, spawnSync } from "node:child_process";
import { checkDockerEngine } from "./docker-engine.js";
import type { JobLaunch, JobRunner, RunningJob } from "./job-runner.js";
import { signalGroup } from "./process-group.js";
import { superviseChild } from "./supervise-child.js";

export interface DockerRunnerOptions {
  /** Part of every container name, so that names are unique: the run id. */
  readonly runId: string;
  /** The environment the docker command itself runs with (DOCKER_HOST, …). */
  readonly baseEnv: Readonly<Record<string, string | undefined>>;
  /** How long `docker info` may take before the engine counts as absent. Default 5 s. */
  readonly checkTimeoutMs?: number;
}

/**
 * Runs each job as `docker run --rm` of its task's image with its command and environment. Variables
 * are passed as `-e NAME` with the values in the docker command's environment, so no value (secrets
 * included) appears on a command line. Stop signals go to the container (`docker kill --signal`).
 */
export function dockerRunner(options: DockerRunnerOptions): JobRunner {
  return {
    kind: "docker",
    check: () => checkDockerEngine(options.checkTimeoutMs),
    start(launch: JobLaunch): RunningJob {
      const name = `batchflow-${options.runId}-${launch.job}-${launch.attempt}`.replace(/[^\w.-]/g, "-");
      const args = [
        "run",
        "--rm",
        "--name",
        name,
        "--platform",
        launch.platform,
        ...Object.keys(launch.env).flatMap((key) => ["-e", key]),
        launch.image,
        ...launch.command,
      ];
      const child = spawn("docker", args, {
        env: { ...options.baseEnv, ...launch.env },
        detached: true,
        stdio: ["ignore", "pipe", "pipe"],
      });
      const dockerKill = (signal: "SIGTERM" | "SIGKILL"): void => {
        spawn("docker", ["kill", "--signal", signal, name], { stdio: "ignore" }).on("error", () => {});
      };
      const job = superviseChild(child, launch, {
        deliver: (signal) => {
          dockerKill(signal);
          // The docker command proxies signals to the container; it is killed itself only with SIGKILL.
          if (signal === "SIGKILL") signalGroup(child.pid, signal);
        },
      });
      return {
        ...job,
        container: name,
        killNow() {
          spawnSync("docker", ["rm", "--force", name], { stdio: "ignore", timeout: 5000 });
          job.killNow();
        },
      };
    },
  };
}
