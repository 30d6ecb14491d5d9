import { outputError, outputErrorCode } from "./output-errors.js";

const signals = ["SIGINT", "SIGTERM"] as const;

/** What a signal before the switch leaves. */
export const nothingWritten = "nothing was written; the previous output is as it was";
type DeferredSignal = (typeof signals)[number];

/**
 * Holds Ctrl-C (SIGINT) and SIGTERM while the output is written and switched: the writer checks
 * `throwIfReceived()` between steps, so a signal before the switch leaves the previous output and
 * one during it lets the switch finish; either way the staging folder and the lock are removed
 * before the process exits with 130 or 143. SIGKILL cannot be held; recovery handles it.
 */
export class DeferredSignals {
  received: DeferredSignal | undefined;
  readonly #listeners = signals.map((signal) => {
    const listener = (): void => {
      this.received ??= signal;
    };
    process.on(signal, listener);
    return [signal, listener] as const;
  });

  /** Throws BF1416 when a signal came: `outcome` says what was left on disk. */
  throwIfReceived(outcome: string): void {
    if (this.received === undefined) return;
    throw outputError(
      outputErrorCode.interrupted,
      `interrupted by ${this.received}: ${outcome}`,
      "the output directory is whole either way; run the command again when you want it to finish",
      this.received === "SIGINT" ? 130 : 143,
    );
  }

  /**
   * Lets a signal that has arrived but whose listener has not run yet be seen: Node runs signal
   * listeners from the event loop, so one turn of it passes first.
   */
  async settle(): Promise<void> {
    await new Promise((resolve) => setImmediate(resolve));
  }

  dispose(): void {
    for (const [signal, listener] of this.#listeners.splice(0)) process.removeListener(signal, listener);
  }
}
