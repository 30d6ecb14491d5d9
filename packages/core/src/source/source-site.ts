import type { SourceLocation } from "./source-location.js";
import { stackFrames, toPath } from "./stack-frames.js";

/*
 * Frames from batchflow's own code are skipped. In the build this module sits in
 * `<package>/dist/`, one level under the package that bundles every part of batchflow; in tests
 * in `packages/core/src/source/`, three levels under the packages, which call each other (the
 * compiler in packages/aws checks the options of the user's compile() call).
 */
const ownCode = toPath(
  new URL(import.meta.url.includes("/core/src/source/") ? "../../.." : "..", import.meta.url).href,
);
// batchflow's own tests sit beside its code but call the builders as a user would.
const testFile = /\.test(-d)?\.ts$/;

/**
 * The call site of a builder. The stack is captured cheaply when the builder is called and
 * parsed only when a diagnostic needs the location, so compiling thousands of jobs stays fast.
 */
export class SourceSite {
  readonly #holder: { stack?: string };
  #location: SourceLocation | undefined | null = null;

  private constructor(holder: { stack?: string }) {
    this.#holder = holder;
  }

  static capture(): SourceSite {
    const holder: { stack?: string } = {};
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 20;
    Error.captureStackTrace(holder, SourceSite.capture);
    Error.stackTraceLimit = limit;
    return new SourceSite(holder);
  }

  get location(): SourceLocation | undefined {
    if (this.#location === null) this.#location = userFrame(this.#holder.stack ?? "");
    return this.#location;
  }

  /** Keeps the site out of JSON and snapshots: it describes the user's machine, not the workflow. */
  toJSON(): undefined {
    return undefined;
  }
}

/**
 * The first frame of a V8 stack trace in the user's code: not batchflow's own (its tests count
 * as the user's) and not a dependency's.
 */
export function userFrame(stack: string): SourceLocation | undefined {
  return stackFrames(stack).find(
    ({ file }) => !(file.startsWith(ownCode) && !testFile.test(file)) && !file.includes("/node_modules/"),
  );
}
