import { diagnostic } from "@batchflow/core";
import { CliError, exitCode } from "../cli-error.js";

/**
 * Problems with the output directory, its staging folder and its switch: BF1410–BF1419, each
 * listed with an example and the fix in docs/errors.md.
 */
export const outputErrorCode = {
  notADirectory: "BF1410",
  permissionDenied: "BF1411",
  readOnly: "BF1412",
  noSpace: "BF1413",
  fileSystem: "BF1414",
  busy: "BF1415",
  interrupted: "BF1416",
  unsafeOut: "BF1417",
  incompleteOutput: "BF1418",
} as const;

export type OutputErrorCode = (typeof outputErrorCode)[keyof typeof outputErrorCode];

export function outputError(
  code: OutputErrorCode,
  message: string,
  hint: string,
  exit: number = exitCode.failed,
): CliError {
  return new CliError([diagnostic({ code, message, hint })], exit);
}

/** Whether `error` is a failed file system call (it has an errno code such as EACCES). */
export function isErrnoError(error: unknown): error is NodeJS.ErrnoException {
  return error instanceof Error && typeof (error as NodeJS.ErrnoException).code === "string";
}
