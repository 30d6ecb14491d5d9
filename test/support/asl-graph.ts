// Structural checks on an ASL definition, scope by scope (the state machine and each Parallel branch /
// Map processor is its own scope: `Next`, `Default` and Catch `Next` may only name states of the same
// scope). Each check returns a list of problems (empty = fine), so a failing property prints them all.

type State = Record<string, unknown>;

export interface AslScope {
  /** Where the scope is: "$" for the machine, "$.<Parallel>[i]" for a branch. */
  readonly path: string;
  readonly startAt: unknown;
  readonly states: Readonly<Record<string, State>>;
}

/** The machine and every branch / item processor inside it, outermost first. */
export function aslScopes(definition: object): AslScope[] {
  const scopes: AslScope[] = [];
  const visit = (machine: unknown, path: string): void => {
    if (!isRecord(machine) || !isRecord(machine.States)) {
      scopes.push({ path, startAt: isRecord(machine) ? machine.StartAt : undefined, states: {} });
      return;
    }
    const states = machine.States as Record<string, State>;
    scopes.push({ path, startAt: machine.StartAt, states });
    for (const [name, state] of Object.entries(states)) {
      if (state.Type === "Parallel" && Array.isArray(state.Branches)) {
        for (const [i, branch] of state.Branches.entries()) visit(branch, `${path}.${name}[${i}]`);
      }
      if (state.Type === "Map") visit(state.ItemProcessor ?? state.Iterator, `${path}.${name}`);
    }
  };
  visit(definition, "$");
  return scopes;
}

/** Every transition target a state names: `Next`, `Default`, Choice rules' `Next`, Catch `Next`. */
export function transitionsOf(state: State): string[] {
  const targets: string[] = [];
  const add = (value: unknown): void => {
    if (value !== undefined) targets.push(value as string);
  };
  add(state.Next);
  add(state.Default);
  for (const rule of arrayOf(state.Choices)) add(rule.Next);
  for (const catcher of arrayOf(state.Catch)) add(catcher.Next);
  return targets;
}

const terminalTypes = new Set(["Succeed", "Fail"]);

/** StartAt, every Next / Default / Catch Next names a state of the same scope. */
export function danglingTransitions(definition: object): string[] {
  const problems: string[] = [];
  for (const scope of aslScopes(definition)) {
    if (typeof scope.startAt !== "string" || !(scope.startAt in scope.states)) {
      problems.push(`${scope.path}: StartAt ${JSON.stringify(scope.startAt)} is not a state of this scope`);
    }
    for (const [name, state] of Object.entries(scope.states)) {
      for (const target of transitionsOf(state)) {
        if (typeof target !== "string" || !Object.hasOwn(scope.states, target)) {
          problems.push(`${scope.path}.${name}: transition to ${JSON.stringify(target)} leaves its scope`);
        }
      }
    }
  }
  return problems;
}

/** State names that occur more than once anywhere in the machine (branches included). */
export function duplicateStateNames(definition: object): string[] {
  const seen = new Map<string, number>();
  for (const scope of aslScopes(definition)) {
    for (const name of Object.keys(scope.states)) seen.set(name, (seen.get(name) ?? 0) + 1);
  }
  return [...seen].filter(([, count]) => count > 1).map(([name, count]) => `${name} x${count}`);
}

/**
 * Every state either ends its scope (End: true, Succeed, Fail) or moves on with exactly one of Next / End;
 * every state can reach an ending state; there are no cycles (batchflow has no loops).
 */
export function pathsThatDoNotEnd(definition: object): string[] {
  const problems: string[] = [];
  for (const scope of aslScopes(definition)) {
    const names = Object.keys(scope.states);
    for (const [name, state] of Object.entries(scope.states)) {
      const where = `${scope.path}.${name}`;
      if (terminalTypes.has(state.Type as string)) {
        if ("Next" in state || "End" in state) problems.push(`${where}: a ${state.Type} state has Next/End`);
        continue;
      }
      if (state.Type === "Choice") continue;
      const hasNext = typeof state.Next === "string";
      const ends = state.End === true;
      if (hasNext === ends) problems.push(`${where}: needs exactly one of Next or End: true`);
    }
    // States from which an ending state is reachable, found backwards from the ending ones.
    const canEnd = new Set(
      names.filter((n) => {
        const s = scope.states[n]!;
        return terminalTypes.has(s.Type as string) || s.End === true;
      }),
    );
    for (let grew = true; grew; ) {
      grew = false;
      for (const n of names) {
        if (canEnd.has(n)) continue;
        if (transitionsOf(scope.states[n]!).some((t) => canEnd.has(t))) {
          canEnd.add(n);
          grew = true;
        }
      }
    }
    for (const n of names) if (!canEnd.has(n)) problems.push(`${scope.path}.${n}: no path from it ends`);
    const cycle = findCycle(scope);
    if (cycle) problems.push(`${scope.path}: cycle ${cycle.join(" -> ")}`);
  }
  return problems;
}

/** States no path from StartAt (via Next, Default, Catch) reaches, per scope. */
export function unreachableStates(definition: object): string[] {
  const problems: string[] = [];
  for (const scope of aslScopes(definition)) {
    const reached = new Set<string>();
    const queue = typeof scope.startAt === "string" ? [scope.startAt] : [];
    while (queue.length > 0) {
      const name = queue.pop()!;
      if (reached.has(name) || !Object.hasOwn(scope.states, name)) continue;
      reached.add(name);
      queue.push(...transitionsOf(scope.states[name]!));
    }
    for (const name of Object.keys(scope.states)) {
      if (!reached.has(name)) problems.push(`${scope.path}.${name}: unreachable from StartAt`);
    }
  }
  return problems;
}

/** Task states without a whole-number TimeoutSeconds of at least 1. */
export function tasksWithoutTimeout(definition: object): string[] {
  const problems: string[] = [];
  for (const scope of aslScopes(definition)) {
    for (const [name, state] of Object.entries(scope.states)) {
      if (state.Type !== "Task") continue;
      const t = state.TimeoutSeconds;
      if (typeof t !== "number" || !Number.isInteger(t) || t < 1) {
        problems.push(`${scope.path}.${name}: TimeoutSeconds ${JSON.stringify(t)}`);
      }
    }
  }
  return problems;
}

/** Every Catch entry of every state, anywhere in the machine, in document order. */
export function catchersOf(definition: object): Array<{ state: string; type: string; errors: string[] }> {
  return aslScopes(definition).flatMap((scope) =>
    Object.entries(scope.states).flatMap(([name, state]) =>
      arrayOf(state.Catch).map((catcher) => ({
        state: name,
        type: String(state.Type),
        errors: Array.isArray(catcher.ErrorEquals) ? catcher.ErrorEquals.map(String) : [],
      })),
    ),
  );
}

/** Names of all states of a type, anywhere in the machine. */
export function stateNamesOfType(definition: object, type: string): string[] {
  return aslScopes(definition).flatMap((scope) =>
    Object.entries(scope.states)
      .filter(([, state]) => state.Type === type)
      .map(([name]) => name),
  );
}

function findCycle(scope: AslScope): string[] | undefined {
  const state = new Map<string, "open" | "done">();
  const stack: string[] = [];
  const visit = (name: string): string[] | undefined => {
    if (state.get(name) === "done" || !Object.hasOwn(scope.states, name)) return undefined;
    if (state.get(name) === "open") return [...stack.slice(stack.indexOf(name)), name];
    state.set(name, "open");
    stack.push(name);
    for (const next of transitionsOf(scope.states[name]!)) {
      const cycle = visit(next);
      if (cycle) return cycle;
    }
    stack.pop();
    state.set(name, "done");
    return undefined;
  };
  for (const name of Object.keys(scope.states)) {
    const cycle = visit(name);
    if (cycle) return cycle;
  }
  return undefined;
}

function arrayOf(value: unknown): Record<string, unknown>[] {
  return Array.isArray(value) ? value.filter(isRecord) : [];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * The budget Wait state of the innermost group time budget (the compiler's race Parallel: a work branch
 * and a branch that waits, then fails with Batchflow.GroupTimeout) whose work branch runs `taskName`.
 */
export function innermostBudgetAround(definition: object, taskName: string): string | undefined {
  const search = (machine: unknown, budget: string | undefined): string | undefined | null => {
    if (!isRecord(machine) || !isRecord(machine.States)) return null;
    for (const [name, state] of Object.entries(machine.States as Record<string, State>)) {
      if (name === taskName && state.Type === "Task") return budget;
      if (state.Type !== "Parallel" || !Array.isArray(state.Branches)) continue;
      const timer = budgetWaitOf(state.Branches[1]);
      const branches = state.Branches as unknown[];
      for (const [i, branch] of branches.entries()) {
        const found = search(branch, timer !== undefined && i === 0 ? timer : budget);
        if (found !== null) return found;
      }
    }
    return null;
  };
  return search(definition, undefined) ?? undefined;
}

function budgetWaitOf(branch: unknown): string | undefined {
  if (!isRecord(branch) || !isRecord(branch.States) || typeof branch.StartAt !== "string") return undefined;
  const states = branch.States as Record<string, State>;
  const start = states[branch.StartAt];
  const failsWithTimeout = Object.values(states).some(
    (s) => s.Type === "Fail" && s.Error === "Batchflow.GroupTimeout",
  );
  return start?.Type === "Wait" && failsWithTimeout ? branch.StartAt : undefined;
}

/**
 * ASL rule asl-validator 4 does not check: `States.ALL` must be alone in its ErrorEquals and in the last
 * retrier of a Retry / the last catcher of a Catch (Step Functions rejects the definition otherwise).
 */
export function misplacedStatesAll(definition: object): string[] {
  const problems: string[] = [];
  for (const scope of aslScopes(definition)) {
    for (const [name, state] of Object.entries(scope.states)) {
      for (const field of ["Retry", "Catch"] as const) {
        const entries = arrayOf(state[field]);
        entries.forEach((entry, i) => {
          const errors = Array.isArray(entry.ErrorEquals) ? entry.ErrorEquals : [];
          if (!errors.includes("States.ALL")) return;
          if (errors.length > 1 || i < entries.length - 1) {
            problems.push(`${scope.path}.${name}.${field}[${i}]: States.ALL is not alone in the last entry`);
          }
        });
      }
    }
  }
  return problems;
}
