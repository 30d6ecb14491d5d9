import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { serialize } from "./serialize.js";
import { chunkedText, serializeChunks, type Weigh } from "./serialize-chunks.js";

/** Every container written member by member, or none. */
const always: Weigh = () => Number.POSITIVE_INFINITY;
const never: Weigh = () => 0;
/** Some containers heavy and others light, by the key they are found under. */
const someKeys: Weigh = (_container, key) =>
  key === undefined || String(key).length % 2 === 0 ? Number.POSITIVE_INFINITY : 5;

/** Checks the chunks against serialize(), and the layout the writer counted against the real one. */
const expectSameText = (value: unknown, weigh: Weigh, plainJson = false) => {
  const { chunks, layoutAtLeast } = serializeChunks(value, weigh);
  const text = serialize(value);
  expect(chunkedText(chunks)).toBe(text);
  for (const chunk of chunks.slice(1)) expect(chunk.startsWith("\n")).toBe(true);
  const layout = text.length - (JSON.stringify(value)?.length ?? 0);
  expect(layoutAtLeast).toBeLessThanOrEqual(layout);
  // Plain JSON written member by member throughout: the writer sees all of the layout.
  if (plainJson && weigh === always && value !== null && typeof value === "object") {
    expect(layoutAtLeast).toBe(layout);
  }
  return chunks;
};

describe("serializeChunks", () => {
  it("writes the bytes serialize() writes, however it weighs containers", () => {
    // JSON.stringify writes null for these, and for the hole at 5.
    const list: unknown[] = [undefined, () => 1, Symbol("s"), 1, "x"];
    list[6] = 2;
    const odd = {
      a: undefined,
      f: () => 1,
      list,
      empty: { gone: undefined },
      date: new Date(0),
      custom: { toJSON: () => ({ shown: [1, 2] }) },
      nested: { "10": [[], {}, [[{ deep: true }]]], "2": null, "": "", 'q"\\': "\n" },
      text: { "ünïcödé ✓": "日本語 😀", "\u2028": "\u0000\u001f", lone: "\ud800", 'k": ': 'v": ' },
      // An own "__proto__" member, and integer keys, which objects list first.
      keys: JSON.parse('{"b": 1, "__proto__": {"x": [1]}, "7": [], "a": {"y": 2}, "3": null}'),
    };
    for (const weigh of [always, never, someKeys]) {
      expectSameText(odd, weigh);
      fc.assert(
        fc.property(fc.jsonValue(), (value) => {
          expectSameText(value, weigh, true);
        }),
        { numRuns: 200 },
      );
    }
  });

  it("writes long runs of members whole, in objects and lists, at any depth", () => {
    const members = Array.from({ length: 100 }, (_, i) => ({ n: i, list: [i, `${i}`] }));
    const map = Object.fromEntries(members.map((m, i) => [`k${i}`, m]));
    const value = { outer: [{ inner: { members, map, tail: [1, [2]] } }] };
    // Every container but the members is heavy: the members are written in runs.
    const aboveMembers: Weigh = (container) => ("n" in container ? 1 : Number.POSITIVE_INFINITY);
    for (const weigh of [always, aboveMembers, someKeys]) expectSameText(value, weigh);
  });

  it("cuts a large value into chunks at line breaks", () => {
    const states = Object.fromEntries(
      Array.from({ length: 2000 }, (_, i) => [
        `job-${i}`,
        { Type: "Task", Parameters: { Command: ["make", "run", `job-${i}`] }, Next: `job-${i + 1}` },
      ]),
    );
    const byStates: Weigh = (_container, key) =>
      key === undefined || key === "States" ? Number.POSITIVE_INFINITY : 1;
    const chunks = expectSameText({ StartAt: "job-0", States: states }, byStates);
    expect(chunks.length).toBeGreaterThan(5);
    for (const chunk of chunks) expect(chunk.length).toBeLessThan(40_000);
  });
});
