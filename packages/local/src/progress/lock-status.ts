import type { RunEvent } from "../run/run-events.js";

/**
 * What one lock event changed: a `LockBusy` that starts a wait, the wait an acquire or give-up ends, how
 * many holds of the lock this run had before a release.
 */
export interface LockChange {
  readonly startsWait?: boolean;
  readonly wasWaiting?: LockWait;
  readonly heldBefore?: number;
}

/** A lock this run is waiting for. */
export interface LockWait {
  readonly lock: string;
  /** When the first try found it busy (ms since the epoch). */
  readonly since: number;
  /** Who holds it, as last seen. */
  holder?: { readonly workflow: string; readonly run: string; readonly acquiredAt: string };
}

/**
 * The locks of a run as progress shows them: which it waits for (and since when), and how many it
 * holds, so that a release that finds the lock no longer held is told apart from the final clean-up
 * (which releases job locks that are normally already released).
 */
export class LockStatus {
  readonly waiting = new Map<string, LockWait>();
  readonly #held = new Map<string, number>();
  /** What the last event applied changed, for its progress line. */
  last: LockChange = {};

  apply(event: RunEvent): void {
    this.last = this.#apply(event);
  }

  #apply(event: RunEvent): LockChange {
    switch (event.type) {
      case "LockBusy": {
        const current = this.waiting.get(event.lock);
        const wait: LockWait = current ?? { lock: event.lock, since: event.time };
        if (event.holder !== undefined) {
          wait.holder = {
            workflow: event.holder.workflow,
            run: runOfOwner(event.holder.owner),
            acquiredAt: event.holder.acquiredAt,
          };
        }
        this.waiting.set(event.lock, wait);
        return { startsWait: current === undefined };
      }
      case "LockAcquired": {
        const wasWaiting = this.waiting.get(event.lock);
        this.waiting.delete(event.lock);
        this.#held.set(event.lock, (this.#held.get(event.lock) ?? 0) + 1);
        return wasWaiting === undefined ? {} : { wasWaiting };
      }
      case "LockNotAcquired": {
        const wasWaiting = this.waiting.get(event.lock);
        this.waiting.delete(event.lock);
        return wasWaiting === undefined ? {} : { wasWaiting };
      }
      case "LockReleased": {
        const heldBefore = this.#held.get(event.lock) ?? 0;
        if (heldBefore > 0) this.#held.set(event.lock, heldBefore - 1);
        return { heldBefore };
      }
      default:
        return {};
    }
  }

  /** The run is over: nothing is waited for any more. */
  finish(): void {
    this.waiting.clear();
  }
}

/**
 * The run id (or execution name) in a lock owner: `arn:aws:states:<region>:<account>:execution:<workflow>:<name>#<state>`.
 */
export function runOfOwner(owner: string): string {
  const execution = owner.split("#")[0] ?? owner;
  return execution.split(":").at(-1) ?? execution;
}
