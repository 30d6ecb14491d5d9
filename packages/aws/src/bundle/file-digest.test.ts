import { createHash } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { placeholdersIn, sha256Of } from "./file-digest.js";

/** What deploy computes from the file it reads back: the sha256 of the bytes fs writes for the text. */
const fileHash = (text: string) =>
  `sha256:${createHash("sha256").update(Buffer.from(text, "utf8")).digest("hex")}`;

// Any UTF-16 units: ASCII, two- and three-byte characters, pairs and lone surrogates.
const unit = fc.oneof(
  fc.integer({ min: 0x20, max: 0x7e }),
  fc.integer({ min: 0x80, max: 0x7ff }),
  fc.integer({ min: 0x800, max: 0xffff }),
);
const text = fc.array(unit, { maxLength: 200 }).map((units) => String.fromCharCode(...units));

describe("sha256Of", () => {
  it("hashes the file's bytes, its text whole or in any chunks", () => {
    fc.assert(
      fc.property(fc.array(text, { maxLength: 6 }), (chunks) => {
        const whole = chunks.join("");
        expect(sha256Of(chunks)).toBe(fileHash(whole));
        expect(sha256Of(whole)).toBe(fileHash(whole));
      }),
      { numRuns: 300 },
    );
  });
});

describe("placeholdersIn", () => {
  const candidates = ["${AWS::Partition}", "${AWS::Region}", "${AWS::AccountId}", "${A}"];

  it("finds what a search for each candidate finds, in the candidates' order", () => {
    const piece = fc.constantFrom(...candidates, "${", "$", "{", "}", "AWS::Region}", "x", "${AWS::", "\n");
    fc.assert(
      fc.property(
        fc.array(
          fc.array(piece, { maxLength: 12 }).map((p) => p.join("")),
          { maxLength: 4 },
        ),
        (texts) => {
          const expected = candidates.filter((c) => texts.some((t) => t.includes(c)));
          expect(placeholdersIn(candidates, texts)).toEqual(expected);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it("finds a placeholder right after another's opening", () => {
    expect(placeholdersIn(candidates, ["${${AWS::Region}"])).toEqual(["${AWS::Region}"]);
    expect(placeholdersIn(candidates, ["arn:${AWS::Partition}:iam::${AWS::AccountId}:role/x"])).toEqual([
      "${AWS::Partition}",
      "${AWS::AccountId}",
    ]);
  });
});
