import type { DiagnosticSink } from "../diagnostics/diagnostic-sink.js";
import { durationHint, parseDuration } from "../duration/duration.js";
import type { SourceSite } from "../source/source-site.js";

export interface FieldBounds {
  readonly min?: number;
  readonly max?: number;
}

/** A duration field in whole seconds, or a reported problem and `undefined`. */
export function durationField(
  value: unknown,
  field: string,
  sink: DiagnosticSink,
  where: { readonly job?: string | undefined; readonly site?: SourceSite | undefined },
  bounds: FieldBounds = {},
): number | undefined {
  const parsed = parseDuration(value);
  if (!parsed.ok) {
    sink.report({ code: "BF1206", message: `${field}: ${parsed.reason}`, hint: durationHint, ...where });
    return undefined;
  }
  const { seconds } = parsed;
  const min = bounds.min ?? 0;
  const max = bounds.max ?? 99_999_999;
  if (!Number.isInteger(seconds) || seconds < min || seconds > max) {
    sink.report({
      code: "BF1206",
      message: `${field} must be whole seconds from ${min} to ${max}, got ${seconds}`,
      hint: "Step Functions counts these in whole seconds",
      ...where,
    });
    return undefined;
  }
  return seconds;
}
