import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { layoutOf, ownLayout } from "./json-layout.js";

/** What indenting adds to JSON.stringify's text, as a value's own text (depth 0) or as a member `depth` levels down. */
const layoutOfText = (value: unknown, depth = 0) => {
  let wrapped = value;
  for (let i = 0; i < depth; i++) wrapped = [wrapped];
  const indented = JSON.stringify(wrapped, null, 2).length;
  const minified = JSON.stringify(wrapped).length;
  // Less the wrapping lists' own layout: a line break and indentation before and after each.
  let wrapping = 0;
  for (let i = 0; i < depth; i++) wrapping += 2 + 4 * i + 2;
  return indented - minified - wrapping;
};

describe("layoutOf", () => {
  it("counts what indenting adds, at any depth", () => {
    const holes: unknown[] = [1];
    holes[3] = { a: [] };
    for (const value of [
      {},
      [],
      "a b",
      { a: { b: [1, { c: null }] }, "k: ": "v", empty: {} },
      { gone: undefined, fn: () => 1, list: [undefined, () => 1, Symbol("s")], holes },
      { date: new Date(0), custom: { toJSON: () => ({ shown: [1, 2] }) } },
      JSON.parse('{"__proto__": {"x": [1]}}'),
    ]) {
      for (const depth of [0, 1, 3]) expect(layoutOf(value, depth)).toBe(layoutOfText(value, depth));
    }
  });

  it("agrees with JSON.stringify for any JSON value", () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.nat(6), (value, depth) => {
        expect(layoutOf(value, depth)).toBe(layoutOfText(value, depth));
      }),
      { numRuns: 500 },
    );
  });

  it("counts a value's own part of it: all of it when its members hold no layout of their own", () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.nat(6), (value, depth) => {
        const own = ownLayout(value, depth);
        expect(own).toBeLessThanOrEqual(layoutOf(value, depth));
        const flat = value !== null && typeof value === "object" ? Object.values(value) : [];
        if (flat.every((member) => layoutOf(member, depth + 1) === 0)) {
          expect(own).toBe(layoutOf(value, depth));
        }
      }),
      { numRuns: 500 },
    );
  });
});
