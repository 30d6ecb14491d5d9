// Random job graphs for property tests: a plain-data spec of nested sequence / parallel / job trees with
// retries, catches and timeouts; an arbitrary for it (fast-check); a builder that turns a spec into a
// batchflow Flow with the public DSL; and oracles that say what the compiled workflow must do.
import {
  type ErrorName,
  type Flow,
  job,
  parallel,
  type RetryPolicyInput,
  sequence,
} from "@batchflow/batchflow";
import fc from "fast-check";

export interface RetrySpec {
  readonly on: ReadonlyArray<ErrorName>;
  readonly interval: number;
  readonly maxAttempts: number;
  readonly backoff: number;
}

export interface CatchSpec {
  readonly errors: ReadonlyArray<ErrorName>;
  readonly handler: FlowSpec;
  /** `{ rethrow: true }`: after the handler, the flow fails again with the caught error. */
  readonly rethrow: boolean;
}

export interface Policies {
  readonly retry: ReadonlyArray<RetrySpec>;
  readonly catch: ReadonlyArray<CatchSpec>;
  /** Seconds; on a job its TimeoutSeconds, on a group its budget. */
  readonly timeout?: number | undefined;
  /** `.finally(handler)`, after the timeout (generated on the root only). */
  readonly finally?: FlowSpec | undefined;
}

export interface JobSpec extends Policies {
  readonly kind: "job";
  readonly name: string;
  /** Give the timeout as `job(name, { timeout })` instead of `.timeout()`. */
  readonly timeoutAsOption: boolean;
}

export interface SequenceSpec extends Policies {
  readonly kind: "sequence";
  readonly steps: ReadonlyArray<FlowSpec>;
  /** Build as `a.then(b).then(c)` (a plain parallel step as `.then([..])`) instead of `sequence(a, b, c)`. */
  readonly viaThen: boolean;
}

export interface ParallelSpec extends Policies {
  readonly kind: "parallel";
  readonly branches: ReadonlyArray<FlowSpec>;
}

export type FlowSpec = JobSpec | SequenceSpec | ParallelSpec;

// ---------------------------------------------------------------------------------------------------
// Arbitrary

const retryErrors: ErrorName[] = [
  "States.TaskFailed",
  "States.Timeout",
  "ECS.AmazonECSException",
  "Custom.Error",
];
const catchErrors: ErrorName[] = [
  "States.TaskFailed",
  "States.Timeout",
  "Batchflow.GroupTimeout",
  "Custom.Error",
];

const errorList = (names: ErrorName[]): fc.Arbitrary<ErrorName[]> =>
  fc.oneof(
    { weight: 1, arbitrary: fc.constant<ErrorName[]>(["States.ALL"]) },
    { weight: 3, arbitrary: fc.subarray(names, { minLength: 1 }) },
  );

const retryArb: fc.Arbitrary<RetrySpec> = fc.record({
  on: errorList(retryErrors),
  interval: fc.integer({ min: 1, max: 30 }),
  maxAttempts: fc.integer({ min: 0, max: 3 }),
  backoff: fc.constantFrom(1, 1.5, 2),
});

/** `States.ALL` may only be the last retrier / catcher: drop earlier ones. */
function allLast<T>(items: ReadonlyArray<T>, errorsOf: (item: T) => ReadonlyArray<ErrorName>): T[] {
  return items.filter((item, i) => i === items.length - 1 || !errorsOf(item).includes("States.ALL"));
}

/** Often none at all: `noneWeight` : 1. */
const often = <T>(noneWeight: number, some: fc.Arbitrary<T[]>): fc.Arbitrary<T[]> =>
  fc.oneof({ weight: noneWeight, arbitrary: fc.constant<T[]>([]) }, { weight: 1, arbitrary: some });

const retriesArb: fc.Arbitrary<RetrySpec[]> = often(
  2,
  fc.array(retryArb, { minLength: 1, maxLength: 2 }).map((retries) => allLast(retries, (r) => r.on)),
);

const jobTimeoutArb = fc.option(fc.integer({ min: 1, max: 7200 }), { nil: undefined, freq: 2 });
/** Budgets stay long enough that an all-succeed run never hits them. */
const groupTimeoutArb = fc.option(fc.integer({ min: 60, max: 7200 }), { nil: undefined, freq: 3 });

/** A job before naming (names are given in tree order by `nameJobs`). */
const unnamedJob = (catches: fc.Arbitrary<CatchSpec[]>): fc.Arbitrary<JobSpec> =>
  fc.record({
    kind: fc.constant("job" as const),
    name: fc.constant(""),
    timeoutAsOption: fc.boolean(),
    retry: retriesArb,
    catch: catches,
    timeout: jobTimeoutArb,
  });

/** Catch handlers: a job or a short sequence of jobs, with retries and timeouts; a job may catch once more. */
const handlerArb = (catches: fc.Arbitrary<CatchSpec[]>): fc.Arbitrary<FlowSpec> =>
  fc.oneof(
    { weight: 3, arbitrary: unnamedJob(catches) },
    {
      weight: 1,
      arbitrary: fc.record({
        kind: fc.constant("sequence" as const),
        steps: fc.array(unnamedJob(fc.constant<CatchSpec[]>([])), { minLength: 1, maxLength: 2 }),
        viaThen: fc.boolean(),
        retry: retriesArb,
        catch: catches,
        timeout: groupTimeoutArb,
      }),
    },
  );

const catchesOf = (handler: fc.Arbitrary<FlowSpec>): fc.Arbitrary<CatchSpec[]> =>
  often(
    3,
    fc
      .array(
        fc.record({
          errors: errorList(catchErrors),
          handler,
          rethrow: fc.oneof(
            { weight: 3, arbitrary: fc.constant(false) },
            { weight: 1, arbitrary: fc.constant(true) },
          ),
        }),
        { minLength: 1, maxLength: 2 },
      )
      .map((catches) => allLast(catches, (c) => c.errors)),
  );

/** Catches whose handlers may have catches of their own (whose handlers have none). */
const catchesArb: fc.Arbitrary<CatchSpec[]> = catchesOf(
  handlerArb(catchesOf(handlerArb(fc.constant<CatchSpec[]>([])))),
);

const nameStyles = ["short", "short", "short", "prefixed", "long"] as const;
type NameStyle = (typeof nameStyles)[number];

/**
 * Random flows: a sequence or parallel at the top, groups nested up to 3 deep (1-4 children each), every
 * node with random retries, catches (handler jobs) and timeouts. Job names are unique; some look like the
 * names the compiler generates ("group-…", "parallel-…"), some are long enough that generated names get cut
 * at 80 characters.
 */
export function flowSpecArb(): fc.Arbitrary<FlowSpec> {
  const top = fc.oneof(
    { weight: 2, arbitrary: sequenceArb(2, 2) },
    { weight: 1, arbitrary: parallelArb(2, 2) },
  );
  // A finally on the root only: it runs exactly once however the flow ends. (One deeper, in a
  // parallel() branch, would run or not depending on when the failing branch stops its siblings.)
  const rootFinally = fc.option(handlerArb(fc.constant<CatchSpec[]>([])), { nil: undefined, freq: 3 });
  return fc
    .tuple(top, rootFinally, fc.array(fc.constantFrom(...nameStyles), { minLength: 40, maxLength: 40 }))
    .map(([spec, fin, styles]) => nameJobs(fin ? { ...spec, finally: fin } : spec, styles));
}

const leafJobArb = unnamedJob(catchesArb);

/** A job, or (while depth is left) a group of nodes one level shallower. */
function nodeArb(depth: number): fc.Arbitrary<FlowSpec> {
  if (depth === 0) return leafJobArb;
  return fc.oneof(
    { weight: 3, arbitrary: leafJobArb },
    { weight: 2, arbitrary: sequenceArb(depth - 1) },
    { weight: 1, arbitrary: parallelArb(depth - 1) },
  );
}

function sequenceArb(childDepth: number, minLength = 1): fc.Arbitrary<SequenceSpec> {
  return fc.record({
    kind: fc.constant("sequence" as const),
    steps: fc.array(nodeArb(childDepth), { minLength, maxLength: 4 }),
    viaThen: fc.boolean(),
    retry: retriesArb,
    catch: catchesArb,
    timeout: groupTimeoutArb,
  });
}

function parallelArb(childDepth: number, minLength = 1): fc.Arbitrary<ParallelSpec> {
  return fc.record({
    kind: fc.constant("parallel" as const),
    branches: fc.array(nodeArb(childDepth), { minLength, maxLength: 3 }),
    retry: retriesArb,
    catch: catchesArb,
    timeout: groupTimeoutArb,
  });
}

/** Gives every job (handlers included) a unique name, in tree order. */
export function nameJobs(spec: FlowSpec, styles: ReadonlyArray<NameStyle> = []): FlowSpec {
  let n = 0;
  const nameOf = (): string => {
    n++;
    const style = styles[(n - 1) % Math.max(styles.length, 1)] ?? "short";
    if (style === "prefixed") return n % 2 === 0 ? `group-j${n}` : `parallel-j${n}`;
    if (style === "long") return `${"long-job-name-".repeat(5)}${n}`; // 71-72 characters
    return `j${n}`;
  };
  const visit = (node: FlowSpec): FlowSpec => {
    const named = node.kind === "job" ? { ...node, name: nameOf() } : node;
    const withChildren =
      named.kind === "sequence"
        ? { ...named, steps: named.steps.map(visit) }
        : named.kind === "parallel"
          ? { ...named, branches: named.branches.map(visit) }
          : named;
    return {
      ...withChildren,
      catch: withChildren.catch.map((c) => ({ ...c, handler: visit(c.handler) })),
      ...(withChildren.finally ? { finally: visit(withChildren.finally) } : {}),
    };
  };
  return visit(spec);
}

// ---------------------------------------------------------------------------------------------------
// Builder

function retryPolicy(r: RetrySpec): RetryPolicyInput {
  return { on: r.on, interval: r.interval, maxAttempts: r.maxAttempts, backoff: r.backoff };
}

/** The Flow a spec describes, built with the public DSL. Building twice gives equal flows. */
export function buildFlow(spec: FlowSpec): Flow {
  let flow: Flow;
  switch (spec.kind) {
    case "job":
      flow =
        spec.timeoutAsOption && spec.timeout !== undefined
          ? job(spec.name, { timeout: spec.timeout })
          : job(spec.name);
      break;
    case "sequence":
      flow = spec.viaThen ? buildThenChain(spec.steps) : sequence(...spec.steps.map(buildFlow));
      break;
    case "parallel":
      flow = parallel(...spec.branches.map(buildFlow));
      break;
  }
  for (const r of spec.retry) flow = flow.retry(retryPolicy(r));
  for (const c of spec.catch) flow = flow.catch(c.errors, buildFlow(c.handler), { rethrow: c.rethrow });
  if (spec.timeout !== undefined && !(spec.kind === "job" && spec.timeoutAsOption)) {
    flow = flow.timeout(spec.timeout);
  }
  if (spec.finally) flow = flow.finally(buildFlow(spec.finally));
  return flow;
}

function buildThenChain(steps: ReadonlyArray<FlowSpec>): Flow {
  const [first, ...rest] = steps;
  if (first === undefined) return sequence();
  let flow = buildFlow(first);
  // `.then(x)` on one step is a sequence of one; keep it a sequence like `sequence(x)` would.
  if (rest.length === 0) return sequence(flow);
  for (const step of rest) {
    flow = isPlainParallel(step) ? flow.then(step.branches.map(buildFlow)) : flow.then(buildFlow(step));
  }
  return flow;
}

function isPlainParallel(spec: FlowSpec): spec is ParallelSpec {
  return (
    spec.kind === "parallel" &&
    spec.retry.length === 0 &&
    spec.catch.length === 0 &&
    spec.timeout === undefined
  );
}

// ---------------------------------------------------------------------------------------------------
// Oracles

/** Every job of the flow, catch handlers included. */
export function allJobs(spec: FlowSpec): string[] {
  return [...mainPathJobs(spec), ...handlerJobs(spec)];
}

/** The jobs that run when nothing fails. */
export function mainPathJobs(spec: FlowSpec): string[] {
  switch (spec.kind) {
    case "job":
      return [spec.name];
    case "sequence":
      return spec.steps.flatMap(mainPathJobs);
    case "parallel":
      return spec.branches.flatMap(mainPathJobs);
  }
}

/** The jobs of catch and finally handlers, at any depth. */
export function handlerJobs(spec: FlowSpec): string[] {
  const own = [
    ...spec.catch.flatMap((c) => allJobs(c.handler)),
    ...(spec.finally ? allJobs(spec.finally) : []),
  ];
  const children = spec.kind === "sequence" ? spec.steps : spec.kind === "parallel" ? spec.branches : [];
  return [...children.flatMap(handlerJobs), ...own];
}

/** Every sequence and parallel node, catch handlers' included. */
export function groupsOf(spec: FlowSpec): Array<SequenceSpec | ParallelSpec> {
  const children = spec.kind === "sequence" ? spec.steps : spec.kind === "parallel" ? spec.branches : [];
  return [
    ...(spec.kind === "job" ? [] : [spec]),
    ...children.flatMap(groupsOf),
    ...spec.catch.flatMap((c) => groupsOf(c.handler)),
    ...(spec.finally ? groupsOf(spec.finally) : []),
  ];
}

/** The spec of each job, with the retries in effect and the chain of nodes from the root down to it. */
export interface JobFacts {
  readonly spec: JobSpec;
  /** The job's own retries, else the nearest enclosing group's (a catch handler takes its context's). */
  readonly retry: ReadonlyArray<RetrySpec>;
  /** Main-path ancestors, outermost first, ending with the job itself; empty for handler jobs. */
  readonly path: ReadonlyArray<FlowSpec>;
}

export function jobFacts(spec: FlowSpec): Map<string, JobFacts> {
  const facts = new Map<string, JobFacts>();
  const visit = (
    node: FlowSpec,
    inherited: ReadonlyArray<RetrySpec>,
    path: ReadonlyArray<FlowSpec> | undefined,
  ): void => {
    const own = node.retry.length > 0 ? node.retry : inherited;
    const here = path === undefined ? undefined : [...path, node];
    if (node.kind === "job") facts.set(node.name, { spec: node, retry: own, path: here ?? [] });
    const children = node.kind === "sequence" ? node.steps : node.kind === "parallel" ? node.branches : [];
    for (const child of children) visit(child, own, here);
    // A handler runs in the context around the node that catches: it takes that context's retry.
    if (node.finally) visit(node.finally, inherited, undefined);
    for (const c of node.catch) visit(c.handler, inherited, undefined);
  };
  visit(spec, [], []);
  return facts;
}

/** An ASL retrier as the compiler emits it (no MaxDelaySeconds / JitterStrategy in these tests). */
export interface AslRetrier {
  readonly ErrorEquals: ReadonlyArray<string>;
  readonly IntervalSeconds: number;
  readonly MaxAttempts: number;
  readonly BackoffRate: number;
}

export const infrastructurePreset: AslRetrier = {
  ErrorEquals: ["ECS.AmazonECSException", "AmazonECS.Unknown"],
  IntervalSeconds: 10,
  MaxAttempts: 3,
  BackoffRate: 2,
};

/**
 * The ASL `Retry` a job must get: the infrastructure preset first (in ASL `States.TaskFailed` also matches
 * the ECS errors, so a later preset would be shadowed), without the errors the job's own retries name
 * (those are left to them; no preset when none is left), then the job's retries in their order.
 */
export function expectedRetry(
  retry: ReadonlyArray<RetrySpec>,
  preset: AslRetrier | undefined,
): AslRetrier[] | undefined {
  const own = retry.map((r) => ({
    ErrorEquals: [...r.on],
    IntervalSeconds: r.interval,
    MaxAttempts: r.maxAttempts,
    BackoffRate: r.backoff,
  }));
  const named = new Set<string>(retry.flatMap((r) => r.on));
  const presetErrors = preset?.ErrorEquals.filter((e) => !named.has(e)) ?? [];
  const all = preset && presetErrors.length > 0 ? [{ ...preset, ErrorEquals: presetErrors }, ...own] : own;
  return all.length > 0 ? all : undefined;
}

/** The errors a Task of these tests fails with. */
export type TaskError = "States.TaskFailed" | "States.Timeout" | "ECS.AmazonECSException";

/**
 * Whether a Task's retrier or catcher with this ErrorEquals list matches `error`: by name, `States.ALL`,
 * or `States.TaskFailed`, which in a Task state matches every error but `States.Timeout`.
 */
export function matches(errors: ReadonlyArray<string>, error: TaskError): boolean {
  return (
    errors.includes(error) ||
    errors.includes("States.ALL") ||
    (error !== "States.Timeout" && errors.includes("States.TaskFailed"))
  );
}

/** Calls of a job that fails with `error` every time: the first retrier that matches decides (even with 0). */
export function expectedAttempts(retriers: ReadonlyArray<AslRetrier> | undefined, error: TaskError): number {
  return 1 + (retriers?.find((r) => matches(r.ErrorEquals, error))?.MaxAttempts ?? 0);
}

export interface FailureOutcome {
  /** Calls of the failing job. */
  readonly attempts: number;
  /** The catch handlers that run, innermost first: each rethrowing one, then the one that takes over. */
  readonly handlers: ReadonlyArray<FlowSpec>;
  readonly status: "SUCCEEDED" | "FAILED";
  /** FAILED: the error the execution fails with (a rethrown `States.X` as `Batchflow.X`). */
  readonly error?: string;
}

/**
 * What happens when `failing` (a main-path job) fails with `error` on every attempt and every other job
 * succeeds: how often it runs (its emitted Retry, preset included: the first retrier that matches decides),
 * which catch handler takes over (the innermost node on its path with a matching catcher, the first
 * matching catcher of that node), and how the execution ends. Only for the two application errors: for
 * them a group's catcher (on a Parallel state) matches exactly as a job's does.
 */
export function failureOutcome(
  facts: Map<string, JobFacts>,
  failing: string,
  error: "States.TaskFailed" | "States.Timeout",
  preset: AslRetrier | undefined,
): FailureOutcome {
  const fact = facts.get(failing);
  if (fact === undefined || fact.path.length === 0) throw new Error(`${failing} is not a main-path job`);
  return {
    attempts: expectedAttempts(expectedRetry(fact.retry, preset), error),
    ...caughtOnTheWayUp(fact.path, error, (node, current, reraised) =>
      node.catch.find((c) =>
        // What a rethrowing handler raised comes from a Fail state, to the catches of the groups
        // around: matched by name as they are emitted, with the Batchflow twins.
        reraised ? emittedMatch(node, c.errors, current) : matches(c.errors, current as TaskError),
      ),
    ),
  };
}

/** The innermost group time budget around a main-path job, if any. */
export function innermostTimedGroup(facts: Map<string, JobFacts>, name: string): FlowSpec | undefined {
  const path = facts.get(name)?.path ?? [];
  return path.slice(0, -1).findLast((node) => node.timeout !== undefined);
}

/**
 * What happens when the innermost time budget around `slow` (a main-path job that never finishes) runs
 * out: the group fails with Batchflow.GroupTimeout. A catch on a group (sequence or parallel, the timed
 * one or any around it) that lists States.Timeout also matches it; a job's catch is not widened (and no
 * job is on the way up from the group anyway). Otherwise a catch needs Batchflow.GroupTimeout or
 * States.ALL. The innermost matching catch from that group outwards takes over.
 */
export function budgetOutcome(facts: Map<string, JobFacts>, slow: string): Omit<FailureOutcome, "attempts"> {
  const group = innermostTimedGroup(facts, slow);
  if (group === undefined) throw new Error(`${slow} is in no timed group`);
  const path = facts.get(slow)!.path;
  const catchesBudget = (node: FlowSpec, errors: ReadonlyArray<ErrorName>): boolean => {
    const emitted = catchErrorsAsEmitted(node, errors);
    return emitted.includes("Batchflow.GroupTimeout") || emitted.includes("States.ALL");
  };
  return caughtOnTheWayUp(path.slice(0, path.indexOf(group) + 1), "Batchflow.GroupTimeout", (node) =>
    node.catch.find((c) => catchesBudget(node, c.errors)),
  );
}

/** Whether a group's catcher, as emitted (with the Batchflow twins of its States. names), matches `error`. */
function emittedMatch(node: FlowSpec, errors: ReadonlyArray<ErrorName>, error: string): boolean {
  return catchErrorsAsEmitted(node, errors).some((e) => e === error || e === "States.ALL");
}

/**
 * The ErrorEquals a catch is emitted with, as a set: a group's `States.Timeout` catch also matches
 * Batchflow.GroupTimeout (a budget inside the group running out); a job's stays as written.
 */
export function catchErrorsAsEmitted(node: FlowSpec, errors: ReadonlyArray<ErrorName>): string[] {
  const widened = node.kind !== "job" && errors.includes("States.Timeout");
  const emitted = [...new Set<string>([...errors, ...(widened ? ["Batchflow.GroupTimeout"] : [])])];
  if (node.kind === "job" || !mayReraise(node)) return emitted;
  // A group that may fail with a rethrown Batchflow.X also matches it wherever it names States.X.
  for (const error of [...emitted]) {
    if (!error.startsWith("States.") || error === "States.ALL") continue;
    const twin = `Batchflow.${error.slice("States.".length)}`;
    if (!emitted.includes(twin)) emitted.push(twin);
  }
  return emitted;
}

/** Whether a catch in the flow rethrows (its own catches and their handlers included). */
export function mayReraise(spec: FlowSpec): boolean {
  if (spec.catch.some((c) => c.rethrow || mayReraise(c.handler))) return true;
  if (spec.kind === "sequence") return spec.steps.some(mayReraise);
  if (spec.kind === "parallel") return spec.branches.some(mayReraise);
  return false;
}

/**
 * The catches the failure meets from the job outwards: the first matching catcher of a node takes
 * over; a rethrowing one runs its handler and the failure goes on outwards, a `States.X` as
 * `Batchflow.X`, from the node around it.
 */
function caughtOnTheWayUp(
  path: ReadonlyArray<FlowSpec>,
  error: string,
  catcherOf: (node: FlowSpec, error: string, reraised: boolean) => CatchSpec | undefined,
): Omit<FailureOutcome, "attempts"> {
  const handlers: FlowSpec[] = [];
  let current: string | undefined = error;
  let reraised = false;
  const raisedAgain = (name: string) =>
    name.startsWith("States.") ? `Batchflow.${name.slice("States.".length)}` : name;
  for (const node of [...path].reverse()) {
    const catcher = current === undefined ? undefined : catcherOf(node, current, reraised);
    if (catcher !== undefined) {
      handlers.push(catcher.handler);
      if (catcher.rethrow) {
        current = raisedAgain(current!);
        reraised = true;
      } else {
        current = undefined;
      }
    }
    // A finally (the root's) runs however the flow ended, then raises a failure again.
    if (node.finally) {
      handlers.push(node.finally);
      if (current !== undefined) {
        current = raisedAgain(current);
        reraised = true;
      }
    }
  }
  return current === undefined
    ? { handlers, status: "SUCCEEDED" }
    : { handlers, status: "FAILED", error: current };
}
