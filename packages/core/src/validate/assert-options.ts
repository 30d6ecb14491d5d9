import { DefinitionError } from "../diagnostics/batchflow-error.js";
import { diagnostic } from "../diagnostics/diagnostic.js";
import { SourceSite } from "../source/source-site.js";
import { checkShape } from "./check-shape.js";
import type { Shape } from "./shape.js";

/**
 * Throws a DefinitionError at the user's call when `value` is not what `shape` describes,
 * carrying every problem of the value at once.
 * @param subject how messages name the value, e.g. `workflow("x") options`
 */
export function assertOptions(value: unknown, shape: Shape, subject: string): void {
  const problems = checkShape(value, shape, subject);
  const [first, ...more] = problems;
  if (first === undefined) return;
  const location = SourceSite.capture().location;
  const toDiagnostic = (p: typeof first) =>
    diagnostic({ code: p.code, message: p.message, hint: p.hint, location });
  throw new DefinitionError(toDiagnostic(first), ...more.map(toDiagnostic));
}
