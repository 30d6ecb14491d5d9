import type { State } from "../asl/asl-types.js";
import type { ReraiseNode } from "../lower/reraise-states.js";

/** The Fail raising the error at the node's path, with its cause. */
export function emitReraise(node: ReraiseNode): State {
  return { Type: "Fail", ErrorPath: `${node.errorPath}.Error`, CausePath: `${node.errorPath}.Cause` };
}
