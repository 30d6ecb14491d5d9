import { BatchflowError, type Diagnostic, diagnostic, formatDiagnostics } from "@batchflow/core";

/**
 * A local run cannot start: a missing secret value, no Docker engine, a bad working directory, … It is
 * raised before any job starts, carries every problem found, and `batchflow run` exits 2 on it.
 */
export class RunSetupError extends BatchflowError {
  override readonly name = "RunSetupError";

  /** `diagnostics`: at least one; the first one's code is the error's. */
  constructor(diagnostics: ReadonlyArray<Diagnostic>) {
    super(diagnostics[0]?.code ?? "", formatDiagnostics(diagnostics), diagnostics);
  }

  static of(code: string, message: string, hint: string, workflow?: string): RunSetupError {
    return new RunSetupError([diagnostic({ code, message, hint, workflow })]);
  }
}
