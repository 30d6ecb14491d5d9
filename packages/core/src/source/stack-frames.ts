import type { SourceLocation } from "./source-location.js";

const framePattern = /(?:^at |\()((?:file:\/\/)?\/[^():]+|[A-Za-z]:\\[^():]+):(\d+):(\d+)\)?$/;

/** The file locations of a V8 stack trace, innermost first; `file://` URLs become paths. */
export function stackFrames(stack: string): SourceLocation[] {
  const frames: SourceLocation[] = [];
  for (const line of stack.split("\n")) {
    const match = framePattern.exec(line.trim());
    if (match) frames.push({ file: toPath(match[1]!), line: Number(match[2]), column: Number(match[3]) });
  }
  return frames;
}

export function toPath(fileOrUrl: string): string {
  return fileOrUrl.startsWith("file://") ? decodeURIComponent(fileOrUrl.slice("file://".length)) : fileOrUrl;
}
