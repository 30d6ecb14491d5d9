import { collectStates } from "../interpreter/execute-asl.js";
import { taskKind } from "./task-kind.js";

/** The Task states of a definition whose Resource batchflow cannot serve locally, for a check up front. */
export function unknownTaskStates(
  definition: unknown,
): Array<{ readonly state: string; readonly resource: unknown }> {
  return collectStates(definition)
    .filter(({ state }) => state.Type === "Task" && taskKind(state.Resource) === "unknown")
    .map(({ name, state }) => ({ state: name, resource: state.Resource }));
}
