// Locks across `batchflow run` processes: each run is its own process, the lock store is the project's
// .batchflow/locks/, and the lock states are the compiled ones (the same JSON that deploys).
import { mkdirSync, readdirSync, readFileSync, utimesSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { startCliGroup } from "./support/cli-async.js";
import type { CliProject } from "./support/cli-project.js";
import {
  isGone,
  pidIn,
  readTrace,
  type TraceLine,
  useRunProjects,
  waitUntil,
} from "./support/run-project.js";

const { project, onCleanup } = useRunProjects();

const traceOf = (p: CliProject, file: string): TraceLine[] =>
  p.exists(file) ? readTrace(join(p.dir, file)) : [];
const ms = (line: TraceLine | undefined): number => Date.parse(line?.time ?? "");

/** [start, end] of every job attempt in the traces, sorted by start. */
function jobIntervals(...traces: ReadonlyArray<ReadonlyArray<TraceLine>>): Array<[number, number, string]> {
  return traces
    .flatMap((trace) =>
      trace
        .filter((e) => e.type === "JobStarted")
        .map((start) => {
          const end = trace.find(
            (e) => e.type === "JobEnded" && e.job === start.job && e.attempt === start.attempt,
          );
          return [ms(start), ms(end), String(start.job)] as [number, number, string];
        }),
    )
    .sort((a, b) => a[0] - b[0]);
}

describe("batchflow run with a lock", () => {
  it("makes a second run wait until the first releases the lock: their jobs never overlap", async () => {
    const p = project(`
const lock = { name: "fuga.lock", wait: "30s" } as const;
export const first = workflow("first", { ...options, lock }, job("a", { command: "sleep 1.5" }).then(job("b", { command: "sleep 0.5" })));
export const second = workflow("second", { ...options, lock }, job("c", { command: "sleep 1" }));`);
    const one = startCliGroup(["run", "first", "--json", "first.jsonl"], p.dir);
    onCleanup(() => one.signalGroup("SIGKILL"));
    await waitUntil(() => traceOf(p, "first.jsonl").some((e) => e.type === "JobStarted"), 20_000);
    const two = startCliGroup(["run", "second", "--json", "second.jsonl"], p.dir);
    onCleanup(() => two.signalGroup("SIGKILL"));
    const [r1, r2] = await Promise.all([one.done, two.done]);

    expect(r1.status).toBe(0);
    expect(r2.status).toBe(0);
    const first = traceOf(p, "first.jsonl");
    const second = traceOf(p, "second.jsonl");
    const intervals = jobIntervals(first, second);
    expect(intervals.map((i) => i[2])).toEqual(["a", "b", "c"]);
    for (let i = 1; i < intervals.length; i++)
      expect(intervals[i]![0]).toBeGreaterThanOrEqual(intervals[i - 1]![1]);

    // The second run found the lock held by the first, polled, and took it once the first let go.
    const busy = second.filter((e) => e.type === "LockBusy");
    expect(busy.length).toBeGreaterThan(0);
    expect(busy[0]).toMatchObject({
      lock: "fuga.lock",
      table: "batchflow-locks",
      holder: { workflow: "first" },
    });
    const released = first.find((e) => e.type === "LockReleased");
    const acquired = second.find((e) => e.type === "LockAcquired");
    expect(released).toMatchObject({ lock: "fuga.lock", held: true });
    expect(ms(acquired)).toBeGreaterThanOrEqual(ms(released));
    const firstRun = String(first[0]?.runId);
    expect(r2.stdout).toContain(`waiting for lock fuga.lock (held by first, run ${firstRun}, since `);
    expect(r2.stdout).toMatch(/^lock fuga\.lock acquired after waiting \S+$/m);
    expect(r1.stdout).toMatch(/^lock fuga\.lock acquired$/m);
    expect(r1.stdout).toMatch(/^lock fuga\.lock released$/m);
    // The lock is free again: its file keeps the name, no holder.
    expect(JSON.parse(p.read(".batchflow/locks/batchflow-locks~fuga.lock.json"))).toEqual({
      Table: "batchflow-locks",
      LockName: "fuga.lock",
    });
  });

  it('with wait "0s" a second run gives up at once: skipped (exit 0) with onBusy "skip", failed (exit 1) without', async () => {
    const p = project(`
export const holder = workflow("holder", { ...options, lock: { name: "fuga.lock" } }, job("hold", { command: "while [ ! -f release ]; do sleep 0.05; done" }));
export const skipper = workflow("skipper", { ...options, lock: { name: "fuga.lock", wait: "0s", onBusy: "skip" } }, job("c", { command: "touch ran" }));
export const failer = workflow("failer", { ...options, lock: { name: "fuga.lock", wait: "0s" } }, job("d", { command: "touch ran" }));`);
    const one = startCliGroup(["run", "holder", "--json", "holder.jsonl"], p.dir);
    onCleanup(() => one.signalGroup("SIGKILL"));
    await waitUntil(() => traceOf(p, "holder.jsonl").some((e) => e.type === "JobStarted"), 20_000);
    const skipped = await startCliGroup(["run", "skipper", "--json", "skipper.jsonl"], p.dir).done;
    const failed = await startCliGroup(["run", "failer"], p.dir).done;
    // The holder holds the lock until both have tried, however slow the machine.
    p.write("release", "");
    expect((await one.done).status).toBe(0);

    expect(skipped.status).toBe(0);
    const holderRun = String(traceOf(p, "holder.jsonl")[0]?.runId);
    expect(skipped.stdout).toContain(`lock fuga.lock busy (held by holder, run ${holderRun}, since `);
    expect(skipped.stdout).toMatch(/\): skipped \(not run: c\)$/m);
    expect(skipped.stdout).toMatch(/^c +skipped +0 +- +-$/m);
    expect(skipped.stdout).toMatch(/^SKIPPED in \S+: lock fuga\.lock was busy, so the run did nothing$/m);
    expect(skipped.stdout).not.toContain("waiting for lock");
    const trace = traceOf(p, "skipper.jsonl");
    expect(trace.filter((e) => e.type.startsWith("Lock")).map((e) => e.type)).toEqual([
      "LockBusy",
      "LockNotAcquired",
    ]);
    expect(trace.find((e) => e.type === "LockNotAcquired")).toMatchObject({ onBusy: "skip", jobs: ["c"] });
    expect(trace.at(-1)?.type).toBe("ExecutionSucceeded");

    expect(failed.status).toBe(1);
    expect(failed.stdout).toMatch(
      /^FAILED after \S+: Batchflow\.LockBusy \(lock "fuga\.lock" is held by another run\)$/m,
    );
    expect(p.exists("ran")).toBe(false);
  });

  it("hands the lock of a run killed with SIGKILL to a later run once that run's job is gone, never before", async () => {
    const p = project(`
const lock = { name: "fuga.lock", wait: "1m" } as const;
export const holder = workflow("holder", { ...options, lock }, job("hold", { command: "trap 'date +%s%3N > died; exit 143' TERM; echo $$ > hold.pid; sleep 60 & wait" }));
export const taker = workflow("taker", { ...options, lock }, job("take", { command: "touch took" }));`);
    const killed = startCliGroup(["run", "holder", "--json", "holder.jsonl"], p.dir);
    onCleanup(() => killed.signalGroup("SIGKILL"));
    await waitUntil(() => p.exists("hold.pid"), 20_000);
    const job = pidIn(p.dir, "hold.pid");
    onCleanup(() => {
      if (!isGone(job)) process.kill(-job, "SIGKILL");
    });
    killed.signalGroup("SIGKILL");
    expect((await killed.done).status).toBe(-1);
    // Killed while holding the lock: the item still names it.
    const item = JSON.parse(p.read(".batchflow/locks/batchflow-locks~fuga.lock.json")) as Record<
      string,
      unknown
    >;
    expect(item).toMatchObject({ LockName: "fuga.lock", Workflow: "holder" });
    expect(String(item.Owner)).toBe(`${String(item.Execution)}#lock-fuga-lock-acquire`);

    const taker = await startCliGroup(["run", "taker", "--json", "taker.jsonl"], p.dir).done;
    expect(taker.status).toBe(0);
    expect(p.exists("took")).toBe(true);
    const trace = traceOf(p, "taker.jsonl");
    // The write finds the lock held; the holder's run is gone (once its supervisor has stopped the
    // job); the take-over wins.
    const calls = trace
      .filter((e) => e.type.startsWith("Lock"))
      .map((e) => [e.type, e.state, ...(e.takeOver === true ? ["take-over"] : [])]);
    expect(calls[0]).toEqual(["LockBusy", "lock-fuga-lock-acquire"]);
    expect(calls.slice(-2)).toEqual([
      ["LockAcquired", "lock-fuga-lock-acquire", "take-over"],
      ["LockReleased", "lock-fuga-lock-release"],
    ]);
    expect(trace.find((e) => e.type === "LockBusy")).toMatchObject({ holder: { workflow: "holder" } });
    // The guarded job was stopped (SIGTERM, its trap ran) before the lock changed hands.
    const holderRun = String(item.Execution).split(":").at(-1)!;
    expect(isGone(job), p.read(`.batchflow/runs/${holderRun}/processes`)).toBe(true);
    expect(Number(p.read("died").trim())).toBeLessThanOrEqual(
      ms(trace.find((e) => e.type === "LockAcquired")),
    );
  });

  it("gives the lock back when the run is interrupted with Ctrl-C, once its jobs are stopped", async () => {
    const p = project(
      `export const holder = workflow("holder", { ...options, lock: { name: "fuga.lock" } }, job("hold", { command: "sleep 30" }));`,
    );
    const run = startCliGroup(["run", "holder", "--json", "holder.jsonl"], p.dir);
    onCleanup(() => run.signalGroup("SIGKILL"));
    await waitUntil(() => traceOf(p, "holder.jsonl").some((e) => e.type === "JobStarted"), 20_000);
    expect(p.read(".batchflow/locks/batchflow-locks~fuga.lock.json")).toContain('"Owner"');
    run.signalGroup("SIGINT");
    const result = await run.done;

    expect(result.status).toBe(130);
    expect(result.stdout).toMatch(/^lock fuga\.lock released$/m);
    expect(JSON.parse(p.read(".batchflow/locks/batchflow-locks~fuga.lock.json"))).not.toHaveProperty("Owner");
    const trace = traceOf(p, "holder.jsonl");
    expect(trace.find((e) => e.type === "LockReleased")).toMatchObject({
      state: "(interrupted)",
      held: true,
    });
    expect(trace.at(-1)?.type).toBe("ExecutionAborted");
  });

  it("takes over the store's mutex from a process that died holding it", async () => {
    const p = project(
      `export const solo = workflow("solo", { ...options, lock: { name: "fuga.lock" } }, job("a", { command: "true" }));`,
    );
    // What a process SIGKILLed in the middle of a lock call leaves: the mutex directory, no longer refreshed.
    mkdirSync(join(p.dir, ".batchflow/locks/batchflow-locks~fuga.lock.json.lock"), { recursive: true });
    const old = new Date(Date.now() - 60_000);
    utimesSync(join(p.dir, ".batchflow/locks/batchflow-locks~fuga.lock.json.lock"), old, old);

    const run = await startCliGroup(["run", "solo"], p.dir).done;
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^lock fuga\.lock released$/m);
    expect(readdirSync(join(p.dir, ".batchflow/locks"))).toEqual(["batchflow-locks~fuga.lock.json"]);
  });

  it("stops before anything starts when the lock store cannot be created (BF1530)", async () => {
    const p = project(
      `export const solo = workflow("solo", { ...options, lock: { name: "fuga.lock" } }, job("a", { command: "touch ran" }));`,
    );
    p.write(".batchflow/locks", "a file where the directory should be");
    const run = await startCliGroup(["run", "solo"], p.dir).done;
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("BF1530");
    expect(run.stderr).toContain("cannot create the lock store .batchflow/locks");
    expect(p.exists("ran")).toBe(false);
    expect(readFileSync(join(p.dir, ".batchflow/locks"), "utf8")).toBe(
      "a file where the directory should be",
    );
  });
});
