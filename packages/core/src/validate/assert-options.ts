import { DefinitionError } from "../diagnostics/batchflow-error.js";
import { type Diagnostic, diagnostic } from "../diagnostics/diagnostic.js";
import { SourceSite } from "../source/source-site.js";
import { checkShape } from "./check-shape.js";
import type { Shape } from "./shape.js";

/**
 * Throws a DefinitionError at the user's call when `value` is not what `shape` describes,
 * carrying every problem of the value at once.
 * @param subject how messages name the value, e.g. `workflow("x") options`
 */
export function assertOptions(value: unknown, shape: Shape, subject: string): void {
  const [first, ...more] = optionDiagnostics(value, shape, subject);
  if (first !== undefined) throw new DefinitionError(first, ...more);
}

/**
 * Every way `value` differs from `shape`, as diagnostics at the user's call: for functions that
 * report problems rather than throw them (`tryCompile()`).
 */
export function optionDiagnostics(value: unknown, shape: Shape, subject: string): Diagnostic[] {
  const problems = checkShape(value, shape, subject);
  if (problems.length === 0) return [];
  const location = SourceSite.capture().location;
  return problems.map((p) => diagnostic({ code: p.code, message: p.message, hint: p.hint, location }));
}
