// aws-local-stepfunctions 3.0.0 runs each Parallel branch (and Map iteration) as a nested execution and
// sets `$$.Execution.StartTime` to the moment that BRANCH started. On AWS it is the execution's start
// everywhere. The notification states compute the run's duration from it inside a Parallel state, so
// locally they would report the branch's age (0 s). The executed copy of the definition therefore reads
// the start from a field of the Context Object the library does not overwrite (it copies
// `$$.Execution`'s other fields into every branch), set once when the execution starts.

/** Where the executed definition reads the execution's start time from. */
export const pinnedStartTimeField = "BatchflowStartTime";

const startTimePath = /\$\$\.Execution\.StartTime(?![A-Za-z0-9_])/g;

/** Whether a key of a state (or payload template) holds a path or an intrinsic function. */
function isPathKey(key: string): boolean {
  return key.endsWith(".$") || key === "Variable" || key.endsWith("Path");
}

/** Rewrites, in place, every path to `$$.Execution.StartTime` into one to the pinned field. */
export function pinExecutionStartTime(definition: unknown): void {
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) {
      for (const item of value) visit(item);
      return;
    }
    if (typeof value !== "object" || value === null) return;
    const record = value as Record<string, unknown>;
    // for...in, not Object.entries: a run visits every object of every definition it executes.
    for (const key in record) {
      if (!Object.hasOwn(record, key)) continue;
      const item = record[key];
      if (typeof item === "string" && isPathKey(key)) {
        record[key] = item.replace(startTimePath, `$$$$.Execution.${pinnedStartTimeField}`);
      } else {
        visit(item);
      }
    }
  };
  visit(definition);
}
