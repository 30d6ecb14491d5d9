import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { serialize } from "./serialize.js";
import { chunkedText, type SplitRule, serializeChunks } from "./serialize-chunks.js";

const always: SplitRule = () => true;
const never: SplitRule = () => false;
/** Splits some containers and not others, by the key they are found under. */
const someKeys: SplitRule = (_container, key) => key === undefined || String(key).length % 2 === 0;

/** Checks the chunks against serialize(), and their layout against the minified JSON. */
const expectSameText = (value: unknown, split: SplitRule) => {
  const { chunks, layout } = serializeChunks(value, split);
  expect(chunkedText(chunks)).toBe(serialize(value));
  for (const chunk of chunks.slice(1)) expect(chunk.startsWith("\n")).toBe(true);
  const bytes = chunks.reduce((n, chunk) => n + Buffer.byteLength(chunk), 0);
  expect(bytes - layout).toBe(Buffer.byteLength(JSON.stringify(value)));
  return chunks;
};

describe("serializeChunks", () => {
  it("writes the bytes serialize() writes, whatever it splits, and counts their layout", () => {
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
    for (const split of [always, never, someKeys]) {
      expectSameText(odd, split);
      fc.assert(
        fc.property(fc.jsonValue(), (value) => {
          expectSameText(value, split);
        }),
        { numRuns: 200 },
      );
    }
  });

  it("writes long runs of members whole, in objects and lists, at any depth", () => {
    const members = Array.from({ length: 100 }, (_, i) => ({ n: i, list: [i, `${i}`] }));
    const map = Object.fromEntries(members.map((m, i) => [`k${i}`, m]));
    const value = { outer: [{ inner: { members, map, tail: [1, [2]] } }] };
    // Every container but the members: their lists and maps are written in runs.
    const aboveMembers: SplitRule = (container) => !("n" in container);
    for (const split of [always, aboveMembers, someKeys]) expectSameText(value, split);
  });

  it("cuts a large value into chunks at line breaks", () => {
    const states = Object.fromEntries(
      Array.from({ length: 2000 }, (_, i) => [
        `job-${i}`,
        { Type: "Task", Parameters: { Command: ["make", "run", `job-${i}`] }, Next: `job-${i + 1}` },
      ]),
    );
    const statesSplit: SplitRule = (_container, key) => key === undefined || key === "States";
    const chunks = expectSameText({ StartAt: "job-0", States: states }, statesSplit);
    expect(chunks.length).toBeGreaterThan(5);
    for (const chunk of chunks) expect(chunk.length).toBeLessThan(40_000);
  });
});
