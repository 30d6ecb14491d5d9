import type { DiagnosticSink } from "../diagnostics/diagnostic-sink.js";
import type { ScheduleSpec } from "../ir/schedule-spec.js";
import {
  awsCronToExpression,
  checkTimeZone,
  convertCrontab,
  daylightSavingWarnings,
  firesFrom,
  parseRate,
} from "../schedule/index.js";
import type { ResolvedSchedule } from "./resolved-workflow.js";

/**
 * The AWS form of a schedule, or problems in the sink and `undefined`. `now` is where the search for
 * its next fire time starts (BF1116: it never fires).
 */
export function resolveSchedule(
  spec: ScheduleSpec,
  sink: DiagnosticSink,
  now = Date.now(),
): ResolvedSchedule | undefined {
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
    // The next 12 months' clock changes: a zone's rules rarely change, so later years' days differ, not the hours.
    if (times) {
      for (const w of daylightSavingWarnings(times, timezone, now, quoted)) {
        sink.report({ ...w, severity: "warning", site: spec.site });
      }
    }
  }
  if (spec.kind !== "rate" && !firesFrom(result.expression, timezone, now)) {
    sink.report({
      severity: "warning",
      code: "BF1116",
      message: `${spec.kind === "cron" ? "cron" : "awsCron"}(${JSON.stringify(spec.expression)}) never fires: no time from now to the end of 2199 matches ${result.expression}${timezone === undefined ? "" : ` in ${timezone}`}`,
      hint: "check the day of the month against the months (February has no 30th or 31st; April, June, September and November no 31st) and the year field",
      site: spec.site,
    });
  }
  return {
    kind: spec.kind,
    expression: result.expression,
    source: spec.expression,
    ...(timezone === undefined ? {} : { timezone }),
    site: spec.site,
  };
}
