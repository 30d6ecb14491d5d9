import type { State } from "../asl/asl-types.js";
import {
  type FinallyCheckNode,
  type ReraiseCheckNode,
  type ReraiseNode,
  type ReraiseRenameNode,
  reraisedPrefix,
  reservedErrorPrefix,
} from "../lower/reraise-states.js";

/** The Fail raising the error at the node's path, with its cause. */
export function emitReraise(node: ReraiseNode): State {
  return { Type: "Fail", ErrorPath: `${node.errorPath}.Error`, CausePath: `${node.errorPath}.Cause` };
}

/** A `States.` name is renamed before it is raised; any other is raised as it is. */
export function emitReraiseCheck(node: ReraiseCheckNode): State {
  return {
    Type: "Choice",
    Choices: [
      { Variable: `${node.errorPath}.Error`, StringMatches: `${reservedErrorPrefix}*`, Next: node.rename },
    ],
    Default: node.raise,
  };
}

/** `States.X` as `Batchflow.X`, with the same cause. */
export function emitReraiseRename(node: ReraiseRenameNode): State {
  return {
    Type: "Pass",
    Parameters: {
      "Error.$": `States.Format('${reraisedPrefix}{}', States.ArrayGetItem(States.StringSplit(${node.errorPath}.Error, '.'), 1))`,
      "Cause.$": `${node.errorPath}.Cause`,
    },
    ResultPath: node.errorPath,
    Next: node.raise,
  };
}

/** A failure the finally caught is raised again after its handler; a success goes on. */
export function emitFinallyCheck(node: FinallyCheckNode): State {
  return {
    Type: "Choice",
    Choices: [{ Variable: node.errorPath, IsPresent: true, Next: node.raise }],
    Default: node.next,
  };
}
