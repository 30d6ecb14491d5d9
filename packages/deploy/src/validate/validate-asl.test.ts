import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { validateAsl } from "./validate-asl.js";

const require = createRequire(import.meta.url);
const aslValidator = require("asl-validator") as (
  definition: unknown,
  options: { checkPaths: boolean; checkArn: boolean },
) => { isValid: boolean; errors: Array<{ "Error code": string; Message: string }> };

const nightly = JSON.parse(
  readFileSync(
    new URL(
      "../../../../test/__snapshots__/examples/nightly-report/nightly-ad-report/state-machine.asl.json",
      import.meta.url,
    ),
    "utf8",
  ),
) as Record<string, unknown>;

const definitions: Record<string, unknown> = {
  valid: nightly,
  "missing StartAt target": { ...nightly, StartAt: "nowhere" },
  "bad ResultPath": JSON.parse(JSON.stringify(nightly).replace('"ResultPath":null', '"ResultPath":"$$.x["')),
  "bad Resource": { StartAt: "x", States: { x: { Type: "Task", Resource: "not-an-arn", End: true } } },
  "TimeoutSeconds on a Parallel": {
    StartAt: "p",
    States: { p: { Type: "Parallel", TimeoutSeconds: 3, Branches: [], End: true } },
  },
};

describe("validateAsl", () => {
  // validateAsl reuses one Ajv instance across calls (asl-validator would build one per call):
  // the answers must be those of plain asl-validator, in any order and any number of times.
  it("answers exactly as asl-validator does, call after call", () => {
    for (const round of [1, 2, 3]) {
      for (const [name, definition] of Object.entries(definitions)) {
        const ours = validateAsl(definition);
        const theirs = aslValidator(structuredClone(definition), { checkPaths: true, checkArn: true });
        expect(ours.valid, `${name}, round ${round}`).toBe(theirs.isValid);
        expect(
          ours.errors.map((e) => e.slice(1, e.indexOf("]"))),
          `${name}, round ${round}`,
        ).toEqual(theirs.errors.map((e) => e["Error code"]));
        // The precompiled schema reports what asl-validator's own Ajv reports, word for word.
        for (const [i, error] of theirs.errors.entries()) {
          const message = error.Message.replace(/^(\S*) is invalid\. /, "");
          expect(ours.errors[i], `${name}, round ${round}`).toContain(message);
        }
      }
    }
    expect(validateAsl(definitions["bad Resource"]).errors[0]).toContain("/States/x/Resource");
  });

  it("never changes its input", () => {
    const copy = structuredClone(nightly);
    validateAsl(nightly);
    expect(nightly).toEqual(copy);
  });

  it("with the default options builds no Ajv at all: the schemas were compiled at build time", () => {
    countingAjvBuilds((built) => {
      for (const definition of Object.values(definitions)) validateAsl(definition);
      expect(built()).toBe(0);
    });
  });

  it("builds asl-validator's Ajv (its schemas compiled, ~80 ms) once per set of options, not per call", () => {
    countingAjvBuilds((built) => {
      const options = { checkArn: false, checkPaths: true }; // a set no other test here uses
      for (let i = 0; i < 10; i++) expect(validateAsl(nightly, options).valid).toBe(true);
      expect(built()).toBe(1);
      expect(validateAsl({ StartAt: "x", States: {} }, options).valid).toBe(false);
      expect(built()).toBe(1);
    });
  });
});

/** Runs `test` while counting the real Ajv instances built (asl-validator calls `new Ajv(...)` on every validation). */
function countingAjvBuilds(test: (built: () => number) => void): void {
  const ajvModule = createRequire(require.resolve("asl-validator"))("ajv") as { default: unknown };
  const RealAjv = ajvModule.default as new (...args: unknown[]) => object;
  let built = 0;
  ajvModule.default = function CountingAjv(...args: unknown[]): object {
    built++;
    return new RealAjv(...args);
  };
  try {
    test(() => built);
  } finally {
    ajvModule.default = RealAjv;
  }
}
