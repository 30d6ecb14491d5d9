import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { scheduleTimes } from "./aws-fire-times.js";
import { firesFrom, onSomeDayOfEveryMonth } from "./never-fires.js";

const from = Date.UTC(2026, 11, 6);

/** The search alone, without the shortcut. */
const searched = (expression: string) => {
  for (const time of scheduleTimes(expression, { from })) if (time.kind === "fires") return true;
  return false;
};

describe("firesFrom", () => {
  it("says which expressions never fire, with or without the shortcut", () => {
    for (const [expression, fires] of [
      ["cron(35 * * * ? *)", true],
      ["cron(0 9 ? * MON-FRI *)", true],
      ["cron(0 0 31 2 ? *)", false],
      ["cron(0 0 30,31 2 ? *)", false],
      ["cron(0 0 31 4,6,9,11 ? *)", false],
      ["cron(0 0 29 2 ? *)", true],
      ["cron(0 0 ? 2 FRI#5 *)", true],
      ["cron(0 0 1 1 ? 2020-2025)", false],
      ["cron(0 0 L 2 ? *)", true],
    ] as const) {
      expect([expression, firesFrom(expression, undefined, from)]).toEqual([expression, fires]);
      expect([expression, searched(expression)]).toEqual([expression, fires]);
    }
  });

  it("takes the shortcut only for expressions the search finds a time for", () => {
    const day = fc.integer({ min: 1, max: 31 }).map(String);
    const dayOfMonth = fc.oneof(
      fc.constant("*"),
      day,
      fc.tuple(day, day).map(([a, b]) => `${a},${b}`),
      fc
        .tuple(fc.integer({ min: 1, max: 31 }), fc.integer({ min: 0, max: 5 }))
        .map(([a, n]) => `${a}-${Math.min(31, a + n)}`),
      fc.tuple(day, fc.integer({ min: 1, max: 10 })).map(([a, n]) => `${a}/${n}`),
      fc.constant("L"),
      day.map((d) => `${d}W`),
    );
    const month = fc.oneof(fc.constant("*"), fc.integer({ min: 1, max: 12 }).map(String), fc.constant("2,4"));
    const dayOfWeek = fc.oneof(
      fc.constant("*"),
      fc.constantFrom("MON", "2-6", "1,7", "FRI", "L", "5L", "MON#4", "FRI#5"),
    );
    const year = fc.oneof(fc.constant("*"), fc.constant("2020"), fc.constant("2030-2040"));
    const expression = fc
      .tuple(dayOfMonth, month, dayOfWeek, year, fc.boolean())
      .map(([dom, m, dow, y, byWeekday]) =>
        byWeekday ? `cron(0 0 ? ${m} ${dow} ${y})` : `cron(0 0 ${dom} ${m} ? ${y})`,
      );
    fc.assert(
      fc.property(expression, (e) => {
        if (onSomeDayOfEveryMonth(e, from)) expect(searched(e)).toBe(true);
        expect(firesFrom(e, undefined, from)).toBe(searched(e));
      }),
      { numRuns: 300 },
    );
  });
});
