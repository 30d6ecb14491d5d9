import { DeployError, deployErrorCode } from "../errors.js";
import type { LiveLockTable } from "../live/lock-tables.js";

export interface TableWait {
  /** How long to wait for ACTIVE. */
  readonly ms: number;
  readonly onWait: (reason: string, ms: number) => void;
  readonly sleep?: (ms: number) => Promise<void>;
}

/**
 * Reads the table until it is ACTIVE: a new table takes seconds, and a lock state that runs
 * before then fails. Bounded: after `wait.ms` it stops with BF1631; deploy run again goes on
 * from there (the table then exists and is only checked).
 */
export async function waitUntilActive(
  name: string,
  read: () => Promise<LiveLockTable | undefined>,
  wait: TableWait,
): Promise<LiveLockTable> {
  const started = Date.now();
  const sleep = wait.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  for (let attempt = 1; ; attempt++) {
    const table = await read();
    if (table?.status === "ACTIVE") return table;
    const waited = Date.now() - started;
    const status = table?.status ?? "not visible yet";
    if (waited >= wait.ms) {
      throw new DeployError({
        code: deployErrorCode.lockTableNotActive,
        message: `the DynamoDB table ${name} is still ${status} after ${Math.round(waited / 1000)} s`,
        hint: "run deploy again: it goes on where it stopped (DynamoDB usually needs a few seconds to create a table)",
      });
    }
    // 1 s, 2 s, 3 s ... (5 s at most), never past the deadline.
    const delay = Math.min(1000 * attempt, 5000, wait.ms - waited);
    wait.onWait(`waiting for DynamoDB: the table is ${status}`, delay);
    await sleep(delay);
  }
}
