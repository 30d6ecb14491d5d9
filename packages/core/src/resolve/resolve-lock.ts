import type { DiagnosticSink } from "../diagnostics/diagnostic-sink.js";
import { formatDuration } from "../duration/duration.js";
import type { LockOptions } from "../ir/lock-options.js";
import type { SourceSite } from "../source/source-site.js";
import { checkShape } from "../validate/check-shape.js";
import { lockOptionsShape } from "../validate/shapes/lock-options-shape.js";
import { durationField } from "./duration-field.js";
import type { ResolvedLock } from "./resolved-workflow.js";

export const defaultLockTable = "batchflow-locks";

// Lock names become DynamoDB keys and appear in state names and messages: keep them plain.
const lockNamePattern = /^[A-Za-z0-9._:/-]{1,200}$/;
// A year: longer waits are a mistake, and the count of tries stays small (States.MathAdd is 32-bit).
const maxWaitSeconds = 366 * 86_400;
const defaultPollSeconds = 5;
const maxDefaultTries = 250;
const maxTries = 500;
// A busy try: the write, the read, the holder's status (three tasks of five events), three choices,
// the wait and the count (two each).
const historyEventsPerTry = 25;

interface Where {
  readonly job?: string | undefined;
  readonly site?: SourceSite | undefined;
}

/** Checks a `lock:` option and applies its defaults. */
export function resolveLock(
  input: LockOptions,
  table: string,
  sink: DiagnosticSink,
  where: Where,
): ResolvedLock | undefined {
  const report = (message: string, hint: string): undefined => {
    sink.report({ code: "BF1220", message, hint, ...where });
    return undefined;
  };
  // job() and workflow() refuse these at the call; a node built by hand reaches here unchecked.
  const shapeProblems = checkShape(input, lockOptionsShape, "lock");
  if (shapeProblems.length > 0) {
    for (const p of shapeProblems) report(p.message, p.hint);
    return undefined;
  }
  if (!lockNamePattern.test(input.name)) {
    return report(
      `lock name ${JSON.stringify(input.name)} is not 1 to 200 letters, digits or . _ : / -`,
      'name the lock after what it protects, e.g. lock: { name: "fuga.lock" }',
    );
  }
  const onBusy = input.onBusy ?? "fail";
  const waitSeconds = durationField(input.wait ?? 0, "lock wait", sink, where, { max: maxWaitSeconds });
  if (waitSeconds === undefined) return undefined;
  // Often enough that a freed lock is taken within seconds, rarely enough that a long wait stays
  // under maxDefaultTries: every try adds about twenty-five events to the execution's history.
  const pollSeconds =
    input.poll === undefined
      ? Math.max(
          1,
          Math.min(defaultPollSeconds, Math.round(waitSeconds / 20)),
          Math.ceil(waitSeconds / maxDefaultTries),
        )
      : durationField(input.poll, "lock poll", sink, where, { min: 1, max: maxWaitSeconds });
  if (pollSeconds === undefined) return undefined;
  const tries = Math.ceil(waitSeconds / pollSeconds);
  if (tries > maxTries) {
    sink.report({
      code: "BF1224",
      severity: "warning",
      message: `lock "${input.name}" may try ${tries} times (wait ${formatDuration(waitSeconds)}, poll ${formatDuration(pollSeconds)}), about ${tries * historyEventsPerTry} history events; an execution fails at 25000`,
      hint: `poll less often: at least every ${formatDuration(Math.ceil(waitSeconds / maxTries))}, or leave poll out`,
      ...where,
    });
  }

  return { name: input.name, table, waitSeconds, onBusy, pollSeconds, site: where.site };
}
