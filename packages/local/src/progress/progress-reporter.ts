import type { RunEvent } from "../run/run-events.js";
import type { RunStart } from "../run/run-options.js";

/** Shows a run's progress: `runWorkflow`'s `onStart` and `onEvent`, then `finish()` before the summary. */
export interface ProgressReporter {
  readonly start: (start: RunStart) => void;
  readonly event: (event: RunEvent) => void;
  /** Stops any live display; everything written afterwards goes below it. */
  readonly finish: () => void;
  /** Writes a line of batchflow's own (e.g. "stopping jobs…") without breaking the display. */
  readonly note: (text: string) => void;
}
