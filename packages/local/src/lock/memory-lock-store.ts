import type { LockCall } from "./lock-call.js";
import { decide, type LockDecision, type LockHolder } from "./lock-item.js";
import type { LockStore } from "./lock-store.js";

/** The lock table of one simulation, shared by all its executions (JavaScript runs one call at a time). */
export class MemoryLockStore implements LockStore {
  readonly #items = new Map<string, LockHolder>();

  async apply(call: LockCall): Promise<LockDecision> {
    const key = `${call.table}\u0000${call.name}`;
    const decision = decide(this.#items.get(key), call);
    if (decision.granted) {
      if (decision.holder === undefined) this.#items.delete(key);
      else this.#items.set(key, decision.holder);
    }
    return decision;
  }
}
