import { spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { groupAlive, isAlive, type ProcessIdentity, processIdentity } from "./process-identity.js";
import { jobTokenVariable, type RunProcessRecord } from "./run-process-record.js";
import { RunProcesses, runAlive } from "./run-processes.js";
import { RunSupervisor } from "./run-supervisor.js";
import { supervisorCommand } from "./supervisor-program.js";

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

function runDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "batchflow-supervisor-"));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/**
 * A job as the process runner starts it (its own process group), with a child of its own; resolved
 * once the script has run up to starting that child.
 */
async function startJob(script: string, env: Record<string, string> = {}): Promise<ProcessIdentity> {
  const job = spawn("sh", ["-c", `${script} & echo $!; wait`], {
    detached: true,
    stdio: ["ignore", "pipe", "ignore"],
    env: { ...process.env, ...env },
  });
  const leader = processIdentity(job.pid!);
  cleanups.push(() => {
    if (groupAlive(leader)) process.kill(-leader.pid, "SIGKILL");
  });
  await once(job.stdout!, "data");
  job.stdout!.destroy();
  job.unref();
  return leader;
}

function record(processes: RunProcesses, leader: ProcessIdentity, stopTimeoutMs: number, log: string): void {
  processes.job({
    pid: leader.pid,
    start: leader.start ?? null,
    stopTimeoutMs,
    attempt: 1,
    container: null,
    log,
  });
}

/** The supervisor as the runner starts it; closing `pipe` without a word is what the runner's death does. */
function startSupervisor(processes: RunProcesses): { pipe: NodeJS.WritableStream & { destroy(): void } } {
  const { file, args } = supervisorCommand(processes.path);
  const child = spawn(file, args, { detached: true, stdio: ["pipe", "ignore", "ignore"] });
  const id = processIdentity(child.pid!);
  processes.supervisor(id);
  cleanups.push(() => {
    if (isAlive(id)) process.kill(id.pid, "SIGKILL");
  });
  child.unref();
  return { pipe: child.stdin! };
}

/** Polls `check` every 25 ms until it holds; vitest's test timeout bounds it. */
async function eventually(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((resolve) => setTimeout(resolve, 25));
}

describe("the run supervisor", () => {
  it("stops the running jobs once the runner's pipe closes: SIGTERM, SIGKILL after the stop timeout", async () => {
    const dir = runDir();
    const processes = new RunProcesses(dir);
    const polite = await startJob("sleep 60");
    const stubborn = await startJob("trap '' TERM; sleep 60");
    const log = (name: string) => join(dir, `${name}.log`);
    record(processes, polite, 60_000, log("polite"));
    record(processes, stubborn, 300, log("stubborn"));
    const { pipe } = startSupervisor(processes);
    // This process goes on; the record says the run is over, as the runner's death would leave it
    // saying nothing more.
    processes.end();
    pipe.destroy();

    // The run stays alive for a lock store until the last group is gone, and not after.
    await eventually(() => {
      const alive = runAlive(dir);
      if (!alive) expect(groupAlive(polite) || groupAlive(stubborn)).toBe(false);
      return !alive;
    });
    const marker = (signal: string) =>
      `--- batchflow: attempt 1: ${signal} sent (batchflow run ended while the job ran) ---\n`;
    expect(readFileSync(log("polite"), "utf8")).toBe(marker("SIGTERM"));
    expect(readFileSync(log("stubborn"), "utf8")).toBe(marker("SIGTERM") + marker("SIGKILL"));
  });

  it("leaves alone a job recorded as gone: its group id may belong to another group by then", async () => {
    const dir = runDir();
    const processes = new RunProcesses(dir);
    const gone = await startJob("sleep 60");
    const running = await startJob("sleep 60");
    record(processes, gone, 100, join(dir, "gone.log"));
    record(processes, running, 100, join(dir, "running.log"));
    processes.gone(gone.pid);
    startSupervisor(processes).pipe.destroy();
    await eventually(() => !groupAlive(running));
    expect(groupAlive(gone)).toBe(true);
  });

  it("exits without touching a job when the runner says the run is over", async () => {
    const dir = runDir();
    const processes = new RunProcesses(dir);
    const supervisor = new RunSupervisor(processes);
    const job = await startJob("sleep 60");
    supervisor.watch({
      pid: job.pid,
      start: job.start ?? null,
      stopTimeoutMs: 100,
      attempt: 1,
      container: null,
      log: join(dir, "job.log"),
    });
    supervisor.close();
    const own = readFileSync(processes.path, "utf8")
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as RunProcessRecord)
      .find((r) => r.role === "supervisor");
    if (own?.role !== "supervisor") throw new Error("the supervisor is not recorded");
    await eventually(() => !isAlive({ pid: own.pid, start: own.start ?? undefined }));
    expect(groupAlive(job)).toBe(true);
  });

  it("finds and stops a job the runner spawned but died before recording, by the token in its environment", async () => {
    const dir = runDir();
    const processes = new RunProcesses(dir);
    const token = `t${process.pid}${Date.now()}`;
    processes.starting({ token, stopTimeoutMs: 300, attempt: 1, log: join(dir, "orphan.log") });
    const orphan = await startJob("trap '' TERM; sleep 60", { [jobTokenVariable]: token });
    const bystander = await startJob("sleep 60", { [jobTokenVariable]: `${token}-other` });
    processes.end();
    // No job record: the run counts as alive only through the token.
    expect(runAlive(dir)).toBe(true);
    startSupervisor(processes).pipe.destroy();
    await eventually(() => !groupAlive(orphan));
    await eventually(() => !runAlive(dir));
    expect(readFileSync(join(dir, "orphan.log"), "utf8")).toContain("SIGKILL sent");
    expect(groupAlive(bystander)).toBe(true);
  });
});
