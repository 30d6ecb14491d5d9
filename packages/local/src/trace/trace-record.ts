import type { RunEvent } from "../run/run-events.js";

/** One line of the `--json` trace: the event with its time as an ISO 8601 string, first. */
export type TraceRecord = { readonly time: string; readonly type: string } & Readonly<
  Record<string, unknown>
>;

/** The trace leaves out job output (it is in the job logs) and progress-only events. */
export function traceRecord(event: RunEvent): TraceRecord | undefined {
  if (event.type === "JobOutput" || event.type === "RetryScheduled") return undefined;
  const { time, type, ...rest } = event;
  return { time: new Date(time).toISOString(), type, ...rest };
}
