import { maxNameLength } from "./name-limits.js";

/**
 * Hands out state names: job names as they are, generated names for groups, each unique in the
 * whole state machine (ASL requires it, Parallel branches included).
 */
export class StateNames {
  readonly #taken = new Set<string>();

  constructor(reserved: Iterable<string>) {
    for (const name of reserved) this.#taken.add(name);
  }

  /** A new name from readable parts, shortened and numbered when needed. */
  allocate(prefix: string, parts: ReadonlyArray<string>): string {
    const base = [prefix, ...parts].join("-").slice(0, maxNameLength);
    let name = base;
    for (let n = 2; this.#taken.has(name); n++) {
      const suffix = `-${n}`;
      name = base.slice(0, maxNameLength - suffix.length) + suffix;
    }
    this.#taken.add(name);
    return name;
  }
}
