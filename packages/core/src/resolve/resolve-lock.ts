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
// Stays inside the 32-bit range the lock states' clock arithmetic (States.MathAdd) works in.
const maxLeaseSeconds = 366 * 86_400;
const defaultPollSeconds = 5;
const maxDefaultTries = 250;
const maxTries = 500;
const historyEventsPerTry = 20;

interface Where {
  readonly job?: string | undefined;
  readonly site?: SourceSite | undefined;
}

/**
 * Checks a `lock:` option and applies its defaults. `guardedSeconds` is the longest the guarded
 * workflow or job can run: the default lease, and what a shorter lease is warned against.
 */
export function resolveLock(
  input: LockOptions,
  table: string,
  guardedSeconds: number,
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
  const waitSeconds = durationField(input.wait ?? 0, "lock wait", sink, where, { max: maxLeaseSeconds });
  const leaseSeconds =
    input.lease === undefined
      ? Math.min(Math.max(guardedSeconds, 1), maxLeaseSeconds)
      : durationField(input.lease, "lock lease", sink, where, { min: 1, max: maxLeaseSeconds });
  if (waitSeconds === undefined || leaseSeconds === undefined) return undefined;
  // Often enough that a freed lock is taken within seconds, rarely enough that a long wait stays
  // under maxDefaultTries: every try adds about twenty events to the execution's history.
  const pollSeconds =
    input.poll === undefined
      ? Math.max(
          1,
          Math.min(defaultPollSeconds, Math.round(waitSeconds / 20)),
          Math.ceil(waitSeconds / maxDefaultTries),
        )
      : durationField(input.poll, "lock poll", sink, where, { min: 1, max: maxLeaseSeconds });
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

  if (input.lease !== undefined && leaseSeconds < guardedSeconds) {
    sink.report({
      code: "BF1221",
      severity: "warning",
      message: `lock "${input.name}" has a lease of ${formatDuration(leaseSeconds)}, but what it guards can run for ${formatDuration(guardedSeconds)}`,
      hint: "another execution may take the lock while this one still runs; leave lease out to default to the longest run",
      ...where,
    });
  }
  return { name: input.name, table, waitSeconds, onBusy, leaseSeconds, pollSeconds, site: where.site };
}
