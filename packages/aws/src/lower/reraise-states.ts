import type { StateNames } from "./state-names.js";

/**
 * The prefix of the names batchflow raises a caught error again under. The States Language reserves
 * `States.` for the service (a `Fail` state may not raise `States.Timeout` itself), so a caught
 * `States.X` is raised again as `Batchflow.X`, with the same cause; every other name is raised as
 * it was. The compiler, which writes every Retry and Catch, lets a user's `States.X` match both
 * (`withReraised`).
 */
export const reraisedPrefix = "Batchflow.";

export const reservedErrorPrefix = "States.";

/** The names a matcher of `errors` must list to also match their re-raised forms. */
export function withReraised(errors: ReadonlyArray<string>): string[] {
  const out = [...errors];
  for (const error of errors) {
    // States.ALL matches every re-raised name already.
    if (!error.startsWith(reservedErrorPrefix) || error === "States.ALL") continue;
    const twin = `${reraisedPrefix}${error.slice(reservedErrorPrefix.length)}`;
    if (!out.includes(twin)) out.push(twin);
  }
  return out;
}

/**
 * One step of raising the error caught at `errorPath` (`{ Error, Cause }`) again: `check` whether it
 * is a `States.` name (to `rename`, else straight to `raise`), `rename` it to `Batchflow.`, `raise` it
 * with its cause.
 */
export interface ReraiseNode {
  readonly type: "reraise";
  readonly name: string;
  readonly errorPath: string;
  readonly step:
    | { readonly kind: "check"; readonly rename: string; readonly raise: string }
    | { readonly kind: "rename"; readonly raise: string }
    | { readonly kind: "raise" };
}

export function reraiseNode(fields: Omit<ReraiseNode, "type">): ReraiseNode {
  return Object.freeze({ type: "reraise", ...fields });
}

/** The three steps that raise the error at `errorPath` again; the first is where to go. */
export function reraiseStates(prefix: string, errorPath: string, names: StateNames): ReraiseNode[] {
  const check = names.allocate(prefix, ["rethrow"]);
  const rename = names.allocate(prefix, ["rename"]);
  const raise = names.allocate(prefix, ["raise"]);
  return [
    reraiseNode({ name: check, errorPath, step: { kind: "check", rename, raise } }),
    reraiseNode({ name: rename, errorPath, step: { kind: "rename", raise } }),
    reraiseNode({ name: raise, errorPath, step: { kind: "raise" } }),
  ];
}
