import { BatchflowError, diagnostic, formatDiagnostics } from "@batchflow/core";

/**
 * Codes simulate() raises (BF1520-BF1529, and BF1532 as `batchflow run` does; docs/errors.md):
 * - BF1520: a job name the workflow does not have (scenario `jobs`, or a result accessor).
 * - BF1521: a scenario or simulate() argument that is not valid.
 * - BF1522: `timing(job)` of a job that never ran.
 * - BF1523: simulate() called while fake timers are already installed.
 * - BF1524: the simulation did not settle within its step limit.
 * - BF1525: the simulation stalled (nothing left to run, yet the execution did not settle).
 * - BF1526: an option of the result's `graph()` that it does not take.
 * - BF1532: a Task state batchflow cannot serve locally (shared with `batchflow run`).
 * - BF1535: a map over s3Items(), whose S3 listing cannot be read locally (shared with `batchflow run`).
 */
export type SimulateErrorCode =
  | "BF1520"
  | "BF1521"
  | "BF1522"
  | "BF1523"
  | "BF1524"
  | "BF1525"
  | "BF1526"
  | "BF1532"
  | "BF1535";

/** A `BatchflowError` carrying one diagnostic, formatted like every other batchflow problem. */
export function simulateError(
  code: SimulateErrorCode,
  message: string,
  hint: string,
  where: { readonly workflow?: string | undefined; readonly job?: string | undefined } = {},
): BatchflowError {
  const problem = diagnostic({ code, message, hint, workflow: where.workflow, job: where.job });
  return new BatchflowError(code, formatDiagnostics([problem]), [problem]);
}
