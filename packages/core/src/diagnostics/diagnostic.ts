import type { SourceLocation } from "../source/source-location.js";

export type Severity = "error" | "warning";

/**
 * One problem found in a user's definition. Problems are data: they are collected while
 * compiling and formatted once, so a user sees every problem of a run together.
 */
export interface Diagnostic {
  readonly code: string;
  readonly severity: Severity;
  readonly message: string;
  readonly hint: string;
  readonly workflow?: string;
  /** The service (`service(name, ...)`) the problem is in, for problems outside workflows. */
  readonly service?: string;
  /** The scheduled task (`task(name, ...)`) the problem is in. */
  readonly task?: string;
  readonly job?: string;
  readonly location?: SourceLocation;
}

export interface DiagnosticInput {
  readonly code: string;
  readonly message: string;
  readonly hint: string;
  readonly severity?: Severity;
  readonly workflow?: string | undefined;
  readonly service?: string | undefined;
  readonly task?: string | undefined;
  readonly job?: string | undefined;
  readonly location?: SourceLocation | undefined;
}

export function diagnostic(input: DiagnosticInput): Diagnostic {
  return Object.freeze({
    code: input.code,
    severity: input.severity ?? "error",
    message: input.message,
    hint: input.hint,
    ...(input.workflow === undefined ? {} : { workflow: input.workflow }),
    ...(input.service === undefined ? {} : { service: input.service }),
    ...(input.task === undefined ? {} : { task: input.task }),
    ...(input.job === undefined ? {} : { job: input.job }),
    ...(input.location === undefined ? {} : { location: input.location }),
  });
}

export function hasErrors(diagnostics: ReadonlyArray<Diagnostic>): boolean {
  return diagnostics.some((d) => d.severity === "error");
}
