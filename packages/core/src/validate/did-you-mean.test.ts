import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { closestMatch, didYouMean } from "./did-you-mean.js";
import { editDistance } from "./edit-distance.js";

describe("editDistance", () => {
  it.each([
    ["schedul", "schedule", 1],
    ["memroy", "memory", 1],
    ["timout", "timeout", 1],
    ["intervall", "interval", 1],
    ["States.Timeot", "States.Timeout", 1],
    ["kitten", "sitting", 3],
    ["", "abc", 3],
    ["ca", "abc", 3],
  ])("%s -> %s is %d", (a, b, d) => {
    expect(editDistance(a, b)).toBe(d);
  });

  it("is zero exactly for equal strings, symmetric, and at most the longer length", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 12 }), fc.string({ maxLength: 12 }), (a, b) => {
        const d = editDistance(a, b);
        expect(d === 0).toBe(a === b);
        expect(editDistance(b, a)).toBe(d);
        expect(d).toBeLessThanOrEqual(Math.max(a.length, b.length));
        expect(d).toBeGreaterThanOrEqual(Math.abs(a.length - b.length));
      }),
    );
  });

  it("counts one swap of neighbours as one edit", () => {
    fc.assert(
      fc.property(fc.string({ minLength: 2, maxLength: 12 }), fc.nat(), (word, at) => {
        const i = at % (word.length - 1);
        if (word[i] === word[i + 1]) return;
        const swapped = word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2);
        expect(editDistance(word, swapped)).toBe(1);
      }),
    );
  });
});

describe("didYouMean", () => {
  const keys = ["schedule", "cluster", "network", "defaults", "input", "description", "lock", "notify"];

  it("suggests the key a typo was meant as", () => {
    expect(didYouMean("schedul", keys)).toBe('did you mean "schedule"?');
    expect(didYouMean("Schedule", keys)).toBe('did you mean "schedule"?');
    expect(didYouMean("netwrok", keys)).toBe('did you mean "network"?');
    expect(didYouMean("notfiy", keys)).toBe('did you mean "notify"?');
  });

  it("suggests nothing for a word that is not close to any", () => {
    expect(didYouMean("timezone", keys)).toBeUndefined();
    expect(didYouMean("x", keys)).toBeUndefined();
    expect(closestMatch("anything", [])).toBeUndefined();
  });

  it("allows more typos in longer words", () => {
    expect(closestMatch("Stetes.Timeot", ["States.Timeout", "States.TaskFailed"])).toBe("States.Timeout");
    expect(closestMatch("lok", ["lock"])).toBe("lock");
    expect(closestMatch("lk", ["lock"])).toBeUndefined();
  });
});
