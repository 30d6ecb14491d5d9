// Builds a simulation's trace and per-job attempts from the interpreter's event log (whose timestamps are
// virtual, Date being faked) and the handler's own records of the attempts it served.
//
// An attempt starts at its Task state's StateEntered (attempt 1) or StateRetried (attempt n) event and
// ends at the state's next StateExited or StateFailed event. An attempt that gets neither was abandoned:
// its Parallel branch was aborted (the interpreter drops the events of aborted branches), so it ends at
// the first StateFailed of a Parallel state around it, else at the end of the execution.
import { lockBusyCause } from "@batchflow/aws";
import { interruptedExitCode } from "../ecs/spot-interruption.js";
import type { AslEvent, AslEventOf } from "../interpreter/execute-asl.js";
import type { LockScope } from "../lock/lock-scopes.js";
import type { SimulatedAttempt, SimulationEvent } from "./result.js";
import type { PlannedOutcome } from "./scenario.js";
import type { ServiceRecord } from "./simulated-services.js";

/** What the task handler knew about one attempt it served. */
export interface AttemptRecord {
  readonly job: string;
  readonly attempt: number;
  /** Inside a map: the item's index. */
  readonly item?: number;
  readonly start: number;
  readonly planned: PlannedOutcome;
}

export interface TraceInput {
  readonly events: ReadonlyArray<AslEvent>;
  readonly records: ReadonlyArray<AttemptRecord>;
  /** What the lock and notification states did, each after the event that triggered it. */
  readonly services?: ReadonlyArray<ServiceRecord>;
  /** The definition's locks by the state each enters when busy: that becomes a `LockNotAcquired` event. */
  readonly busyLocks?: ReadonlyMap<string, LockScope>;
  /** Virtual epoch ms every `at` counts from: the start of the simulation. */
  readonly startMs: number;
  /** Virtual ms (from `startMs`) at which this execution started. Default 0. */
  readonly startedAt?: number;
  /** The job states (ECS Task states), with the job each runs (a Spot job's fallback runs its job). */
  readonly jobOfState: ReadonlyMap<string, string>;
  readonly synthetic: ReadonlySet<string>;
  readonly ancestors: ReadonlyMap<string, ReadonlyArray<string>>;
}

export interface Trace {
  readonly trace: SimulationEvent[];
  readonly attempts: SimulatedAttempt[];
  /** Virtual ms from the execution's start to the event that ended it. */
  readonly duration: number;
}

interface Item {
  readonly at: number;
  readonly order: number;
  readonly event: SimulationEvent;
}

interface OpenAttempt {
  readonly record: AttemptRecord;
  readonly index: number;
  /** The Task state it runs in (a Spot job's fallback is another state of the job). */
  readonly state: string;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

export function buildTrace(input: TraceInput): Trace {
  const { events, startMs, jobOfState, synthetic } = input;
  // A job inside a map runs once per item: its attempts are told apart by the item's index.
  const records = new Map(input.records.map((r) => [`${entryKey(r.job, r.item)}#${r.attempt}`, r]));
  const items: Item[] = [];
  const attempts: SimulatedAttempt[] = [];
  const currentAttempt = new Map<string, number>();
  // Attempts count per job across its Task states and their entries: a Spot job runs again (its Spot
  // run's Retry enters its state anew) and may run on regular Fargate (another state).
  const jobAttempts = new Map<string, number>();
  const open = new Map<string, OpenAttempt>();
  const lastFailure = new Map<string, { readonly at: number; readonly error: string }>();
  let terminal: { readonly index: number; readonly at: number } | undefined;

  const at = (event: AslEvent): number => event.timestamp - startMs;
  // Items sort by virtual time, then by position: a job's start right after its trigger event, its end
  // right before the event that ends it.
  const push = (index: number, offset: -1 | 0 | 1, event: SimulationEvent): void => {
    items.push({ at: event.at, order: index * 3 + offset, event });
  };
  const startAttempt = (
    state: string,
    key: string,
    attempt: number,
    index: number,
    item: number | undefined,
  ): void => {
    const job = jobOfState.get(state) ?? state;
    const record = records.get(`${entryKey(job, item)}#${attempt}`);
    if (record === undefined) return; // the state failed before the job ran (e.g. a bad input path)
    open.set(key, { record, index, state });
    push(index, 1, { type: "JobStarted", at: record.start, job, attempt });
  };
  // A job's attempts count across its Task states and their entries (a Spot job's interrupted run
  // is retried by entering its state anew), per map item.
  const nextAttempt = (state: string, key: string, item: number | undefined): number => {
    const jobKey = entryKey(jobOfState.get(state) ?? state, item);
    const attempt = (jobAttempts.get(jobKey) ?? 0) + 1;
    jobAttempts.set(jobKey, attempt);
    currentAttempt.set(key, attempt);
    return attempt;
  };
  const endAttempt = (key: string, index: number, end: number, ending: Ending): void => {
    const running = open.get(key);
    if (running === undefined) return;
    open.delete(key);
    const attempt = finished(running.record, end, ending);
    attempts.push(attempt);
    const { start: _start, end: _end, ...rest } = attempt;
    push(index, -1, { type: "JobEnded", at: end, ...rest });
  };

  for (const record of input.services ?? []) push(record.triggerIndex, 1, record.event);

  for (const [index, event] of events.entries()) {
    switch (event.type) {
      case "ExecutionStarted":
        push(index, 0, { type: "ExecutionStarted", at: at(event) });
        break;
      case "ExecutionSucceeded":
        terminal = { index, at: at(event) };
        push(index, 0, { type: "ExecutionSucceeded", at: at(event) });
        break;
      case "ExecutionFailed":
        terminal = { index, at: at(event) };
        push(index, 0, {
          type: "ExecutionFailed",
          at: at(event),
          error: event.Error,
          cause: text(event.Cause),
        });
        break;
      case "ExecutionTimeout":
        terminal = { index, at: at(event) };
        push(index, 0, { type: "ExecutionTimedOut", at: at(event) });
        break;
      case "StateEntered":
      case "StateExited":
      case "StateFailed":
      case "StateRetried":
      case "StateCaught":
        stateEvent(event, index);
        break;
      default:
        break; // Parallel branch and Map iteration events: the state events say it all
    }
  }

  function stateEvent(
    event: AslEventOf<"StateEntered" | "StateExited" | "StateFailed" | "StateRetried" | "StateCaught">,
    index: number,
  ): void {
    const state = event.state.name;
    if (synthetic.has(state)) return;
    const isTask = jobOfState.has(state);
    const key = entryKey(state, event.index);
    const base: Mutable<{ at: number; state: string; stateType: string; attempt?: number }> = {
      at: at(event),
      state,
      stateType: event.state.type,
    };
    switch (event.type) {
      case "StateEntered": {
        const attempt = isTask ? nextAttempt(state, key, event.index) : undefined;
        if (attempt !== undefined) base.attempt = attempt;
        lockGiveUp(state, index, base.at);
        push(index, 0, { type: "StateEntered", ...base });
        if (attempt !== undefined) startAttempt(state, key, attempt, index, event.index);
        return;
      }
      case "StateRetried": {
        const attempt = isTask ? nextAttempt(state, key, event.index) : (currentAttempt.get(key) ?? 1) + 1;
        if (!isTask) currentAttempt.set(key, attempt);
        if (isTask) base.attempt = attempt;
        const failedAt = lastFailure.get(key)?.at ?? base.at;
        push(index, 0, { type: "StateRetried", ...base, delay: base.at - failedAt });
        if (isTask) startAttempt(state, key, attempt, index, event.index);
        return;
      }
      case "StateExited":
        if (isTask) {
          base.attempt = currentAttempt.get(key) ?? 1;
          endAttempt(key, index, base.at, { kind: "exited" });
        }
        push(index, 0, { type: "StateExited", ...base });
        return;
      case "StateFailed":
        if (isTask) {
          base.attempt = currentAttempt.get(key) ?? 1;
          endAttempt(key, index, base.at, { kind: "failed", error: event.Error });
        }
        lastFailure.set(key, { at: base.at, error: event.Error });
        push(index, 0, { type: "StateFailed", ...base, error: event.Error, cause: text(event.Cause) });
        return;
      case "StateCaught":
        if (isTask) base.attempt = currentAttempt.get(key) ?? 1;
        push(index, 0, {
          type: "StateCaught",
          ...base,
          error: lastFailure.get(key)?.error ?? "",
          next: event.catch.catcher.Next,
        });
        return;
    }
  }

  function lockGiveUp(state: string, index: number, at: number): void {
    const scope = input.busyLocks?.get(state);
    if (scope === undefined) return;
    push(index, -1, {
      type: "LockNotAcquired",
      at,
      lock: scope.lock,
      state: scope.acquire,
      onBusy: scope.onBusy,
      jobs: scope.jobs,
      cause: lockBusyCause(scope.lock, scope.waitSeconds),
    });
  }

  // Abandoned attempts: stopped with their branch, or when the execution ended.
  for (const [key, running] of [...open]) {
    const around = new Set(input.ancestors.get(running.state) ?? []);
    let stop = terminal;
    for (let i = running.index + 1; i < events.length; i++) {
      const event = events[i]!;
      if (event.type === "StateFailed" && around.has(event.state.name)) {
        stop = { index: i, at: at(event) };
        break;
      }
    }
    const end = Math.max(running.record.start, stop?.at ?? running.record.start);
    endAttempt(key, stop?.index ?? events.length, end, { kind: "stopped" });
  }

  items.sort((a, b) => a.at - b.at || a.order - b.order);
  attempts.sort(
    (a, b) => a.start - b.start || (a.job < b.job ? -1 : a.job > b.job ? 1 : a.attempt - b.attempt),
  );
  const last = items.at(-1)?.at ?? 0;
  const duration = (terminal?.at ?? last) - (input.startedAt ?? 0);
  return { trace: items.map((item) => item.event), attempts, duration };
}

type Ending =
  | { readonly kind: "exited" }
  | { readonly kind: "failed"; readonly error: string }
  | { readonly kind: "stopped" };

/** A Task state's entries, one per map item when the state is inside a map. */
function entryKey(state: string, item: number | undefined): string {
  return item === undefined ? state : `${state}\u0000${item}`;
}

function finished(record: AttemptRecord, end: number, ending: Ending): SimulatedAttempt {
  const { job, attempt, item, start, planned } = record;
  const base = { job, attempt, ...(item === undefined ? {} : { item }), start, end };
  switch (ending.kind) {
    case "exited":
      return { ...base, outcome: "succeeded", exitCode: 0 };
    case "stopped":
      return { ...base, outcome: "stopped" };
    case "failed": {
      const scriptedTimeout = planned.kind === "error" && planned.name === "States.Timeout";
      if (ending.error === "States.Timeout" && !scriptedTimeout) {
        return { ...base, outcome: "timed-out", error: ending.error };
      }
      if (planned.kind === "interrupted") {
        return { ...base, outcome: "interrupted", exitCode: interruptedExitCode, error: ending.error };
      }
      if (planned.kind === "exit" && planned.exitCode !== 0) {
        return { ...base, outcome: "failed", exitCode: planned.exitCode, error: ending.error };
      }
      return { ...base, outcome: "error", error: ending.error };
    }
  }
}

function text(cause: unknown): string {
  if (cause === undefined || cause === null) return "";
  return typeof cause === "string" ? cause : JSON.stringify(cause);
}
