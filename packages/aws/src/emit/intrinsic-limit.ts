import type { StateMachineBranch } from "../asl/asl-types.js";

/** Step Functions refuses a field with more intrinsic function calls than this. */
export const maxIntrinsicsPerField = 10;

export interface IntrinsicOverflow {
  readonly state: string;
  /** Dotted path of the field inside the state, e.g. `Parameters.now.$`. */
  readonly field: string;
  readonly count: number;
}

/**
 * Fields that call more intrinsic functions (nested or side by side) than Step Functions accepts.
 * Neither asl-validator nor aws-local-stepfunctions checks this; CreateStateMachine does.
 *
 * `chunks` are the machine's `serialize()` text, which compile writes anyway (`serializeChunks()`,
 * or `[serialize(machine)]`): a scan of it rules out an overflow, the common case, without
 * visiting every value of every state; the states are walked, to name the state and the field,
 * only when some line holds too many calls.
 */
export function intrinsicOverflows(
  machine: StateMachineBranch,
  chunks: ReadonlyArray<string>,
): IntrinsicOverflow[] {
  if (!mayOverflowIntrinsics(chunks)) return [];
  const found: IntrinsicOverflow[] = [];
  const visitBranch = (branch: StateMachineBranch): void => {
    for (const [name, state] of Object.entries(branch.States)) {
      visitValue(name, "", state);
      if (state.Type === "Parallel") for (const branch of state.Branches) visitBranch(branch);
      if (state.Type === "Map") visitBranch(state.ItemProcessor);
    }
  };
  const visitValue = (state: string, path: string, value: unknown): void => {
    if (typeof value === "string") {
      const count = intrinsicCalls(value);
      if (count > maxIntrinsicsPerField) found.push({ state, field: path, count });
    } else if (Array.isArray(value)) {
      for (const [i, v] of value.entries()) visitValue(state, `${path}[${i}]`, v);
    } else if (value !== null && typeof value === "object") {
      for (const [key, v] of Object.entries(value)) {
        if (key === "Branches" || key === "ItemProcessor") continue;
        visitValue(state, path === "" ? key : `${path}.${key}`, v);
      }
    }
  };
  visitBranch(machine);
  return found;
}

/**
 * Whether some line of indented JSON (`JSON.stringify(v, null, 2)`, in chunks that each start at a
 * line break but the first) holds more `States.X(` calls than one field may. Each string is on a line of its
 * own with at most its key, and escaping leaves `States.X(` as it is, so a line's count bounds its
 * field's: `false` means no field overflows. `true` may be wrong, for calls inside a quoted literal.
 */
export function mayOverflowIntrinsics(chunks: ReadonlyArray<string>): boolean {
  for (const chunk of chunks) {
    // Most definitions call no function at all: a search for one character rules a chunk out.
    if (!chunk.includes("(")) continue;
    let lineEnd = -1;
    let calls = 0;
    for (let at = chunk.indexOf(prefix); at !== -1; at = chunk.indexOf(prefix, at + prefix.length)) {
      if (at > lineEnd) {
        lineEnd = chunk.indexOf("\n", at);
        if (lineEnd === -1) lineEnd = chunk.length;
        calls = 0;
      }
      callAt.lastIndex = at;
      if (callAt.test(chunk) && ++calls > maxIntrinsicsPerField) return true;
    }
  }
  return false;
}

const prefix = "States.";
const callAt = /States\.[A-Za-z]+\(/y;

/** The `States.X(` calls in an expression, not counting text inside its quoted string literals. */
export function intrinsicCalls(expression: string): number {
  let count = 0;
  let quoted = false;
  for (let i = 0; i < expression.length; i++) {
    const c = expression[i];
    if (quoted) {
      if (c === "\\") i++;
      else if (c === "'") quoted = false;
    } else if (c === "'") {
      quoted = true;
    } else if (expression.startsWith(prefix, i)) {
      callAt.lastIndex = i;
      if (callAt.test(expression)) count++;
    }
  }
  return count;
}
