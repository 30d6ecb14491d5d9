import { describe, expect, it } from "vitest";
import { executeAsl } from "./execute-asl.js";

describe("$$.Execution.StartTime", () => {
  it("is the execution's start inside Parallel branches too (the interpreter gives each branch its own)", async () => {
    const read = {
      "start.$": "$$.Execution.StartTime",
      "now.$": "States.Format('{}', $$.Execution.StartTime)",
    };
    const definition = {
      StartAt: "top",
      States: {
        top: { Type: "Pass", Parameters: read, ResultPath: "$.top", Next: "pause" },
        pause: { Type: "Wait", Seconds: 1, Next: "group" },
        group: {
          Type: "Parallel",
          Branches: [{ StartAt: "inner", States: { inner: { Type: "Pass", Parameters: read, End: true } } }],
          ResultPath: "$.inner",
          End: true,
        },
      },
    };
    const run = await executeAsl(definition, { task: () => ({}), waitTimeOverrides: { pause: 30 } });
    const output = run.output as {
      top: { start: string; now: string };
      inner: Array<{ start: string; now: string }>;
    };
    expect(run.status).toBe("SUCCEEDED");
    expect(output.inner[0]).toEqual(output.top);
    expect(Date.parse(output.top.start)).toBeLessThanOrEqual(Date.now());
  });
});
