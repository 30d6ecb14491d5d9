import type { DiagnosticSink } from "../diagnostics/diagnostic-sink.js";
import type { ScheduleSpec } from "../ir/schedule-spec.js";
import {
  awsCronToExpression,
  checkTimeZone,
  convertCrontab,
  daylightSavingWarnings,
  parseRate,
} from "../schedule/index.js";
import type { ResolvedSchedule } from "./resolved-workflow.js";

/** The AWS form of a schedule, or problems in the sink and `undefined`. */
export function resolveSchedule(spec: ScheduleSpec, sink: DiagnosticSink): ResolvedSchedule | undefined {
  // A crontab line is parsed once: its AWS expression, and its times for the daylight-saving check.
  const crontab = spec.kind === "cron" ? convertCrontab(spec.expression) : undefined;
  const result =
    crontab !== undefined
      ? crontab.result
      : spec.kind === "aws-cron"
        ? awsCronToExpression(spec.expression)
        : parseRate(spec.expression);
  let ok = result.ok;
  if (!result.ok) for (const p of result.problems) sink.report({ ...p, site: spec.site });
  else for (const w of result.warnings ?? []) sink.report({ ...w, severity: "warning", site: spec.site });
  const prefixZone = result.ok ? result.timezone : undefined;
  if (prefixZone !== undefined && spec.timezone !== undefined && prefixZone !== spec.timezone) {
    sink.report({
      code: "BF1111",
      message: `cron(${JSON.stringify(spec.expression)}) names the time zone ${prefixZone} in its line and ${spec.timezone} in its options.`,
      hint: `Keep one: cron(${JSON.stringify(spec.expression.replace(/^\s*(?:CRON_TZ|TZ)=\S+\s+/, ""))}, { timezone: ${JSON.stringify(spec.timezone)} }).`,
      site: spec.site,
    });
    ok = false;
  }
  const timezone = spec.timezone ?? prefixZone;
  if (timezone !== undefined) {
    const problem = checkTimeZone(timezone);
    if (problem) {
      sink.report({ ...problem, site: spec.site });
      ok = false;
    }
  }
  if (!ok || !result.ok) return undefined;
  if (timezone !== undefined && crontab !== undefined) {
    const times = crontab.times;
    const quoted = `cron(${JSON.stringify(spec.expression)})`;
    // This year's clock changes: a zone's rules rarely change, so next year's days differ, not the hours.
    const year = new Date().getUTCFullYear();
    if (times) {
      for (const w of daylightSavingWarnings(times, timezone, year, quoted)) {
        sink.report({ ...w, severity: "warning", site: spec.site });
      }
    }
  }
  return {
    kind: spec.kind,
    expression: result.expression,
    source: spec.expression,
    ...(timezone === undefined ? {} : { timezone }),
    site: spec.site,
  };
}
