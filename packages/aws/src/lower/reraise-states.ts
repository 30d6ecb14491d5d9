import type { AslStateNode } from "./state-graph.js";
import type { StateNames } from "./state-names.js";

/**
 * The prefix of the names batchflow raises a caught error again under. The States Language reserves
 * `States.` for the service (a `Fail` state may not raise `States.Timeout` itself), so a caught
 * `States.X` is raised again as `Batchflow.X`, with the same cause; every other name is raised as
 * it was. The compiler, which writes every Retry and Catch, lets a user's `States.X` match both
 * (`withReraised`).
 */
export const reraisedPrefix = "Batchflow.";

const reserved = "States.";

/** The names a matcher of `errors` must list to also match their re-raised forms. */
export function withReraised(errors: ReadonlyArray<string>): string[] {
  const out = [...errors];
  for (const error of errors) {
    // States.ALL matches every re-raised name already.
    if (!error.startsWith(reserved) || error === "States.ALL") continue;
    const twin = `${reraisedPrefix}${error.slice(reserved.length)}`;
    if (!out.includes(twin)) out.push(twin);
  }
  return out;
}

/**
 * States that raise the error caught at `errorPath` (`{ Error, Cause }`) again: a Choice, a Pass that
 * renames a `States.` error, and the Fail. Starts at the first; nothing follows it.
 */
export function reraiseStates(prefix: string, errorPath: string, names: StateNames): AslStateNode[] {
  const choose = names.allocate(prefix, ["rethrow"]);
  const rename = names.allocate(prefix, ["rename"]);
  const raise = names.allocate(prefix, ["raise"]);
  return [
    {
      type: "asl",
      name: choose,
      state: {
        Type: "Choice",
        Choices: [{ Variable: `${errorPath}.Error`, StringMatches: `${reserved}*`, Next: rename }],
        Default: raise,
      },
    },
    {
      type: "asl",
      name: rename,
      state: {
        Type: "Pass",
        Parameters: {
          "Error.$": `States.Format('${reraisedPrefix}{}', States.ArrayGetItem(States.StringSplit(${errorPath}.Error, '.'), 1))`,
          "Cause.$": `${errorPath}.Cause`,
        },
        ResultPath: errorPath,
        Next: raise,
      },
    },
    {
      type: "asl",
      name: raise,
      state: { Type: "Fail", ErrorPath: `${errorPath}.Error`, CausePath: `${errorPath}.Cause` },
    },
  ];
}
