import type { LockWrite, ReadCall } from "./lock-call.js";
import { decide, type LockDecision, type LockHolder } from "./lock-item.js";
import type { LockStore } from "./lock-store.js";

/** The lock table of one simulation, shared by all its executions (JavaScript runs one call at a time). */
export class MemoryLockStore implements LockStore {
  readonly #items = new Map<string, LockHolder>();

  async apply(call: LockWrite): Promise<LockDecision> {
    const key = itemKey(call);
    const decision = decide(this.#items.get(key), call);
    if (decision.granted) {
      if (decision.holder === undefined) this.#items.delete(key);
      else this.#items.set(key, decision.holder);
    }
    return decision;
  }

  async read(call: ReadCall): Promise<LockHolder | undefined> {
    return this.#items.get(itemKey(call));
  }
}

function itemKey(call: { readonly table: string; readonly name: string }): string {
  return `${call.table}\u0000${call.name}`;
}
