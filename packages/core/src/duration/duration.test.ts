import { describe, expect, it } from "vitest";
import { formatDuration, parseDuration } from "./duration.js";

describe("parseDuration", () => {
  it.each([
    [3, 3],
    [0, 0],
    ["3s", 3],
    ["30m", 1800],
    ["1h", 3600],
    ["1d", 86_400],
    ["1.5m", 90],
    [" 2h ", 7200],
  ])("%j is %i seconds", (input, seconds) => {
    expect(parseDuration(input)).toEqual({ ok: true, seconds });
  });

  it.each([
    ["3x"],
    ["s"],
    ["-1s"],
    [-1],
    [Number.NaN],
    [Number.POSITIVE_INFINITY],
    [null],
    [undefined],
    [{}],
    ["1h30m"],
  ])("%j is not a duration", (input) => {
    const result = parseDuration(input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(/is not a duration/);
  });
});

describe("formatDuration", () => {
  it.each([
    [1, "1s"],
    [90, "90s"],
    [120, "2m"],
    [3600, "1h"],
    [5400, "90m"],
    [86_400, "1d"],
  ])("%i seconds reads %s", (seconds, text) => {
    expect(formatDuration(seconds)).toBe(text);
  });
});
