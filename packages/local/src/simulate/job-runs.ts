import type { JobScript, PlannedOutcome } from "./scenario.js";

/**
 * The runs of each job in one execution: the attempt number of the next, counted across the job's
 * Task states and their entries (a Spot job's interrupted run is retried by entering its state anew),
 * and what the script plans for it. Interruptions take the first runs on Spot; the script's other
 * outcomes count the attempts that were not interrupted, from 1.
 */
export class JobRuns {
  readonly #runs = new Map<string, { attempts: number; interrupted: number }>();

  next(
    job: string,
    script: JobScript,
    onSpot: boolean | undefined,
  ): { readonly attempt: number; readonly planned: PlannedOutcome } {
    const runs = this.#runs.get(job) ?? { attempts: 0, interrupted: 0 };
    this.#runs.set(job, runs);
    runs.attempts += 1;
    if (onSpot === true && runs.interrupted < script.spotInterruptions) {
      runs.interrupted += 1;
      return { attempt: runs.attempts, planned: { kind: "interrupted" } };
    }
    return { attempt: runs.attempts, planned: script.outcome(runs.attempts - runs.interrupted) };
  }
}
