import {
  type CompiledWorkflow,
  groupErrors,
  lockMachineStates,
  type State,
  type StateMachineBranch,
  type StateRole,
} from "@batchflow/aws";
import { assertNever } from "@batchflow/core";

/** State transitions of one run, as Step Functions bills them: each state entered, each retry again. */
export interface TransitionCount {
  /** Every job succeeds at its first attempt, every lock is free. */
  readonly best: number;
  /** Every retry taken, every state entered (catch handlers too), every lock polled to the end of its wait. */
  readonly worst: number;
}

/** States a run enters only when something failed or a lock was busy. */
const troubleRoles: ReadonlySet<StateRole["kind"]> = new Set([
  "lock-busy",
  "lock-skip",
  "reraise",
  "reraise-check",
  "reraise-rename",
  "spot-fallback",
  "spot-check",
  "spot-interrupted",
  "spot-failed",
]);

/**
 * The state transitions of one run of a compiled workflow, counted on its ASL: its own machine,
 * the lock machine executions its lock states start (`startExecution.sync:2`), and the notify
 * machine execution its end starts. Step Functions Standard bills every one of them.
 */
export function stateTransitions(compiled: CompiledWorkflow, itemsOf: Items = () => 1): TransitionCount {
  const roles = compiled.stateRoles;
  const lock = compiled.lockMachine === undefined ? undefined : lockCalls(compiled.lockMachine);
  const calls = (name: string): TransitionCount => {
    const role = roles[name];
    if (lock === undefined || role === undefined) return none;
    if (role.kind === "lock-acquire") return lock.acquire(role.tries);
    if (role.kind === "lock-release") return role.after === "success" ? lock.release : lock.releaseAfterError;
    return none;
  };
  const machine = compiled.stateMachine;
  const notify = compiled.notifyMachine;
  const notifyBest =
    notify === undefined || !notify.statuses.includes("SUCCEEDED")
      ? 0
      : successNotification(notify.definition);
  const notifyWorst = notify === undefined ? 0 : worstOf(notify.definition, () => none);
  return {
    best: bestOf(machine, calls, roles, itemsOf) + notifyBest,
    worst: worstOf(machine, calls, itemsOf) + notifyWorst,
  };
}

const none: TransitionCount = { best: 0, worst: 0 };

/**
 * The transitions of the notify machine when it reports a success: through the state its choice
 * sends a `SUCCEEDED` run to (the shortest way out would be the one for a run that skipped).
 */
function successNotification(machine: StateMachineBranch): number {
  const choices = Object.values(machine.States).flatMap((state) =>
    state.Type === "Choice" ? state.Choices : [],
  );
  const success = choices.find((c) => c.Variable === "$.run.Status" && c.StringEquals === "SUCCEEDED")?.Next;
  if (success === undefined) return bestOf(machine, () => none, {});
  const before = statesBefore(machine, machine.StartAt, success);
  return before + shortestSuccess(machine, success, { calls: () => none, roles: {} });
}

/** The fewest states entered from `start` before reaching `target`, through no Catch. */
function statesBefore(branch: StateMachineBranch, start: string, target: string): number {
  const seen = new Set<string>([start]);
  let layer = [start];
  for (let entered = 0; layer.length > 0; entered++) {
    if (layer.includes(target)) return entered;
    const next: string[] = [];
    for (const name of layer) {
      const state = branch.States[name];
      if (state === undefined || ends(state)) continue;
      for (const n of nextStates(state)) {
        if (seen.has(n)) continue;
        seen.add(n);
        next.push(n);
      }
    }
    layer = next;
  }
  return Number.POSITIVE_INFINITY;
}

/** What one call of the lock machine costs, by what it asks: read from the machine's own states. */
function lockCalls(machine: StateMachineBranch) {
  const s = lockMachineStates;
  const from = (start: string, avoid: ReadonlySet<string> = new Set()) =>
    1 + shortestSuccess(machine, start, { calls: () => none, roles: {}, avoid });
  const everyState = (start: string) =>
    [...reachable(machine, start)].reduce(
      (n, name) => n + worstState(machine.States[name] as State, () => none),
      0,
    );
  const release = { best: from(s.release), worst: 1 + everyState(s.release) };
  const releaseAfterError = { best: from(s.releaseAfterError), worst: 1 + everyState(s.releaseAfterError) };
  const loop = everyState(s.take);
  return {
    // op, then take and acquired; at worst every state of the loop on each of its tries.
    acquire: (tries: number): TransitionCount => ({
      best: from(s.take, new Set([s.busy])),
      worst: 1 + (tries + 1) * loop,
    }),
    release,
    releaseAfterError,
  };
}

type Calls = (state: string) => TransitionCount;

/** Items per run of the Map state of that name: its body runs once per item. */
type Items = (state: string) => number;

const oneItem: Items = () => 1;

type Roles = Readonly<Record<string, StateRole>>;

interface PathRules {
  readonly calls: Calls;
  readonly roles: Roles;
  /** States no successful run enters, besides those of `troubleRoles`. */
  readonly avoid?: ReadonlySet<string>;
  readonly items?: Items;
}

function bestOf(branch: StateMachineBranch, calls: Calls, roles: Roles, items: Items = oneItem): number {
  return shortestSuccess(branch, branch.StartAt, { calls, roles, items });
}

/**
 * The fewest transitions from `start` to the end of the branch when nothing fails: through no
 * Fail state, no Catch and no state only trouble enters, except the way a group with a time budget
 * ends (its branch fails with `Batchflow.GroupDone`, caught at once) and its budget's Wait (entered,
 * then cancelled when the group ends).
 */
function shortestSuccess(branch: StateMachineBranch, start: string, rules: PathRules): number {
  const known = new Map<string, number>();
  const visiting = new Set<string>();
  const from = (name: string): number => {
    const cached = known.get(name);
    if (cached !== undefined) return cached;
    const state = branch.States[name];
    const role = rules.roles[name];
    if (state === undefined || visiting.has(name) || rules.avoid?.has(name)) return Number.POSITIVE_INFINITY;
    if (role !== undefined && troubleRoles.has(role.kind)) return Number.POSITIVE_INFINITY;
    if (role?.kind === "group-end") return role.outcome === "done" ? 1 : Number.POSITIVE_INFINITY;
    if (role?.kind === "group-budget") return 1;
    if (state.Type === "Fail") return Number.POSITIVE_INFINITY;
    visiting.add(name);
    const own = 1 + nestedBest(state, name, rules) + rules.calls(name).best;
    const done = groupDoneNext(state);
    const rest = done !== undefined ? from(done) : ends(state) ? 0 : Math.min(...nextStates(state).map(from));
    visiting.delete(name);
    known.set(name, own + rest);
    return own + rest;
  };
  return from(start);
}

function nestedBest(state: State, name: string, rules: PathRules): number {
  const items = rules.items ?? oneItem;
  switch (state.Type) {
    case "Parallel":
      return state.Branches.reduce((n, b) => n + bestOf(b, rules.calls, rules.roles, items), 0);
    case "Map":
      // The count of items is only known at run time: the one given, else one.
      return items(name) * bestOf(state.ItemProcessor, rules.calls, rules.roles, items);
    case "Task":
    case "Pass":
    case "Wait":
    case "Succeed":
    case "Fail":
    case "Choice":
      return 0;
    default:
      return assertNever(state);
  }
}

/** Every state entered once and every retry of it taken, with what its calls and branches cost at worst. */
function worstOf(branch: StateMachineBranch, calls: Calls, items: Items = oneItem): number {
  return Object.entries(branch.States).reduce(
    (n, [name, state]) => n + worstState(state, calls, name, items),
    0,
  );
}

function worstState(state: State, calls: Calls, name?: string, items: Items = oneItem): number {
  const retries = "Retry" in state ? (state.Retry ?? []).reduce((n, r) => n + (r.MaxAttempts ?? 3), 0) : 0;
  // A retried call failed early (a throttled start): the callee's own worst is counted once.
  const call = name === undefined ? 0 : calls(name).worst;
  const nested =
    state.Type === "Parallel"
      ? state.Branches.reduce((n, b) => n + worstOf(b, calls, items), 0)
      : state.Type === "Map"
        ? (name === undefined ? 1 : items(name)) * worstOf(state.ItemProcessor, calls, items)
        : 0;
  return (1 + retries) * (1 + nested) + call;
}

function ends(state: State): boolean {
  return state.Type === "Succeed" || ("End" in state && state.End === true);
}

/** Where a group with a time budget goes when it ends in time: its catch of `Batchflow.GroupDone`. */
function groupDoneNext(state: State): string | undefined {
  if (!("Catch" in state)) return undefined;
  return (state.Catch ?? []).find((c) => c.ErrorEquals.includes(groupErrors.done))?.Next;
}

/** Where a state goes next when it does not fail: its Next, or each of a Choice's targets. */
function nextStates(state: State): ReadonlyArray<string> {
  if (state.Type === "Choice") {
    return [
      ...state.Choices.flatMap((c) => (c.Next === undefined ? [] : [c.Next])),
      ...(state.Default ? [state.Default] : []),
    ];
  }
  return "Next" in state && typeof state.Next === "string" ? [state.Next] : [];
}

/** The states a run can enter from `start`, through Catch too. */
function reachable(branch: StateMachineBranch, start: string): ReadonlySet<string> {
  const seen = new Set<string>();
  const visit = (name: string): void => {
    const state = branch.States[name];
    if (state === undefined || seen.has(name)) return;
    seen.add(name);
    for (const next of nextStates(state)) visit(next);
    if ("Catch" in state) for (const c of state.Catch ?? []) visit(c.Next);
  };
  visit(start);
  return seen;
}
