import type { Diagnostic } from "./diagnostic.js";
import { formatDiagnostics } from "./format-diagnostic.js";

/** The one base of every error batchflow raises on purpose; `code` is stable and listed in docs/errors.md. */
export class BatchflowError extends Error {
  override readonly name: string = "BatchflowError";

  constructor(
    readonly code: string,
    message: string,
    readonly diagnostics: ReadonlyArray<Diagnostic> = [],
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/**
 * A builder was called with something it cannot take; thrown at once, at the user's call. One
 * call's problems come together (an options object with two wrong keys is one error).
 */
export class DefinitionError extends BatchflowError {
  override readonly name = "DefinitionError";

  constructor(diagnostic: Diagnostic, ...more: ReadonlyArray<Diagnostic>) {
    super(diagnostic.code, formatDiagnostics([diagnostic, ...more]), [diagnostic, ...more]);
  }
}

/** Compiling found problems; carries all of them. */
export class CompileError extends BatchflowError {
  override readonly name = "CompileError";

  constructor(diagnostics: ReadonlyArray<Diagnostic>) {
    const errors = diagnostics.filter((d) => d.severity === "error");
    super(errors[0]?.code ?? "BF0000", formatDiagnostics(diagnostics), diagnostics);
  }
}

export function isBatchflowError(value: unknown): value is BatchflowError {
  return (
    value instanceof Error &&
    typeof (value as Partial<BatchflowError>).code === "string" &&
    Array.isArray((value as Partial<BatchflowError>).diagnostics)
  );
}
