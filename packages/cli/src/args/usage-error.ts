import { diagnostic } from "@batchflow/core";
import type { CliCode } from "../cli-codes.js";
import { CliError, exitCode } from "../cli-error.js";

/** A problem with the command line: exit 2, in our words, with the way out in the hint. */
export function usageError(code: CliCode, message: string, hint: string): CliError {
  return new CliError([diagnostic({ code, message, hint })], exitCode.usage);
}
