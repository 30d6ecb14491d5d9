import type { DiagnosticSink } from "../diagnostics/diagnostic-sink.js";
import type { ScheduleSpec } from "../ir/schedule-spec.js";
import { checkTimeZone, crontabToAws, parseRate } from "../schedule/index.js";
import type { ResolvedSchedule } from "./resolved-workflow.js";

/** The AWS form of a schedule, or problems in the sink and `undefined`. */
export function resolveSchedule(spec: ScheduleSpec, sink: DiagnosticSink): ResolvedSchedule | undefined {
  const result = spec.kind === "cron" ? crontabToAws(spec.expression) : parseRate(spec.expression);
  let ok = result.ok;
  if (!result.ok) for (const p of result.problems) sink.report({ ...p, site: spec.site });
  if (spec.timezone !== undefined) {
    const problem = checkTimeZone(spec.timezone);
    if (problem) {
      sink.report({ ...problem, site: spec.site });
      ok = false;
    }
  }
  if (!ok || !result.ok) return undefined;
  return {
    kind: spec.kind,
    expression: result.expression,
    source: spec.expression,
    ...(spec.timezone === undefined ? {} : { timezone: spec.timezone }),
  };
}
