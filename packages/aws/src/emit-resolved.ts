import { type Diagnostic, type DiagnosticSink, hasErrors } from "@batchflow/core";

/** What a compile of a workflow, a scheduled task or a service gives, with what it read. */
export interface ResolvedCompile<R, C> {
  readonly compiled?: C;
  readonly diagnostics: ReadonlyArray<Diagnostic>;
  /** The input as the compiler read it, when it resolved. */
  readonly resolved?: R;
}

/**
 * The step every compile shares once its input resolved (or did not): emit into a sink that holds
 * the resolve's problems, and give the artefacts only when none of the problems is an error.
 */
export function emitResolved<R, C>(
  resolved: R | undefined,
  diagnostics: ReadonlyArray<Diagnostic>,
  sink: () => DiagnosticSink,
  emit: (resolved: R, sink: DiagnosticSink) => C,
): ResolvedCompile<R, C> {
  if (resolved === undefined) return { diagnostics };
  const into = sink();
  into.addAll(diagnostics);
  const compiled = emit(resolved, into);
  return hasErrors(into.items)
    ? { diagnostics: into.items, resolved }
    : { compiled, diagnostics: into.items, resolved };
}

/** A compile's result without what it read: what `tryCompile()` and its siblings return. */
export function withoutResolved<R, C>({
  compiled,
  diagnostics,
}: ResolvedCompile<R, C>): { readonly compiled?: C; readonly diagnostics: ReadonlyArray<Diagnostic> } {
  return compiled === undefined ? { diagnostics } : { compiled, diagnostics };
}
