import { showValue } from "../validate/describe-value.js";

/** A duration as users write it: seconds, or a number with a unit (`"3s"`, `"30m"`, `"1h"`, `"1d"`). */
export type DurationInput = number | `${number}${DurationUnit}`;
export type DurationUnit = "s" | "m" | "h" | "d";

const unitSeconds: Record<DurationUnit, number> = { s: 1, m: 60, h: 3600, d: 86_400 };
const durationPattern = /^\s*(\d+(?:\.\d+)?)\s*([smhd])\s*$/;

export type DurationResult =
  | { readonly ok: true; readonly seconds: number }
  | { readonly ok: false; readonly reason: string };

/** Parses a duration into seconds; never throws, so callers can report the problem with context. */
export function parseDuration(input: unknown): DurationResult {
  if (typeof input === "number") {
    if (!Number.isFinite(input) || input < 0)
      return { ok: false, reason: `${input} is not a duration in seconds` };
    return { ok: true, seconds: input };
  }
  if (typeof input !== "string") return { ok: false, reason: `${describe(input)} is not a duration` };
  // Every job of a workflow usually has the one default timeout: the last text is parsed once.
  if (input === lastText) return lastParsed;
  const match = durationPattern.exec(input);
  const parsed: DurationResult = match
    ? { ok: true, seconds: Number(match[1]) * unitSeconds[match[2] as DurationUnit] }
    : { ok: false, reason: `"${input}" is not a duration` };
  lastText = input;
  lastParsed = Object.freeze(parsed);
  return lastParsed;
}

let lastText: string | undefined;
let lastParsed: DurationResult = Object.freeze({ ok: false, reason: "nothing parsed yet" });

/** Renders seconds the way users write them, for messages: 90 -> "90s", 3600 -> "1h". */
export function formatDuration(seconds: number): string {
  for (const unit of ["d", "h", "m"] as const) {
    if (seconds >= unitSeconds[unit] && seconds % unitSeconds[unit] === 0)
      return `${seconds / unitSeconds[unit]}${unit}`;
  }
  return `${seconds}s`;
}

export const durationHint =
  'write a duration as seconds (a number) or a string like "3s", "30m", "1h" or "1d"';

function describe(value: unknown): string {
  return showValue(value);
}
