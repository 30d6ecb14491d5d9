import { describe, expect, it } from "vitest";
import { intrinsicCalls, intrinsicOverflows } from "./intrinsic-limit.js";

describe("intrinsic function limit", () => {
  it("counts nested and side-by-side calls, not text in string literals", () => {
    expect(intrinsicCalls("$.a")).toBe(0);
    expect(intrinsicCalls("States.Format('{}', States.MathAdd($.a, 1))")).toBe(2);
    expect(intrinsicCalls("States.Format('States.Array(x) {}', $.a)")).toBe(1);
    expect(intrinsicCalls("States.Format('it\\'s States.Hash(', $.a)")).toBe(1);
  });

  it("finds fields over ten calls, in Parallel branches too", () => {
    const eleven = Array.from({ length: 11 }, () => "States.MathAdd(").join("") + "1, 1" + ")".repeat(11);
    const machine = {
      StartAt: "P",
      States: {
        P: {
          Type: "Parallel" as const,
          Branches: [
            {
              StartAt: "x",
              States: { x: { Type: "Pass" as const, Parameters: { "n.$": eleven }, End: true as const } },
            },
          ],
          End: true as const,
        },
      },
    };
    expect(intrinsicOverflows(machine)).toEqual([{ state: "x", field: "Parameters.n.$", count: 11 }]);
  });
});
