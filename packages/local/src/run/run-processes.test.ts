import { spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { processIdentity } from "./process-identity.js";
import { RunProcesses, runAlive } from "./run-processes.js";

const dirs: string[] = [];
function runDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "batchflow-run-processes-"));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe("runAlive", () => {
  it("is false for a directory without the record", () => {
    expect(runAlive(runDir())).toBe(false);
    expect(runAlive(join(runDir(), "missing"))).toBe(false);
  });

  it("is true while the runner runs, until the run has ended", () => {
    const dir = runDir();
    const processes = new RunProcesses(dir);
    expect(runAlive(dir)).toBe(true);
    processes.end();
    expect(runAlive(dir)).toBe(false);
  });

  it("is true while a job's process group lives, though the run has ended", async () => {
    const dir = runDir();
    const processes = new RunProcesses(dir);
    const job = spawn("sleep", ["60"], { detached: true, stdio: "ignore" });
    const { pid, start } = processIdentity(job.pid!);
    processes.job({ pid, start: start ?? null, stopTimeoutMs: 0, attempt: 1, container: null, log: "" });
    processes.end();
    try {
      expect(runAlive(dir)).toBe(true);
    } finally {
      job.kill("SIGKILL");
      await once(job, "exit");
    }
    expect(runAlive(dir)).toBe(false);
  });

  it("does not look at a job recorded as gone: its group id may belong to another group by then", async () => {
    const dir = runDir();
    const processes = new RunProcesses(dir);
    // A live group with the same id and start: only the record can say it is no longer the job's.
    const job = spawn("sleep", ["60"], { detached: true, stdio: "ignore" });
    const { pid, start } = processIdentity(job.pid!);
    processes.job({ pid, start: start ?? null, stopTimeoutMs: 0, attempt: 1, container: null, log: "" });
    processes.gone(pid);
    processes.end();
    try {
      expect(runAlive(dir)).toBe(false);
    } finally {
      job.kill("SIGKILL");
      await once(job, "exit");
    }
  });
});
