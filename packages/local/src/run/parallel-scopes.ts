/**
 * Which Parallel states are running now, from the interpreter's events. The interpreter aborts the
 * branches of a failed Parallel state but never tells their Task handlers; batchflow stops those jobs
 * itself, and refuses to start a job in a Parallel state that is no longer running (the interpreter
 * starts branches queued behind its 40-branch limit even after the state failed).
 */
export class ParallelScopes {
  readonly #active = new Map<string, number>();

  constructor(private readonly parallelStates: ReadonlySet<string>) {}

  /** Feeds one interpreter event; returns the Parallel state that just failed, if one did. */
  observe(type: string, state: string): string | undefined {
    if (!this.parallelStates.has(state)) return undefined;
    const count = this.#active.get(state) ?? 0;
    if (type === "StateEntered" || type === "StateRetried") this.#active.set(state, count + 1);
    else if (type === "StateExited" || type === "StateFailed")
      this.#active.set(state, Math.max(0, count - 1));
    return type === "StateFailed" ? state : undefined;
  }

  /** Whether every one of these Parallel states is running. */
  allActive(parallels: ReadonlyArray<string>): boolean {
    return parallels.every((p) => (this.#active.get(p) ?? 0) > 0);
  }
}
