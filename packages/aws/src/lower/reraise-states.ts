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
 * Raises the error at `errorPath` (`{ Error, Cause }`) again: a Fail with `ErrorPath` and
 * `CausePath`. What it raises is never a `States.` name: a lock's release after an error hands
 * back the name to raise, renamed by the lock machine (lock/lock-machine.ts); a rethrowing catch
 * renames it first (`reraiseCaught`).
 */
export interface ReraiseNode {
  readonly type: "reraise";
  readonly name: string;
  readonly errorPath: string;
}

export function reraiseNode(fields: Omit<ReraiseNode, "type">): ReraiseNode {
  return Object.freeze({ type: "reraise", ...fields });
}

/**
 * Before a caught error is raised again in the workflow's own machine: whether its name is a
 * `States.` one, which goes to `rename` first; any other goes to `raise` as it is.
 */
export interface ReraiseCheckNode {
  readonly type: "reraise-check";
  readonly name: string;
  readonly errorPath: string;
  readonly rename: string;
  readonly raise: string;
}

/** Writes the caught `States.X` at `errorPath` as `Batchflow.X`, keeping its cause. */
export interface ReraiseRenameNode {
  readonly type: "reraise-rename";
  readonly name: string;
  readonly errorPath: string;
  readonly raise: string;
}

/**
 * After a `.finally()` handler: whether the flow had failed (its error is at `errorPath`, where
 * the finally's catch put it), which goes on to be raised again, or succeeded, which goes on.
 */
export interface FinallyCheckNode {
  readonly type: "finally-check";
  readonly name: string;
  readonly errorPath: string;
  readonly raise: string;
  /** Where a flow that succeeded goes on. */
  readonly next: string;
}

export type ReraiseStateNode = ReraiseNode | ReraiseCheckNode | ReraiseRenameNode | FinallyCheckNode;

/**
 * The states that raise the error a catch put at `errorPath` again (`.catch(..., { rethrow: true })`):
 * check, rename, raise. Named after `base`, e.g. `alert-rethrow`.
 */
export function reraiseCaught(
  names: { allocate(prefix: string, parts: ReadonlyArray<string>): string },
  base: string,
  errorPath: string,
): { readonly start: string; readonly states: ReadonlyArray<ReraiseStateNode> } {
  const check = names.allocate(base, ["rethrow"]);
  const rename = names.allocate(base, ["rethrow", "rename"]);
  const raise = names.allocate(base, ["rethrow", "raise"]);
  return {
    start: check,
    states: [
      Object.freeze({ type: "reraise-check", name: check, errorPath, rename, raise }),
      Object.freeze({ type: "reraise-rename", name: rename, errorPath, raise }),
      reraiseNode({ name: raise, errorPath }),
    ],
  };
}
