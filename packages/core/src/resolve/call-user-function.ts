import type { SourceLocation } from "../source/source-location.js";
import { userFrame } from "../source/source-site.js";

export type UserCallResult<T> =
  | { readonly ok: true; readonly value: T }
  | {
      readonly ok: false;
      /** The thrown error's message, or the thrown value when it is not an error. */
      readonly reason: string;
      /** Where in the user's code it was thrown, when its stack says. */
      readonly location: SourceLocation | undefined;
    };

/**
 * Calls a function the user gave batchflow (such as `defaults.command`) and turns a throw into
 * data, so that it is reported as the user's problem at the user's line, not as batchflow's bug.
 */
export function callUserFunction<T>(call: () => T): UserCallResult<T> {
  try {
    return { ok: true, value: call() };
  } catch (error) {
    const reason = error instanceof Error ? `${error.name}: ${error.message}` : safeString(error);
    const location = error instanceof Error ? userFrame(error.stack ?? "") : undefined;
    return { ok: false, reason, location };
  }
}

function safeString(value: unknown): string {
  try {
    return String(value);
  } catch {
    return typeof value;
  }
}
