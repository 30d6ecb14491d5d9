import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { lockAttributes } from "@batchflow/aws";
import { TaskFailure } from "../interpreter/execute-asl.js";
import { takeFileMutex } from "./file-mutex.js";
import type { LockWrite, ReadCall } from "./lock-call.js";
import { lockFileName } from "./lock-file-name.js";
import { decide, type LockDecision, type LockHolder } from "./lock-item.js";
import type { LockStore } from "./lock-store.js";

/** The error a lock state fails with when the store itself fails (retried by the lock state's Retry). */
const storeError = "Batchflow.LockStoreError";

/**
 * The locks of `batchflow run` on this machine: one JSON file per table and lock name under
 * `<project root>/.batchflow/locks/`, holding the item as DynamoDB would (`LockName`, `Owner`,
 * `Execution`, `AcquiredAt`, `Workflow`). Every write reads, decides and writes the file under an
 * inter-process mutex (`takeFileMutex`: a `<file>.lock` file naming its holder), so separate
 * `batchflow run` processes exclude each other exactly as executions do through the DynamoDB table.
 * The file is replaced by a rename, so a process killed while writing leaves the old item, never
 * half of one, and a read needs no mutex.
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
    let release: () => void;
    try {
      release = await takeFileMutex(file);
    } catch (error) {
      throw new TaskFailure(
        storeError,
        `BF1531: cannot lock ${file} to update lock "${call.name}": ${(error as Error).message}`,
      );
    }
    try {
      const decision = decide(readHolder(file, call), call);
      if (decision.granted) writeItem(file, call, decision.holder);
      return decision;
    } finally {
      release();
    }
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
