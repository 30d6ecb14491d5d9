import { type SourceLocation, stackFrames } from "@batchflow/core";

const positionInMessage = /(\/[^\s:()]+):(\d+):(\d+)/g;

/**
 * Where in the user's files an error arose: the first stack frame inside one of them, or, for a
 * syntax error the transpiler reports, the `file:line:col` its message names.
 */
export function userErrorLocation(
  error: unknown,
  userFiles: ReadonlySet<string>,
): SourceLocation | undefined {
  if (!(error instanceof Error)) return undefined;
  const frame = stackFrames(error.stack ?? "").find((f) => userFiles.has(f.file));
  if (frame) return frame;
  // Babel's parse error (as jiti words it) counts columns from 0; every other position from 1.
  const fromZero = error.message.startsWith("ParseError:") ? 1 : 0;
  for (const match of error.message.matchAll(positionInMessage)) {
    if (userFiles.has(match[1]!))
      return { file: match[1]!, line: Number(match[2]), column: Number(match[3]) + fromZero };
  }
  return undefined;
}
