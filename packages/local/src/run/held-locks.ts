import type { ReleaseCall } from "../lock/lock-call.js";
import type { LockReport } from "../lock/lock-handler.js";
import type { LockStore } from "../lock/lock-store.js";

/**
 * The locks a run holds, from its lock states' reports. An interrupted run (Ctrl-C) is aborted before
 * its release states can run; it gives back what it still holds itself, so that the item does not
 * name it after it has gone. (After `kill -9` the next run that tries the lock finds its process gone
 * and takes the lock over, as on AWS a stopped execution's lock is taken over.)
 */
export class HeldLocks {
  readonly #held = new Map<string, ReleaseCall>();

  observe(report: LockReport): void {
    const { table, name, owner } = report.call;
    const key = `${table}\u0000${name}\u0000${owner}`;
    if (report.kind === "acquired") this.#held.set(key, { kind: "release", table, name, owner });
    else if (report.kind === "released") this.#held.delete(key);
  }

  /** Releases every lock still held; reports each release. Store failures are reported as not held. */
  async releaseAll(store: LockStore, report: (report: LockReport) => void): Promise<void> {
    for (const call of [...this.#held.values()]) {
      const decision = await store.apply(call).catch(() => ({ granted: false }));
      report({ kind: "released", state: "(interrupted)", call, held: decision.granted });
    }
    this.#held.clear();
  }
}
