import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { LineSplitter } from "./line-splitter.js";

function split(
  chunks: ReadonlyArray<string>,
  options?: ConstructorParameters<typeof LineSplitter>[1],
): string[] {
  const lines: string[] = [];
  const splitter = new LineSplitter((line) => lines.push(line), options);
  for (const chunk of chunks) splitter.write(Buffer.from(chunk));
  splitter.end();
  return lines;
}

const count = (text: string, part: string) => text.split(part).length - 1;

describe("LineSplitter", () => {
  it("splits chunks into lines: UTF-8 across chunks, CRLF, carriage-return redraws, a last line without newline", () => {
    const lines: string[] = [];
    const splitter = new LineSplitter((line) => lines.push(line));
    const text = Buffer.from("héllo\r\nprogress 10%\rprogress 100%\n\nlast");
    splitter.write(text.subarray(0, 2)); // cuts "é" in half
    splitter.write(text.subarray(2));
    expect(lines).toEqual(["héllo", "progress 100%", ""]);
    splitter.end();
    expect(lines).toEqual(["héllo", "progress 100%", "", "last"]);
  });

  it("passes an overlong line on in pieces of at most 16 KiB, as Docker's log drivers do", () => {
    const chunk = "x".repeat(64 * 1024);
    const lines = split([chunk, chunk, `${chunk}\n`, "next\n"]);
    expect(lines.slice(0, -1).every((l) => l.length === 16 * 1024)).toBe(true);
    expect(lines.slice(0, -1).join("")).toBe(chunk.repeat(3));
    expect(lines.at(-1)).toBe("next");
  });

  it("never cuts a secret in two, whether it arrived whole or is still arriving", () => {
    const secret = "SECRET-VALUE";
    expect(
      split([`${"x".repeat(10)}${secret}${"y".repeat(10)}`], { maxLineLength: 16, unsplittable: [secret] }),
    ).toEqual(["x".repeat(10), `${secret}yyyy`, "y".repeat(6)]);
    expect(
      split([`${"x".repeat(14)}SEC`, `RET-VALUE${"y".repeat(3)}`], {
        maxLineLength: 16,
        unsplittable: [secret],
      }),
    ).toEqual(["x".repeat(14), `${secret}yyy`]);
  });

  it("never cuts a surrogate pair in two", () => {
    const lines = split([`${"x".repeat(15)}😀${"y".repeat(15)}`], { maxLineLength: 16 });
    expect(lines).toEqual(["x".repeat(15), `😀${"y".repeat(14)}`, "y"]);
  });

  it("keeps every line's text, in pieces no longer than the limit, with every secret whole", () => {
    const secret = "abab";
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom("a", "b", "c", "\n"), maxLength: 300 }),
        fc.array(fc.nat(40), { maxLength: 12 }),
        fc.integer({ min: 5, max: 20 }),
        (text, cuts, max) => {
          const at = [...new Set(cuts.map((c) => Math.min(c * 8, text.length)))].sort((a, b) => a - b);
          const chunks = [0, ...at].map((from, i) => text.slice(from, at[i] ?? text.length));
          const pieces = split(chunks, { maxLineLength: max, unsplittable: [secret] });
          expect(pieces.every((p) => p.length <= max)).toBe(true);
          expect(pieces.join("")).toBe(text.replaceAll("\n", ""));
          const lines = text.split("\n");
          if (lines.at(-1) === "") lines.pop();
          const expected = lines.reduce((n, line) => n + count(line, secret), 0);
          expect(pieces.reduce((n, p) => n + count(p, secret), 0)).toBe(expected);
        },
      ),
      { numRuns: 300 },
    );
  });
});
