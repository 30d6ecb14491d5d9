import { describe, expect, it } from "vitest";
import { emitReraise } from "../emit/reraise-emitter.js";
import { reraiseStates, withReraised } from "./reraise-states.js";
import { StateNames } from "./state-names.js";

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

  it("never raises a States. name itself: a States. error is renamed before the Fail", () => {
    const [choose, rename, raise] = reraiseStates("lock-x", "$.e", new StateNames([]));
    expect(choose?.name).toBe("lock-x-rethrow");
    expect(emitReraise(choose!)).toEqual({
      Type: "Choice",
      Choices: [{ Variable: "$.e.Error", StringMatches: "States.*", Next: "lock-x-rename" }],
      Default: "lock-x-raise",
    });
    expect(emitReraise(rename!)).toEqual({
      Type: "Pass",
      Parameters: {
        "Error.$":
          "States.Format('Batchflow.{}', States.ArrayGetItem(States.StringSplit($.e.Error, '.'), 1))",
        "Cause.$": "$.e.Cause",
      },
      ResultPath: "$.e",
      Next: "lock-x-raise",
    });
    expect(emitReraise(raise!)).toEqual({ Type: "Fail", ErrorPath: "$.e.Error", CausePath: "$.e.Cause" });
  });
});
