import type * as childProcess from "node:child_process";
import type * as fs from "node:fs";
import { groupsWithVariable, liveGroup } from "./live-group.js";
import { jobTokenVariable, type RecordedJob, readRunRecord } from "./run-process-record.js";

/**
 * The supervisor, once the runner has died: stops each job of the run's `processes` file that was
 * started and not recorded as gone (and each one recorded as starting but never with its pid, found
 * by the token in its environment), as a timeout does: SIGTERM to the process group (`docker kill
 * --signal SIGTERM` to a container), SIGKILL after the job's stop timeout (`docker rm --force`
 * first), and exits once every one of those groups is gone (checked by polling, as no event tells
 * of a group that is not one's child).
 *
 * It runs in a process of its own, from this function's source text: everything it uses comes from
 * its arguments or Node's globals, never from this module's scope.
 */
function superviseRun(
  files: typeof fs,
  spawner: Pick<typeof childProcess, "spawn">,
  isLive: typeof liveGroup,
  readRecord: typeof readRunRecord,
  groupsOf: typeof groupsWithVariable,
  tokenVariable: string,
  recordPath: string,
): void {
  process.title = "batchflow-supervisor";
  const pollMs = 100;
  const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
  const alive = (job: RecordedJob): boolean => isLive(files, job.pid, job.start ?? undefined);
  const docker = (args: string[]) =>
    new Promise<void>((resolve) => {
      const child = spawner.spawn("docker", args, { stdio: "ignore" });
      child.on("error", () => resolve());
      child.on("exit", () => resolve());
    });
  const signalGroup = (job: RecordedJob, signal: NodeJS.Signals): void => {
    try {
      process.kill(-job.pid, signal);
    } catch {
      // Gone already.
    }
  };
  const send = async (job: RecordedJob, signal: "SIGTERM" | "SIGKILL"): Promise<void> => {
    try {
      files.appendFileSync(
        job.log,
        `--- batchflow: attempt ${job.attempt}: ${signal} sent (batchflow run ended while the job ran) ---\n`,
      );
    } catch {
      // A log that cannot be written must not keep the job running.
    }
    // As the docker runner does: SIGTERM to the container (the docker command would pass it on), SIGKILL
    // to the container and then to the docker command, which dies of SIGKILL alone.
    if (job.container !== null) {
      if (signal === "SIGTERM") await docker(["kill", "--signal", "SIGTERM", job.container]);
      else await docker(["rm", "--force", job.container]);
    }
    if (job.container === null || signal === "SIGKILL") signalGroup(job, signal);
  };

  async function stop(job: RecordedJob): Promise<void> {
    if (alive(job)) {
      await send(job, "SIGTERM");
      const deadline = Date.now() + job.stopTimeoutMs;
      while (alive(job) && Date.now() < deadline) await sleep(Math.min(pollMs, deadline - Date.now()));
      if (alive(job)) await send(job, "SIGKILL");
      while (alive(job)) await sleep(pollMs);
    }
    // The docker command may be gone (killed by a write to the runner's closed pipe) and its container not.
    if (job.container !== null) await docker(["rm", "--force", job.container]);
  }

  let text = "";
  try {
    text = files.readFileSync(recordPath, "utf8");
  } catch {
    // No record: nothing was started.
  }
  const { running, unrecorded } = readRecord(text);
  for (const job of running) void stop(job);
  // Spawned by a runner that died before it recorded the pid: found by the token in their environment.
  for (const start of unrecorded) {
    for (const group of groupsOf(files, tokenVariable, start.token)) {
      void stop({ ...start, role: "job", pid: group, start: null, container: null });
    }
  }
}

const program = `(${String(superviseRun)})(require("node:fs"), require("node:child_process"), ${String(liveGroup)}, ${String(readRunRecord)}, ${String(groupsWithVariable)}, ${JSON.stringify(jobTokenVariable)}, process.argv[1]);`;

/**
 * The supervisor's command: `sh` waits on the pipe from the runner (its stdin) and exits when the
 * runner writes a line there (the run is over); at end of file, which comes however the runner ends,
 * `kill -9` included, it becomes the node program above. Nothing is polled while the runner lives,
 * and a run pays for a shell, not for a node start-up, unless its runner dies. The program travels on
 * the command line, so no extra file has to be found beside a bundle of this package.
 */
export function supervisorCommand(recordPath: string): { file: string; args: string[] } {
  return {
    file: "sh",
    args: ["-c", 'read -r _ || exec "$0" -e "$1" "$2"', process.execPath, program, recordPath],
  };
}
