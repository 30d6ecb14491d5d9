import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { isBatchflowError } from "@batchflow/core";
import { afterEach, describe, expect, it } from "vitest";
import { acquireOutputLock } from "./output-lock.js";
import { outputPaths } from "./output-paths.js";

const dirs: string[] = [];
const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) c.kill("SIGKILL");
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function paths() {
  const dir = mkdtempSync(join(tmpdir(), "bf-lock-"));
  dirs.push(dir);
  return outputPaths(join(dir, "batchflow"));
}

/** A pid that is surely gone: a process that has exited and been collected. */
function gonePid(): number {
  return spawnSync(process.execPath, ["-e", "0"]).pid;
}

describe("acquireOutputLock", () => {
  it("waits for a running process's lock, then fails with BF1415 naming it", async () => {
    const p = paths();
    const holder = spawn("sleep", ["30"]);
    children.push(holder);
    const held = join(p.parent, p.lockName(holder.pid!));
    writeFileSync(held, `${holder.pid}\n`);
    const started = Date.now();
    const error = await acquireOutputLock(p, { timeoutMs: 300 }).catch((e: unknown) => e);
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    expect(isBatchflowError(error) && error.code).toBe("BF1415");
    expect((error as Error).message).toContain(`another batchflow process (pid ${holder.pid})`);
    // Its own lock file was taken back; the holder's is untouched.
    expect(readdirSync(p.parent)).toEqual([p.lockName(holder.pid!)]);
    expect(existsSync(held)).toBe(true);
  });

  it("takes over the lock of a process that is gone, and says so", async () => {
    const p = paths();
    const pid = gonePid();
    writeFileSync(join(p.parent, p.lockName(pid)), `${pid}\n`);
    const lock = await acquireOutputLock(p, { timeoutMs: 300 });
    expect(lock.removed).toEqual([
      {
        path: join(p.parent, p.lockName(pid)),
        action: "removed",
        what: `lock of a batchflow process (pid ${pid}) that is gone`,
      },
    ]);
    expect(readdirSync(p.parent)).toEqual([p.lockName(process.pid)]);
    await lock.release();
    expect(readdirSync(p.parent)).toEqual([]);
  });

  it("ignores names that are not this output's locks", async () => {
    const p = paths();
    writeFileSync(join(p.parent, ".other.lock-1"), "1\n");
    writeFileSync(join(p.parent, ".batchflow.lock-1x"), "1\n");
    const lock = await acquireOutputLock(p, { timeoutMs: 300 });
    expect(lock.removed).toEqual([]);
    await lock.release();
    expect(readdirSync(p.parent).sort()).toEqual([".batchflow.lock-1x", ".other.lock-1"]);
  });
});
