/**
 * Ctrl-C (SIGINT) and SIGTERM during a run: the first one interrupts (running jobs get SIGTERM, then
 * SIGKILL after their stop timeout), a second one kills them at once.
 */
export class Interrupt {
  readonly stop = new AbortController();
  readonly kill = new AbortController();
  /** The first signal received. */
  signal: NodeJS.Signals | undefined;
  readonly #listeners: Array<[NodeJS.Signals, () => void]> = [];

  constructor(private readonly onInterrupt: (signal: NodeJS.Signals, count: number) => void) {
    for (const signal of ["SIGINT", "SIGTERM"] as const) {
      const listener = (): void => this.#received(signal);
      process.on(signal, listener);
      this.#listeners.push([signal, listener]);
    }
  }

  /** The exit code of a run ended by a signal: 128 + its number (130 for Ctrl-C). */
  get exitCode(): number | undefined {
    return this.signal === undefined ? undefined : this.signal === "SIGINT" ? 130 : 143;
  }

  dispose(): void {
    for (const [signal, listener] of this.#listeners.splice(0)) process.removeListener(signal, listener);
  }

  #received(signal: NodeJS.Signals): void {
    if (this.signal === undefined) {
      this.signal = signal;
      this.onInterrupt(signal, 1);
      this.stop.abort();
    } else {
      this.onInterrupt(signal, 2);
      this.kill.abort();
    }
  }
}
