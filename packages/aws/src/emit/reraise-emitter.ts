import { assertNever } from "@batchflow/core";
import type { State } from "../asl/asl-types.js";
import { type ReraiseNode, reraisedPrefix, reservedErrorPrefix } from "../lower/reraise-states.js";

/** A Choice on the error's name, a Pass renaming `States.X` to `Batchflow.X`, the Fail raising it. */
export function emitReraise(node: ReraiseNode): State {
  const { errorPath, step } = node;
  switch (step.kind) {
    case "check":
      return {
        Type: "Choice",
        Choices: [
          { Variable: `${errorPath}.Error`, StringMatches: `${reservedErrorPrefix}*`, Next: step.rename },
        ],
        Default: step.raise,
      };
    case "rename":
      return {
        Type: "Pass",
        Parameters: {
          "Error.$": `States.Format('${reraisedPrefix}{}', States.ArrayGetItem(States.StringSplit(${errorPath}.Error, '.'), 1))`,
          "Cause.$": `${errorPath}.Cause`,
        },
        ResultPath: errorPath,
        Next: step.raise,
      };
    case "raise":
      return { Type: "Fail", ErrorPath: `${errorPath}.Error`, CausePath: `${errorPath}.Cause` };
    default:
      return assertNever(step);
  }
}
