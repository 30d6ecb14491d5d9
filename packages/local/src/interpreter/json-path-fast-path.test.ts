import fc from "fast-check";
import { JSONPath as library } from "jsonpath-plus";
import { describe, expect, it } from "vitest";
import { JSONPath } from "./json-path-fast-path.js";

const names = ["a", "b", "Id", "_x", "length", "constructor", "__proto__", "0"];
const json = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: "small" },
    fc.constantFrom(null, 0, 1, "", "text", true, false),
    fc.array(tie("value"), { maxLength: 3 }),
    fc.dictionary(fc.constantFrom(...names), tie("value"), { maxKeys: 4 }),
  ),
})).value;
const path = fc.oneof(
  fc.array(fc.constantFrom(...names), { maxLength: 4 }).map((parts) => ["$", ...parts].join(".")),
  fc.constantFrom("$", "$.a[0]", "$.*", "$..a", "$['a']", "$.a[?(@.b)]", "$.a[?(@)]"),
);

/** What a call gives: its value, or the message it throws (jsonpath-plus rejects some filters). */
function outcome(call: () => unknown): { value: unknown } | { error: string } {
  try {
    return { value: call() };
  } catch (error) {
    return { error: (error as Error).message };
  }
}

describe("the interpreter's JSONPath fast path", () => {
  it("answers every path as jsonpath-plus does", () => {
    fc.assert(
      fc.property(json, path, (value, p) => {
        expect(outcome(() => JSONPath({ path: p, json: value, wrap: false }))).toEqual(
          outcome(() => library({ path: p, json: value, wrap: false })),
        );
      }),
      { numRuns: 2000 },
    );
  });

  it("reads the members batchflow's own states read", () => {
    const context = { Execution: { Id: "arn:aws:states:local:0:execution:w:r" } };
    const state = { batchflowLock: { Output: { held: false } } };
    expect(JSONPath({ path: "$.Execution.Id", json: context, wrap: false })).toBe(context.Execution.Id);
    expect(JSONPath({ path: "$.batchflowLock.Output.held", json: state, wrap: false })).toBe(false);
    expect(JSONPath({ path: "$", json: state, wrap: false })).toBe(state);
  });
});
