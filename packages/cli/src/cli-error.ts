import { BatchflowError, type Diagnostic, diagnostic } from "@batchflow/core";

/** Exit codes: 0 ok, 1 the work failed (compile errors, stale output), 2 bad usage. */
export const exitCode = { ok: 0, failed: 1, usage: 2 } as const;

/** A problem the CLI reports and exits on. */
export class CliError extends BatchflowError {
  override readonly name = "CliError";

  constructor(
    diagnostics: ReadonlyArray<Diagnostic>,
    readonly exit: number = exitCode.failed,
  ) {
    super(diagnostics[0]?.code ?? "BF1400", diagnostics.map((d) => d.message).join("\n"), diagnostics);
  }

  static usage(message: string, hint: string): CliError {
    return new CliError([diagnostic({ code: "BF1400", message, hint })], exitCode.usage);
  }
}
