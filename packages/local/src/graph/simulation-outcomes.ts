import type { JobOutcome } from "@batchflow/graph";
import type { SimulatedAttempt, Simulation } from "../simulate/result.js";

/**
 * How each job of a simulation ended, for a picture of the run. A job in a `map()` runs once per
 * item: it failed when one item's last attempt did, and was retried when one item needed a retry.
 * A failed job was caught when a catch on it ran, or when the run still succeeded.
 */
export function simulationOutcomes(run: Simulation, jobs: ReadonlyArray<string>): Map<string, JobOutcome> {
  const caught = new Set(run.trace.flatMap((e) => (e.type === "StateCaught" ? [e.state] : [])));
  const outcomes = new Map<string, JobOutcome>();
  for (const job of jobs) {
    const history = run.history(job);
    if (history.length === 0) {
      outcomes.set(job, { status: "skipped", attempts: 0 });
      continue;
    }
    const lastOfItem = new Map<number, SimulatedAttempt>();
    const triesOfItem = new Map<number, number>();
    for (const attempt of history) {
      const item = attempt.item ?? -1;
      lastOfItem.set(item, attempt);
      triesOfItem.set(item, (triesOfItem.get(item) ?? 0) + 1);
    }
    const failedLast = [...lastOfItem.values()].find((a) => a.outcome !== "succeeded");
    const retried = [...triesOfItem.values()].some((n) => n > 1);
    // A catch on the job itself names its state; one on a group around it shows in the run's end.
    const handled = caught.has(job) || run.status === "SUCCEEDED";
    const status =
      failedLast !== undefined ? (handled ? "caught" : "failed") : retried ? "retried" : "succeeded";
    const start = Math.min(...history.map((a) => a.start));
    const end = Math.max(...history.map((a) => a.end));
    outcomes.set(job, {
      status,
      attempts: history.length,
      durationMs: end - start,
      startMs: start - run.startedAt,
      ...(failedLast?.exitCode === undefined ? {} : { exitCode: failedLast.exitCode }),
      ...(failedLast?.error === undefined ? {} : { error: failedLast.error }),
    });
  }
  return outcomes;
}
