// Virtual time for simulate(): @sinonjs/fake-timers replaces the global timers and Date while one
// simulation runs, and this module drives that clock until the simulated execution settles.
//
// How aws-local-stepfunctions 3.0.0 waits (read from its build, see docs/testing.md): Wait states and
// retry back-offs go through one `sleep(ms, abortSignal)` helper built on the GLOBAL `setTimeout`
// (looked up at call time); a Task's `TimeoutSeconds` is a global `setTimeout` raced against the task;
// the execution-level `TimeoutSeconds` is a global `setTimeout` too; event timestamps and Wait
// `Timestamp`s use `Date.now()`. It never uses `node:timers/promises`, `AbortSignal.timeout` or
// `performance.now()`; everything else it does is promise (microtask) work. executeAsl() pairs handler
// calls with events through the global `setImmediate`. So faking setTimeout, setImmediate, setInterval
// (and their clear functions) and Date puts every wait of the interpreter on the virtual clock, and the
// event timestamps become virtual milliseconds.
//
// Driving: with those faked, everything the execution does between two timers is microtasks. One REAL
// setImmediate turn drains all of them; then, if the execution has not settled, the earliest fake timer
// is fired (`clock.next()`, which moves virtual time to it). Timers due at the same virtual time fire one
// by one in creation order, with the microtasks they cause in between, as Node's timers phase does.
import type * as FakeTimers from "@sinonjs/fake-timers";
import { simulateError } from "./simulate-error.js";

const faked = [
  "setTimeout",
  "clearTimeout",
  "setImmediate",
  "clearImmediate",
  "setInterval",
  "clearInterval",
  "Date",
] as const;

/** Turns with no timer left and no settled execution before giving up (one suffices in practice). */
const idleTurnsBeforeStall = 20;

export interface VirtualClockOptions {
  /** Virtual epoch milliseconds the clock starts at. */
  readonly startMs: number;
  /** Timers fired before giving up with BF1524. */
  readonly stepLimit: number;
  /** For messages. */
  readonly workflow: string;
  /** Called when the run is given up (BF1524/BF1525), before the clock is uninstalled. */
  readonly onGiveUp: () => void;
}

/*
 * Loaded on the first simulation: `batchflow run` shares this code's chunk and never needs it (some
 * twenty CommonJS modules, 10 to 25 ms at every start).
 */
let fakeTimers: Promise<typeof FakeTimers> | undefined;
function loadFakeTimers(): Promise<typeof FakeTimers> {
  fakeTimers ??= import("@sinonjs/fake-timers");
  return fakeTimers;
}

/**
 * Runs `body` with virtual timers and Date, firing timers until the promise it returns settles. The clock
 * is always uninstalled before this returns or throws. Not re-entrant: callers serialise (see `serialised`).
 */
export async function runOnVirtualClock<T>(body: () => Promise<T>, options: VirtualClockOptions): Promise<T> {
  assertRealTimers(options.workflow);
  const { withGlobal } = await loadFakeTimers();
  const realSetImmediate = globalThis.setImmediate;
  const realTurn = (): Promise<void> => new Promise((resolve) => realSetImmediate(resolve));
  const clock = withGlobal(globalThis).install({
    now: options.startMs,
    toFake: [...faked],
    shouldClearNativeTimers: true,
  });
  try {
    allowLongTimeouts();
    let settled = false;
    const running = body();
    running.then(
      () => {
        settled = true;
      },
      () => {
        settled = true;
      },
    );
    let steps = 0;
    let idle = 0;
    for (;;) {
      await realTurn();
      if (settled) break;
      if (clock.countTimers() === 0) {
        if (++idle < idleTurnsBeforeStall) continue;
        options.onGiveUp();
        throw simulateError(
          "BF1525",
          "the simulation stalled: the execution is waiting, but no timer is left to fire",
          "this is a bug in batchflow or in the interpreter; please report it with the workflow and scenario",
          { workflow: options.workflow },
        );
      }
      idle = 0;
      if (++steps > options.stepLimit) {
        options.onGiveUp();
        throw simulateError(
          "BF1524",
          `the simulation did not finish within ${options.stepLimit.toLocaleString("en-US")} steps (timers fired); it stopped at ${formatVirtual(clock.now - options.startMs)} of virtual time`,
          "a job that fails on every attempt under a retry with a huge maxAttempts takes that many steps; script failTimes, lower maxAttempts, or raise simulate()'s stepLimit option",
          { workflow: options.workflow },
        );
      }
      clock.next();
    }
    return await running;
  } finally {
    clock.uninstall();
  }
}

type TimerCallback = (...args: unknown[]) => void;
interface TimerGlobals {
  setTimeout: (callback: TimerCallback, ms?: number, ...args: unknown[]) => unknown;
  clearTimeout: (id?: unknown) => void;
}

/** Node and the fake clock fire a timer of more than this many milliseconds after 1 ms. */
export const maxTimerMs = 2 ** 31 - 1;

/**
 * Wraps the installed fake setTimeout/clearTimeout so a timeout longer than 2^31 - 1 ms (24.8 days: a
 * long TimeoutSeconds, group budget or retry back-off) fires on time, as a chain of shorter fake timers,
 * instead of after 1 ms. Uninstalling the clock restores the real functions over the wrappers.
 */
function allowLongTimeouts(): void {
  const timers = globalThis as unknown as TimerGlobals;
  const fakeSetTimeout = timers.setTimeout;
  const fakeClearTimeout = timers.clearTimeout;
  const chained = new Map<object, unknown>();
  timers.setTimeout = (callback, ms, ...args) => {
    if (!(typeof ms === "number" && ms > maxTimerMs)) return fakeSetTimeout(callback, ms, ...args);
    const handle = {};
    const arm = (left: number): void => {
      const next =
        left > maxTimerMs
          ? () => arm(left - maxTimerMs)
          : () => {
              chained.delete(handle);
              callback(...args);
            };
      chained.set(handle, fakeSetTimeout(next, Math.min(left, maxTimerMs)));
    };
    arm(ms);
    return handle;
  };
  timers.clearTimeout = (id) => {
    if (typeof id === "object" && id !== null && chained.has(id)) {
      fakeClearTimeout(chained.get(id));
      chained.delete(id);
    } else {
      fakeClearTimeout(id);
    }
  };
}

const lockKey = Symbol.for("batchflow.simulate.lock");

/** Chains `fn` after every earlier call, across every copy of this module: there is one global clock. */
export function serialised<T>(fn: () => Promise<T>): Promise<T> {
  const holder = globalThis as { [lockKey]?: Promise<void> };
  const run = (holder[lockKey] ?? Promise.resolve()).then(fn);
  holder[lockKey] = run.then(
    () => undefined,
    () => undefined,
  );
  return run;
}

function assertRealTimers(workflow: string): void {
  const isFake = (fn: unknown): boolean => typeof fn === "function" && "clock" in fn;
  if (
    (Date as { isFake?: boolean }).isFake === true ||
    isFake(globalThis.setTimeout) ||
    isFake(globalThis.setImmediate)
  ) {
    throw simulateError(
      "BF1523",
      "simulate() was called while fake timers are installed (e.g. vi.useFakeTimers())",
      "simulate() brings its own virtual clock: call vi.useRealTimers() before it, or move it to a test without fake timers",
      { workflow },
    );
  }
}

function formatVirtual(ms: number): string {
  const seconds = ms / 1000;
  return seconds >= 3600 ? `${(seconds / 3600).toFixed(2)} h` : `${seconds.toFixed(3)} s`;
}
