import type { SourceLocation } from "@batchflow/core";

/** The line and column (both from 1) of the character at `offset` of `text`, the contents of `file`. */
export function locationAt(file: string, text: string, offset: number): SourceLocation {
  const before = text.slice(0, offset).split("\n");
  return { file, line: before.length, column: (before.at(-1)?.length ?? 0) + 1 };
}
