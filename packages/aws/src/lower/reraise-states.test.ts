import { describe, expect, it } from "vitest";
import { emitReraise } from "../emit/reraise-emitter.js";
import { lockMachineDefinition } from "../lock/lock-machine.js";
import { reraiseNode, withReraised } from "./reraise-states.js";

describe("raising a caught error again", () => {
  it("matches each States.X also as Batchflow.X, leaving States.ALL and other names alone", () => {
    expect(withReraised(["States.Timeout", "Batchflow.GroupTimeout"])).toEqual([
      "States.Timeout",
      "Batchflow.GroupTimeout",
      "Batchflow.Timeout",
    ]);
    expect(withReraised(["States.TaskFailed", "Batchflow.TaskFailed"])).toEqual([
      "States.TaskFailed",
      "Batchflow.TaskFailed",
    ]);
    expect(withReraised(["States.ALL"])).toEqual(["States.ALL"]);
    expect(withReraised(["ECS.AmazonECSException"])).toEqual(["ECS.AmazonECSException"]);
  });

  it("never raises a States. name itself: the lock machine renames a States. error before the Fail", () => {
    const machine = lockMachineDefinition("w", "batchflow-locks");
    expect(machine.States.rethrow).toEqual({
      Type: "Choice",
      Choices: [{ Variable: "$.error", StringMatches: "States.*", Next: "rename" }],
      Default: "as-is",
    });
    expect(machine.States.rename).toEqual({
      Type: "Pass",
      Parameters: {
        "Error.$": "States.Format('Batchflow.{}', States.ArrayGetItem(States.StringSplit($.error, '.'), 1))",
        "Cause.$": "$.cause",
      },
      End: true,
    });
    expect(emitReraise(reraiseNode({ name: "x-raise", errorPath: "$.e.Output" }))).toEqual({
      Type: "Fail",
      ErrorPath: "$.e.Output.Error",
      CausePath: "$.e.Output.Cause",
    });
  });
});
