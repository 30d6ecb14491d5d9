import { describe, expect, it } from "vitest";
import type { StateMachineBranch } from "../asl/asl-types.js";
import { serialize } from "../bundle/serialize.js";
import { serializeChunks } from "../bundle/serialize-chunks.js";
import { intrinsicCalls, intrinsicOverflows, mayOverflowIntrinsics } from "./intrinsic-limit.js";

/** `n` nested `States.MathAdd` calls in one expression. */
const nested = (n: number) => `${"States.MathAdd(".repeat(n)}1, 1${")".repeat(n)}`;

/** A machine whose Pass state `x`, inside a Parallel branch, has these Parameters. */
const machineWith = (parameters: Record<string, string>): StateMachineBranch => ({
  StartAt: "P",
  States: {
    P: {
      Type: "Parallel",
      Branches: [{ StartAt: "x", States: { x: { Type: "Pass", Parameters: parameters, End: true } } }],
      End: true,
    },
  },
});

/** The file text of a value, in one chunk. */
const text = (value: unknown) => [serialize(value)];
const overflows = (machine: StateMachineBranch) => intrinsicOverflows(machine, text(machine));

describe("intrinsic function limit", () => {
  it("counts nested and side-by-side calls, not text in string literals", () => {
    expect(intrinsicCalls("$.a")).toBe(0);
    expect(intrinsicCalls("States.Format('{}', States.MathAdd($.a, 1))")).toBe(2);
    expect(intrinsicCalls("States.Format('States.Array(x) {}', $.a)")).toBe(1);
    expect(intrinsicCalls("States.Format('it\\'s States.Hash(', $.a)")).toBe(1);
    expect(intrinsicCalls("States.TaskFailed")).toBe(0);
  });

  it("finds fields over ten calls, in Parallel branches too", () => {
    expect(overflows(machineWith({ "n.$": nested(11) }))).toEqual([
      { state: "x", field: "Parameters.n.$", count: 11 },
    ]);
  });

  it("takes ten calls in one field, and more than ten spread over several fields", () => {
    expect(overflows(machineWith({ "n.$": nested(10) }))).toEqual([]);
    const spread = machineWith({ "a.$": nested(6), "b.$": nested(5), "c.$": nested(10) });
    expect(mayOverflowIntrinsics(text(spread))).toBe(false);
    expect(overflows(spread)).toEqual([]);
  });

  it("rules overflows out line by line in the serialized text, whole or in chunks", () => {
    expect(mayOverflowIntrinsics(text(machineWith({ "n.$": nested(10) })))).toBe(false);
    expect(mayOverflowIntrinsics(text(machineWith({ "n.$": nested(11) })))).toBe(true);
    // Error names share the prefix but are no calls.
    expect(mayOverflowIntrinsics(text({ ErrorEquals: Array(20).fill("States.TaskFailed") }))).toBe(false);
    expect(mayOverflowIntrinsics(text({ e: "States.TaskFailed States.Timeout (".repeat(11) }))).toBe(false);
    // Ten calls on each of many lines, read in several chunks: no line holds eleven.
    const many = { list: Array.from({ length: 2000 }, () => nested(10)) };
    const { chunks } = serializeChunks(many, () => Number.POSITIVE_INFINITY);
    expect(chunks.length).toBeGreaterThan(1);
    expect(mayOverflowIntrinsics(chunks)).toBe(false);
    const oneOver = { list: [...many.list, nested(11)] };
    expect(mayOverflowIntrinsics(serializeChunks(oneOver, () => Number.POSITIVE_INFINITY).chunks)).toBe(true);
  });

  it("lets the walk decide when only quoted text makes a line look over the limit", () => {
    const quoted = machineWith({ "n.$": `States.Format('${"States.Hash(".repeat(11)}', $.a)` });
    expect(mayOverflowIntrinsics(text(quoted))).toBe(true);
    expect(overflows(quoted)).toEqual([]);
  });
});
