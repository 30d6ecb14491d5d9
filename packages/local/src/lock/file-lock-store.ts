import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { lockAttributes } from "@batchflow/aws";
import { TaskFailure } from "../interpreter/execute-asl.js";
import type { LockWrite, ReadCall } from "./lock-call.js";
import { lockFileName } from "./lock-file-name.js";
import { decide, type LockDecision, type LockHolder } from "./lock-item.js";
import type { LockStore } from "./lock-store.js";

/**
 * The mutex around one read-modify-write. A holder refreshes it every `stale / 2`; one that stopped
 * doing so for `stale` (a process killed in the few milliseconds it holds it) is taken over. The retries
 * outlast `stale`, so a waiter always gets past a dead holder.
 */
const mutexOptions = {
  stale: 5_000,
  realpath: false,
  retries: { retries: 400, factor: 1.3, minTimeout: 5, maxTimeout: 50, randomize: true },
} as const;

/*
 * Loaded on first use: runs without locks never load it (nor its exit and signal hooks). The
 * package's build bundles it, with its three dependencies, into one chunk of dist/ (5 to 8 ms to
 * load in a run, where require() from node_modules took 13 to 18).
 */
let lockfile: Promise<typeof import("proper-lockfile")> | undefined;
function loadLockfile(): Promise<typeof import("proper-lockfile")> {
  lockfile ??= import("proper-lockfile").then((module) => module.default);
  return lockfile;
}

/** The error a lock state fails with when the store itself fails (retried by the lock state's Retry). */
const storeError = "Batchflow.LockStoreError";

/**
 * The locks of `batchflow run` on this machine: one JSON file per table and lock name under
 * `<project root>/.batchflow/locks/`, holding the item as DynamoDB would (`LockName`, `Owner`, `Execution`,
 * `AcquiredAt`, `Workflow`). Every write reads, decides and writes the file under an inter-process mutex
 * (proper-lockfile: a `<file>.lock` directory), so separate `batchflow run` processes exclude each other
 * exactly as executions do through the DynamoDB table. The file is replaced by a rename, so a process
 * killed while writing leaves the old item, never half of one, and a read needs no mutex.
 */
export class FileLockStore implements LockStore {
  constructor(readonly dir: string) {}

  async read(call: ReadCall): Promise<LockHolder | undefined> {
    return readHolder(join(this.dir, lockFileName(call.table, call.name)), call);
  }

  async apply(call: LockWrite): Promise<LockDecision> {
    try {
      mkdirSync(this.dir, { recursive: true });
    } catch (error) {
      throw new TaskFailure(storeError, `BF1531: cannot create ${this.dir}: ${(error as Error).message}`);
    }
    const file = join(this.dir, lockFileName(call.table, call.name));
    let compromised: Error | undefined;
    let release: () => unknown;
    try {
      release = await takeMutex(file, (error) => {
        compromised = error;
      });
    } catch (error) {
      throw new TaskFailure(
        storeError,
        `BF1531: cannot lock ${file} to update lock "${call.name}": ${(error as Error).message}`,
      );
    }
    try {
      const decision = decide(readHolder(file, call), call);
      if (compromised !== undefined) {
        throw new TaskFailure(storeError, `BF1531: lost the mutex of ${file}: ${compromised.message}`);
      }
      if (decision.granted) writeItem(file, call, decision.holder);
      return decision;
    } finally {
      try {
        await release();
      } catch {
        // Released by the stale rule, or the directory went away: nothing is left to give back.
      }
    }
  }
}

/**
 * The mutex of `file`. Free, it is taken with `lockSync`: three synchronous calls (mkdir, and the
 * mtime probe's utimes and stat) where `lock` waits for the event loop after each, about 4 ms of a
 * locked run. Held, `lock` waits for it with its retries.
 */
async function takeMutex(file: string, onCompromised: (error: Error) => void): Promise<() => unknown> {
  const { lock, lockSync } = await loadLockfile();
  try {
    return lockSync(file, { stale: mutexOptions.stale, realpath: false, onCompromised });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ELOCKED") throw error;
    return lock(file, { ...mutexOptions, onCompromised });
  }
}

function readHolder(file: string, call: LockWrite | ReadCall): LockHolder | undefined {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw corrupt(file, call, (error as Error).message);
  }
  let item: Record<string, unknown>;
  try {
    item = JSON.parse(text) as Record<string, unknown>;
  } catch (error) {
    throw corrupt(file, call, `not JSON (${(error as Error).message})`);
  }
  const owner = item[lockAttributes.owner];
  if (owner === undefined) return undefined;
  const execution = item[lockAttributes.execution];
  if (typeof owner !== "string" || typeof execution !== "string") {
    throw corrupt(file, call, `${lockAttributes.owner} and ${lockAttributes.execution} must be strings`);
  }
  return {
    owner,
    execution,
    acquiredAt: String(item[lockAttributes.acquiredAt] ?? ""),
    workflow: String(item[lockAttributes.workflow] ?? ""),
  };
}

function writeItem(file: string, call: LockWrite, holder: LockHolder | undefined): void {
  const item = {
    Table: call.table,
    [lockAttributes.name]: call.name,
    ...(holder === undefined
      ? {}
      : {
          [lockAttributes.owner]: holder.owner,
          [lockAttributes.execution]: holder.execution,
          [lockAttributes.acquiredAt]: holder.acquiredAt,
          [lockAttributes.workflow]: holder.workflow,
        }),
  };
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    writeFileSync(temporary, `${JSON.stringify(item, null, 2)}\n`);
    renameSync(temporary, file);
  } catch (error) {
    throw new TaskFailure(storeError, `BF1531: cannot write ${file}: ${(error as Error).message}`);
  }
}

function corrupt(file: string, call: LockWrite | ReadCall, why: string): TaskFailure {
  return new TaskFailure(
    storeError,
    `BF1531: the lock file ${file} of lock "${call.name}" cannot be read: ${why}; delete it when no run holds the lock`,
  );
}
