// The copy of the compiled ASL that simulate() executes. Two rewrites, both invisible in the result:
//
// 1. `JitterStrategy: "FULL"` is dropped, so a retry waits its full computed delay (IntervalSeconds ×
//    BackoffRate^n, capped by MaxDelaySeconds). aws-local-stepfunctions draws FULL jitter from
//    Math.random; the upper bound keeps simulations deterministic (and is the worst case for budgets).
// 2. A Parallel state with more than 40 branches is split into nested Parallel states of at most 40.
//    aws-local-stepfunctions runs at most 40 branches of one Parallel state at a time (p-limit(40)), and
//    when one fails it aborts only the branches already started (queued ones start afterwards). Step
//    Functions starts every branch at once, so without the split a wide fan-out would not overlap in
//    virtual time. The nested states are named `<parallel>~<n>` (a character job and group names cannot
//    contain) and left out of the trace; they have `ResultPath: null` like the compiler's own.
import { collectStates } from "../interpreter/execute-asl.js";

/** The interpreter's per-Parallel-state concurrency limit. */
export const maxBranchesPerParallel = 40;

export interface ExecutedDefinition {
  readonly definition: Record<string, unknown>;
  /** Names of the states added by the split. */
  readonly synthetic: ReadonlySet<string>;
  /** Task state name -> names of the Parallel states around it, innermost first (synthetic ones included). */
  readonly ancestors: ReadonlyMap<string, ReadonlyArray<string>>;
}

/** `stateMachine`: the definition, or its JSON text (parsing the compiled file is faster than cloning). */
export function executedDefinition(stateMachine: object | string): ExecutedDefinition {
  const definition = (
    typeof stateMachine === "string" ? JSON.parse(stateMachine) : structuredClone(stateMachine)
  ) as Record<string, unknown>;
  const synthetic = new Set<string>();
  for (const { name, state } of collectStates(definition)) {
    if (Array.isArray(state.Retry)) {
      for (const retrier of state.Retry as Array<Record<string, unknown>>) {
        if (retrier.JitterStrategy === "FULL") delete retrier.JitterStrategy;
      }
    }
    if (state.Type === "Parallel" && Array.isArray(state.Branches) && state.ResultPath === null) {
      state.Branches = splitBranches(name, state.Branches, synthetic);
    }
  }
  return { definition, synthetic, ancestors: parallelAncestors(definition) };
}

function splitBranches(parallel: string, branches: unknown[], synthetic: Set<string>): unknown[] {
  let level = branches;
  for (let depth = 1; level.length > maxBranchesPerParallel; depth++) {
    const chunks: unknown[] = [];
    for (let i = 0; i < level.length; i += maxBranchesPerParallel) {
      const name = `${parallel}~${depth}.${chunks.length + 1}`;
      synthetic.add(name);
      chunks.push({
        StartAt: name,
        States: {
          [name]: {
            Type: "Parallel",
            Branches: level.slice(i, i + maxBranchesPerParallel),
            ResultPath: null,
            End: true,
          },
        },
      });
    }
    level = chunks;
  }
  return level;
}

function parallelAncestors(definition: unknown): Map<string, string[]> {
  const ancestors = new Map<string, string[]>();
  const visit = (machine: unknown, around: string[]): void => {
    const states = (machine as { States?: Record<string, Record<string, unknown>> } | null)?.States;
    if (typeof states !== "object" || states === null) return;
    for (const [name, state] of Object.entries(states)) {
      if (state.Type === "Task") ancestors.set(name, around);
      if (state.Type === "Parallel" && Array.isArray(state.Branches)) {
        const inner = [name, ...around];
        for (const branch of state.Branches) visit(branch, inner);
      }
    }
  };
  visit(definition, []);
  return ancestors;
}
