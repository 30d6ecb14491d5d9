import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { TaskFailure } from "../interpreter/execute-asl.js";
import { FileLockStore } from "./file-lock-store.js";
import type { AcquireCall } from "./lock-call.js";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
const store = (): { store: FileLockStore; dir: string } => {
  const dir = mkdtempSync(join(tmpdir(), "batchflow-locks-"));
  dirs.push(dir);
  return { store: new FileLockStore(dir), dir };
};
const acquire = (owner: string): AcquireCall => ({
  kind: "acquire",
  table: "batchflow-locks",
  name: "fuga.lock",
  owner,
  execution: owner.split("#")[0]!,
  acquiredAt: "2026-01-01T00:00:00.000Z",
  workflow: "wf",
});

describe("FileLockStore", () => {
  it("grants the lock to exactly one of many simultaneous acquires (separate store objects, one directory)", async () => {
    const { dir } = store();
    const decisions = await Promise.all(
      Array.from({ length: 12 }, (_, i) => new FileLockStore(dir).apply(acquire(`owner-${i}`))),
    );
    expect(decisions.filter((d) => d.granted)).toHaveLength(1);
    const winner = decisions.find((d) => d.granted)!.holder!.owner;
    for (const d of decisions.filter((x) => !x.granted)) expect(d.holder?.owner).toBe(winner);
    expect(JSON.parse(readFileSync(join(dir, "batchflow-locks~fuga.lock.json"), "utf8"))).toMatchObject({
      Table: "batchflow-locks",
      LockName: "fuga.lock",
      Owner: winner,
      Execution: winner.split("#")[0],
      Workflow: "wf",
    });
    // A consistent read sees the winner, as GetItem does.
    expect(
      await new FileLockStore(dir).read({ kind: "read", table: "batchflow-locks", name: "fuga.lock" }),
    ).toMatchObject({
      owner: winner,
    });
  });

  it("takes over only from the holder the taker saw, and reads nobody once released", async () => {
    const { store: s } = store();
    await s.apply(acquire("arn:dead#a"));
    const takeOver = { ...acquire("arn:me#a"), kind: "take-over" as const, stale: "arn:other#a" };
    expect((await s.apply(takeOver)).granted).toBe(false);
    expect((await s.apply({ ...takeOver, stale: "arn:dead#a" })).granted).toBe(true);
    expect(
      (await s.apply({ kind: "release", table: "batchflow-locks", name: "fuga.lock", owner: "arn:dead#a" }))
        .granted,
    ).toBe(false);
    expect(
      (await s.apply({ kind: "release", table: "batchflow-locks", name: "fuga.lock", owner: "arn:me#a" }))
        .granted,
    ).toBe(true);
    expect(await s.read({ kind: "read", table: "batchflow-locks", name: "fuga.lock" })).toBeUndefined();
  });

  it("fails the lock state with BF1531 when the lock file is not a lock item", async () => {
    const { store: s, dir } = store();
    writeFileSync(join(dir, "batchflow-locks~fuga.lock.json"), "{ not json");
    const failure = (await s.apply(acquire("a")).catch((e: unknown) => e)) as TaskFailure;
    expect(failure).toBeInstanceOf(TaskFailure);
    expect(failure.error).toBe("Batchflow.LockStoreError");
    expect(failure.cause).toMatch(/^BF1531: the lock file .* of lock "fuga\.lock" cannot be read: not JSON/);
  });
});
