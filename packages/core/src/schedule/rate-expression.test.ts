import { describe, expect, it } from "vitest";
import { parseRate } from "./rate-expression.js";

describe("parseRate", () => {
  it.each([
    ["1 hour", "rate(1 hour)"],
    ["5 minutes", "rate(5 minutes)"],
    ["2 days", "rate(2 days)"],
    ["1h", "rate(1 hour)"],
    ["30m", "rate(30 minutes)"],
    ["1d", "rate(1 day)"],
    ["1 min", "rate(1 minute)"],
    ["12 hrs", "rate(12 hours)"],
    ["rate(5 minutes)", "rate(5 minutes)"],
    ["RATE(1 Day)", "rate(1 day)"],
    // AWS rejects rate(1 hours) and rate(5 hour); the unit is fixed up rather than refused.
    ["1 hours", "rate(1 hour)"],
    ["5 hour", "rate(5 hours)"],
    ["  90 minutes  ", "rate(90 minutes)"],
  ])("%j -> %s", (input, expression) => {
    expect(parseRate(input)).toEqual({ ok: true, expression });
  });

  it.each([
    [
      "30 seconds",
      'Rate "30 seconds" is in seconds, but AWS schedules fire at most once a minute.',
      /"1 minute"/,
    ],
    ["10s", 'Rate "10s" is in seconds', /loop inside the job/],
    ["0 minutes", 'Rate "0 minutes" must be a whole number of minutes, at least 1.', /"1 minute"/],
    [
      "-5 minutes",
      'Rate "-5 minutes" must be a whole number of minutes, at least 1.',
      /positive whole number/,
    ],
    [
      "1.5 hours",
      'Rate "1.5 hours" must be a whole number of hours, at least 1.',
      /Write it as "90 minutes"/,
    ],
    ["0.5d", 'Rate "0.5d" must be a whole number of days', /Write it as "12 hours"/],
    ["2 weeks", 'Rate "2 weeks" is in weeks, which AWS rate expressions do not support.', /"14 days"/],
    ["1 month", 'Rate "1 month" has an unknown unit "month".', /"@monthly"/],
    ["every hour", 'Rate "every hour" is not a number followed by a unit.', /"5 minutes", "1 hour"/],
    ["5", 'Rate "5" is not a number followed by a unit.', /"5m"/],
    ["rate(5 minutes", 'Rate "rate(5 minutes" is not a number followed by a unit.', /"2 days"/],
  ])("BF1105 for %j", (input, message, hint) => {
    const result = parseRate(input);
    expect(result.ok).toBe(false);
    const problems = result.ok ? [] : result.problems;
    expect(problems).toHaveLength(1);
    expect(problems[0]?.code).toBe("BF1105");
    expect(problems[0]?.message).toContain(message);
    expect(problems[0]?.hint).toMatch(hint);
  });
});
