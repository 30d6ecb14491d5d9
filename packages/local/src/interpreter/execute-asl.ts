// Executes an ASL definition with aws-local-stepfunctions@3.0.0 (an independent interpreter: the same
// JSON that deploys is what runs), serving every Task state from one in-process handler instead of AWS.
// `batchflow run`, simulate() and the test suite all go through here.
//
// Behaviour of aws-local-stepfunctions 3.0.0 this module relies on (verified in test/execute-asl.test.ts):
// - Task states are overridden per state name via `overrides.taskResourceLocalHandlers[stateName]`. The
//   handler receives the effective task input (after InputPath + Parameters) and its return value is the
//   task result (then ResultSelector / ResultPath / OutputPath apply).
// - A thrown / rejected error fails the state with ASL error name = `error.name` and cause =
//   `error.message`; Retry/Catch compare `ErrorEquals` entries against `error.name`. `States.ALL` matches
//   everything; in a Task state `States.TaskFailed` matches every error except `States.Timeout`.
// - A Task's `TimeoutSeconds` (default 60 when absent) is enforced by racing the handler against a timer:
//   the state fails with `States.Timeout`. The handler itself is NOT cancelled.
// - A Parallel state runs its branches concurrently; the first branch failure aborts the other branches
//   (a branch sitting in a `Wait` wakes up immediately and stops; a running Task handler is not cancelled
//   but the branch goes no further), and the Parallel state fails with the branch's error. Quirk: a Task
//   of an aborted branch that is in a Retry back-off is retried immediately, with no events; batchflow
//   does not call the handler for such invocations (see below).
// - The event log is an async generator that buffers events until the execution ends.
// - A Parallel branch gets its own `$$.Execution.StartTime` (when the branch started); the executed copy
//   reads the execution's start from a pinned field instead (execution-start-time.ts).
import "../polyfill/promise-with-resolvers.js";
import { randomUUID } from "node:crypto";
import { fillPlaceholders } from "@batchflow/aws";
import { pinExecutionStartTime, pinnedStartTimeField } from "./execution-start-time.js";
import {
  ExecutionAbortedError,
  ExecutionError,
  ExecutionTimeoutError,
  type RunOptions,
  StateMachine,
  type StateMachineDefinition,
} from "./interpreter-library.js";

/** One entry of the library's execution event log (discriminated on `type`). */
export type AslEvent =
  ReturnType<StateMachine["run"]>["eventLogs"] extends AsyncGenerator<infer E> ? E : never;
export type AslEventType = AslEvent["type"];
export type AslEventOf<T extends AslEventType> = Extract<AslEvent, { type: T }>;

type Overrides = NonNullable<RunOptions["overrides"]>;
type LocalHandler = NonNullable<Overrides["taskResourceLocalHandlers"]>[string];
type JsonValue = Parameters<LocalHandler>[0];
export type AslContextObject = NonNullable<RunOptions["context"]>;

/** `$$.Task.Token` in a local execution: a placeholder, as the handler's return value is the result. */
export const localTaskToken = "batchflow-local-task-token";

export interface TaskCall {
  /** Name of the Task state. */
  readonly state: string;
  /** What the resource would receive: the state input after `InputPath` and `Parameters` (JSON clone). */
  readonly parameters: unknown;
  /** The raw state input, before `InputPath` (JSON clone). */
  readonly input: unknown;
  /**
   * 1-based attempt number of this state entry: 1 when the state is entered, +1 for each `Retry`.
   * Counted per state name and Map iteration index, from the library's StateEntered/StateRetried events.
   */
  readonly attempt: number;
  /** Inside a Map state: the iteration's index (of the innermost map). */
  readonly mapIndex?: number;
}

export interface TaskContext {
  /**
   * Aborted once the whole execution has settled. The library never tells a handler that its state timed
   * out or that its Parallel branch was aborted; long-running handlers should stop on this signal.
   */
  readonly signal: AbortSignal;
  /**
   * The Task state's `Resource` ARN (ECS `runTask.sync`, `dynamodb:updateItem`, `http:invoke`, …), so one
   * handler can serve every kind of Task state. (Here rather than in `TaskCall`, which is recorded.)
   */
  readonly resource: string;
  /**
   * Index, in the execution's event log (`AslRun.events`), of the StateEntered/StateRetried event that
   * triggered this call: what a trace built from the log orders the handler's own records after.
   */
  readonly triggerIndex: number;
}

/** Returns the task result (must be JSON-serialisable; `undefined` becomes `null`) or throws `TaskFailure`. */
export type TaskHandler = (call: TaskCall, context: TaskContext) => unknown;

/**
 * Throw from a TaskHandler to fail the Task state with ASL error `error` (e.g. "States.TaskFailed",
 * "ECS.AmazonECSException") and optional `cause`. In a Catch the state output gets `{ Error, Cause }`
 * with `Cause` = `cause ?? ""`.
 */
export class TaskFailure extends Error {
  readonly error: string;
  override readonly cause: string | undefined;

  constructor(error: string, cause?: string) {
    super(cause ?? "");
    // aws-local-stepfunctions matches Retry/Catch ErrorEquals against `error.name`, and reports
    // `error.message` as the Cause.
    this.name = error;
    this.error = error;
    this.cause = cause;
  }
}

export interface ExecuteAslOptions {
  /** Execution input (JSON). Default `{}`. */
  readonly input?: unknown;
  /** Serves every Task state (found in States, Parallel Branches and Map ItemProcessor/Iterator). */
  readonly task: TaskHandler;
  /** Wait state name -> milliseconds to wait instead (library `waitTimeOverrides`; 0 = no wait). */
  readonly waitTimeOverrides?: Readonly<Record<string, number>>;
  /**
   * Multiplies the duration of every Wait state that has a literal `Seconds` (e.g. 0.001 turns seconds into
   * milliseconds). `0` zeroes every Wait state, including SecondsPath/Timestamp/TimestampPath ones, which
   * are otherwise left alone. `waitTimeOverrides` wins over this.
   */
  readonly waitScale?: number;
  /** Zero the pause before every retry of every state with a `Retry` field. */
  readonly noRetryDelay?: boolean;
  /**
   * State name -> milliseconds to pause before a retry instead of IntervalSeconds/BackoffRate/... (library
   * `retryIntervalOverrides`); an array gives one value per retrier, -1 = not overridden. Wins over
   * `noRetryDelay`.
   */
  readonly retryIntervalOverrides?: Readonly<Record<string, number | readonly number[]>>;
  /**
   * Replace Task `TimeoutSeconds`/`TimeoutSecondsPath` with this many milliseconds, for every Task state
   * (number) or for the named ones (record). Must be > 0. The library enforces Task timeouts with a timer
   * (`TimeoutSeconds * 1000` ms; 60 s when the state sets none), so this makes timeout tests fast. The
   * definition is validated as written; only the executed copy is rewritten.
   */
  readonly taskTimeoutMs?: number | Readonly<Record<string, number>>;
  /** Mock Context Object (`$$`). Defaults: a live `$$.State.EnteredTime` and an `$$.Execution.Id`. */
  readonly context?: AslContextObject;
  /** Aborting it aborts the execution (status "ABORTED"). */
  readonly signal?: AbortSignal;
  /**
   * Validate the definition with the library's own validator (asl-validator 3.x, with ARN and path checks)
   * before running; an invalid definition makes `executeAsl` reject. Default true.
   */
  readonly validate?: boolean;
  /**
   * Called with every event of the library's event log as it arrives, while the execution runs (events of
   * Parallel branches arrive a few microtasks after they happen). An exception it throws is recorded in
   * `handlerErrors` and does not stop the execution.
   */
  readonly onEvent?: (event: AslEvent) => void;
}

export type AslRunStatus = "SUCCEEDED" | "FAILED" | "TIMED_OUT" | "ABORTED";

export interface AslRun {
  readonly status: AslRunStatus;
  /** Execution output when SUCCEEDED. */
  readonly output?: unknown;
  /** FAILED: the ASL error name (e.g. "States.TaskFailed", "States.Timeout", a Fail state's Error). */
  readonly error?: string;
  /**
   * FAILED: the cause. A Fail state without `Cause` gives "Execution failed because of a Fail state"; a
   * Task timeout gives "States.Timeout"; `TaskFailure` without cause gives "".
   */
  readonly cause?: string;
  /**
   * The library's event log, in the order the root logger received events. Events of Parallel branches /
   * Map iterations are forwarded asynchronously, so their interleaving with other branches is only
   * approximately chronological; state events inside branches carry no branch id (Map ones carry `index`).
   */
  readonly events: ReadonlyArray<AslEvent>;
  /** Every handler invocation in invocation order, including retries. */
  readonly tasks: ReadonlyArray<TaskCall>;
  /** Names from the StateEntered events, in event-log order (includes branch / iteration states). */
  readonly statesEntered: ReadonlyArray<string>;
  /**
   * Errors thrown by the handler that were NOT `TaskFailure`s (they still fail the state, with
   * `error.name` such as "Error"/"TypeError", which `States.TaskFailed`/`States.ALL` match). Usually a bug
   * in the test; assert it is empty.
   */
  readonly handlerErrors: ReadonlyArray<unknown>;
  /** Wall-clock duration of the execution. */
  readonly durationMs: number;
}

interface FoundState {
  readonly name: string;
  readonly state: Record<string, unknown>;
}

/** All states of a definition, including those in Parallel `Branches` and Map `ItemProcessor`/`Iterator`. */
export function collectStates(definition: unknown): FoundState[] {
  const found: FoundState[] = [];
  const visitMachine = (machine: unknown): void => {
    if (!isRecord(machine) || !isRecord(machine.States)) return;
    for (const [name, state] of Object.entries(machine.States)) {
      if (!isRecord(state)) continue;
      found.push({ name, state });
      if (state.Type === "Parallel" && Array.isArray(state.Branches)) {
        for (const branch of state.Branches) visitMachine(branch);
      }
      if (state.Type === "Map") visitMachine(state.ItemProcessor ?? state.Iterator);
    }
  };
  visitMachine(definition);
  return found;
}

/** The events of one type, typed. */
export function eventsOfType<T extends AslEventType>(
  events: ReadonlyArray<AslEvent>,
  type: T,
): AslEventOf<T>[] {
  return events.filter((event): event is AslEventOf<T> => event.type === type);
}

interface PendingInvocation {
  trigger?: {
    readonly attempt: number;
    readonly input: unknown;
    readonly index: number;
    readonly mapIndex: number | undefined;
  };
}

/** A copy of a compiled definition with its ARN placeholders filled in, as deploy would. */
function withSampleArns(definition: object): StateMachineDefinition {
  return fillPlaceholders(definition, {
    partition: "aws",
    region: "us-east-1",
    accountId: "000000000000",
  }) as StateMachineDefinition;
}

export async function executeAsl(definition: object, options: ExecuteAslOptions): Promise<AslRun> {
  if (options.validate !== false) {
    // Throws "State machine definition is invalid, ..." for invalid definitions. The library's
    // validator mutates its input, hence a copy; it checks ARNs, hence placeholders filled in.
    new StateMachine(withSampleArns(definition));
  }
  const executed = structuredClone(definition) as Record<string, unknown>;
  pinExecutionStartTime(executed);
  const states = collectStates(executed);
  applyTaskTimeouts(states, options.taskTimeoutMs);

  const taskNames = new Set(states.filter((s) => s.state.Type === "Task").map((s) => s.name));
  const resources = new Map(
    states.map(({ name, state }) => [name, typeof state.Resource === "string" ? state.Resource : ""]),
  );
  const events: AslEvent[] = [];
  const tasks: TaskCall[] = [];
  const handlerErrors: unknown[] = [];
  const settled = new AbortController();

  // Pairing handler invocations with their StateEntered/StateRetried event. The library dispatches that
  // event synchronously right before it calls the handler, but our event consumer only sees it a few
  // microtasks later; so an invocation registers itself here and waits one macrotask, by which time the
  // consumer has handed it its trigger event (FIFO per state name).
  //
  // An invocation that gets no event is one the library makes after the branch (or execution) it belongs
  // to was aborted: aws-local-stepfunctions cuts the retry back-off short on abort and still retries,
  // into a closed event log. Step Functions would not run that task, so the handler is not called and the
  // invocation is not recorded; it just fails (its result is discarded by the library anyway).
  const waiting = new Map<string, PendingInvocation[]>();
  const attemptsByEntry = new Map<string, number>();

  const onEvent = (event: AslEvent, index: number): void => {
    if (event.type !== "StateEntered" && event.type !== "StateRetried") return;
    const name = event.state.name;
    if (!taskNames.has(name)) return;
    const entryKey = `${name}\u0000${event.index ?? ""}`;
    const attempt = event.type === "StateEntered" ? 1 : (attemptsByEntry.get(entryKey) ?? 1) + 1;
    attemptsByEntry.set(entryKey, attempt);
    const invocation = waiting.get(name)?.shift();
    if (invocation !== undefined)
      invocation.trigger = { attempt, input: event.state.input, index, mapIndex: event.index };
  };

  const makeLocalHandler =
    (state: string): LocalHandler =>
    async (parameters) => {
      const invocation: PendingInvocation = {};
      const queue = waiting.get(state) ?? [];
      queue.push(invocation);
      waiting.set(state, queue);
      await new Promise<void>((resolve) => setImmediate(resolve));
      const index = queue.indexOf(invocation);
      if (index >= 0) queue.splice(index, 1);

      const trigger = invocation.trigger;
      if (trigger === undefined) {
        throw new TaskFailure(
          "Batchflow.InvokedAfterAbort",
          `Task state "${state}" ran after its branch was aborted`,
        );
      }
      const call: TaskCall = {
        state,
        parameters: jsonClone(parameters),
        input: jsonClone(trigger.input),
        attempt: trigger.attempt,
        ...(trigger.mapIndex === undefined ? {} : { mapIndex: trigger.mapIndex }),
      };
      tasks.push(call);
      try {
        const context: TaskContext = {
          signal: settled.signal,
          resource: resources.get(state) ?? "",
          triggerIndex: trigger.index,
        };
        return jsonClone(await options.task(call, context)) as JsonValue;
      } catch (error) {
        if (!(error instanceof TaskFailure) && !settled.signal.aborted) handlerErrors.push(error);
        throw error;
      }
    };

  const overrides: Overrides = {
    taskResourceLocalHandlers: Object.fromEntries(
      [...taskNames].map((name) => [name, makeLocalHandler(name)]),
    ),
    waitTimeOverrides: { ...waitOverrides(states, options.waitScale), ...options.waitTimeOverrides },
    retryIntervalOverrides: {
      ...(options.noRetryDelay === true
        ? Object.fromEntries(states.filter((s) => "Retry" in s.state).map((s) => [s.name, 0]))
        : {}),
      ...Object.fromEntries(
        Object.entries(options.retryIntervalOverrides ?? {}).map(([name, value]) => [
          name,
          typeof value === "number" ? value : [...value],
        ]),
      ),
    },
  };
  const runOptions: RunOptions = { overrides };

  const machine = new StateMachine(executed as unknown as StateMachineDefinition, {
    validationOptions: { noValidate: true },
  });
  const startedAt = Date.now();
  // A shallow copy: getters of nested objects (a live `$$.State.EnteredTime`) stay as they are. What
  // Step Functions always provides and batchflow's states read gets a default: a live clock and an id.
  runOptions.context = {
    State: liveStateContext,
    // A lock state computes its lock machine's ARN from this one (`-locks` appended).
    StateMachine: { Id: "arn:aws:states:local:000000000000:stateMachine:local", Name: "local" },
    // A `.waitForTaskToken` job (`output: true`) puts its token in its environment. Nothing here
    // sends it back: the handler's return value is the result (the runner names a file instead).
    Task: { Token: localTaskToken },
    ...options.context,
    Execution: {
      Id: `arn:aws:states:local:000000000000:execution:local:${randomUUID()}`,
      ...options.context?.Execution,
      [pinnedStartTimeField]: new Date(startedAt).toISOString(),
    },
  };
  const execution = machine.run(jsonClone(options.input ?? {}) as JsonValue, runOptions);
  const consumed = (async () => {
    for await (const event of execution.eventLogs) {
      events.push(event);
      onEvent(event, events.length - 1);
      if (options.onEvent !== undefined) {
        try {
          options.onEvent(event);
        } catch (error) {
          handlerErrors.push(error);
        }
      }
    }
  })();

  const abort = (): void => execution.abort();
  if (options.signal?.aborted === true) abort();
  else options.signal?.addEventListener("abort", abort, { once: true });

  let outcome: Pick<AslRun, "status" | "output" | "error" | "cause">;
  try {
    outcome = { status: "SUCCEEDED", output: await execution.result };
  } catch (error) {
    if (error instanceof ExecutionError) {
      const cause = error.cause;
      outcome =
        cause instanceof Error
          ? { status: "FAILED", error: cause.name, cause: cause.message }
          : { status: "FAILED", error: String(cause) };
    } else if (error instanceof ExecutionTimeoutError) {
      outcome = { status: "TIMED_OUT" };
    } else if (error instanceof ExecutionAbortedError) {
      outcome = { status: "ABORTED" };
    } else {
      throw error;
    }
  } finally {
    options.signal?.removeEventListener("abort", abort);
    settled.abort();
  }
  const durationMs = Date.now() - startedAt;
  await consumed;

  return {
    ...outcome,
    events: [...events],
    tasks: [...tasks],
    statesEntered: eventsOfType(events, "StateEntered").map((event) => event.state.name),
    handlerErrors: [...handlerErrors],
    durationMs,
  };
}

function applyTaskTimeouts(
  states: readonly FoundState[],
  taskTimeoutMs: ExecuteAslOptions["taskTimeoutMs"],
): void {
  if (taskTimeoutMs === undefined) return;
  for (const { name, state } of states) {
    if (state.Type !== "Task") continue;
    const ms = typeof taskTimeoutMs === "number" ? taskTimeoutMs : taskTimeoutMs[name];
    if (ms === undefined) continue;
    if (!(ms > 0)) throw new RangeError(`taskTimeoutMs for state "${name}" must be > 0, got ${ms}`);
    delete state.TimeoutSecondsPath;
    // The library computes `TimeoutSeconds * 1000` and does not re-validate the executed copy.
    state.TimeoutSeconds = ms / 1000;
  }
}

function waitOverrides(states: readonly FoundState[], waitScale: number | undefined): Record<string, number> {
  if (waitScale === undefined) return {};
  const result: Record<string, number> = {};
  for (const { name, state } of states) {
    if (state.Type !== "Wait") continue;
    if (waitScale === 0) result[name] = 0;
    else if (typeof state.Seconds === "number") result[name] = state.Seconds * 1000 * waitScale;
  }
  return result;
}

/** `$$.State` with `EnteredTime` read when a state reads it: the current (or the fake clock's) time. */
const liveStateContext = {
  get EnteredTime(): string {
    return new Date().toISOString();
  },
};

function jsonClone(value: unknown): unknown {
  if (value === undefined) return null;
  return JSON.parse(JSON.stringify(value)) as unknown;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
