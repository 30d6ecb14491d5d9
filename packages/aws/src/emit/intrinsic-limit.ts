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
 */
export function intrinsicOverflows(machine: StateMachineBranch): IntrinsicOverflow[] {
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
    } else if (expression.startsWith("States.", i)) {
      const call = /^States\.[A-Za-z]+\(/.exec(expression.slice(i, i + 40));
      if (call) count++;
    }
  }
  return count;
}
