// Shared fixtures for the ASL tests: a minimal workflow around a flow, compile-and-validate, and small
// handler helpers for runAsl.
import { setTimeout as delay } from "node:timers/promises";
import {
  type CompiledWorkflow,
  type CompileOptions,
  compile,
  type Flow,
  fargate,
  type StateMachine,
  type Workflow,
  type WorkflowOptions,
  workflow,
} from "@batchflow/batchflow";
import { collectStates, type TaskCall, type TaskContext, TaskFailure, type TaskHandler } from "./run-asl.js";
import { validateAsl } from "./validate-asl.js";

export const testContainer = fargate({ image: "img" });

/** The options every test workflow shares: cluster "batch", one subnet, one image, `make run <job>`. */
export const baseOptions: WorkflowOptions = {
  cluster: "batch",
  network: { subnets: ["subnet-a"] },
  defaults: { task: testContainer, command: (name) => ["make", "run", name] },
};

/** A workflow named "wf" (or `name`) around `body`, with `baseOptions` plus `extra`. */
export function testWorkflow<J extends string>(
  body: Flow<J>,
  extra: Partial<WorkflowOptions> = {},
  name = "wf",
): Workflow<J> {
  return workflow(name, { ...baseOptions, ...extra }, body);
}

/** Compiles and insists that asl-validator accepts the state machine; throws with its errors otherwise. */
export function compileValid(wf: Workflow, options?: CompileOptions): CompiledWorkflow {
  const compiled = compile(wf, options);
  assertValidAsl(compiled.stateMachine);
  return compiled;
}

export function assertValidAsl(definition: StateMachine | object): void {
  const validation = validateAsl(definition);
  if (!validation.valid) {
    throw new Error(
      `asl-validator rejected the state machine:\n${validation.errors.join("\n")}\n${JSON.stringify(definition, null, 2)}`,
    );
  }
}

/** A state (found anywhere in the machine, branches included) by name. */
export function stateNamed(definition: object, name: string): Record<string, unknown> {
  const found = collectStates(definition).find((s) => s.name === name);
  if (found === undefined) throw new Error(`no state named ${JSON.stringify(name)}`);
  return found.state;
}

/** `["a#1", "b#1", "b#2"]`: every handler call as state#attempt, in call order. */
export function attemptsOf(tasks: ReadonlyArray<TaskCall>): string[] {
  return tasks.map((call) => `${call.state}#${call.attempt}`);
}

/** Job name -> number of handler calls. */
export function callCounts(tasks: ReadonlyArray<TaskCall>): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const call of tasks) counts[call.state] = (counts[call.state] ?? 0) + 1;
  return counts;
}

/** What each named job does per attempt; jobs not listed (and attempts past the list) succeed. */
export type Outcome = "ok" | "slow" | string;

/**
 * A handler scripted per job and attempt: `"ok"` succeeds, `"slow"` outlives any Task timeout (it waits
 * until the execution settles), any other string fails the attempt with that ASL error name.
 *
 * @example scripted({ b: ["States.TaskFailed", "States.TaskFailed"] }) // b fails twice, then succeeds
 */
export function scripted(script: Readonly<Record<string, ReadonlyArray<Outcome> | Outcome>>): TaskHandler {
  return async (call, context) => {
    const plan = script[call.state];
    const outcome = typeof plan === "string" ? plan : (plan?.[call.attempt - 1] ?? "ok");
    if (outcome === "ok") return {};
    if (outcome === "slow") return waitUntilSettled(context);
    throw new TaskFailure(outcome, `${call.state} attempt ${call.attempt}: ${outcome}`);
  };
}

/** Blocks until the execution has settled (the harness aborts `signal` then); the result is discarded. */
export async function waitUntilSettled({ signal }: TaskContext): Promise<object> {
  await delay(60_000, undefined, { signal }).catch(() => undefined);
  return {};
}

/**
 * A latch that opens once `parties` callers have arrived. `arrive()` resolves true when all arrived,
 * false if they did not within `patienceMs` (then the branches did not run at the same time).
 */
export function barrier(parties: number, patienceMs = 5_000): { arrive(): Promise<boolean> } {
  let arrived = 0;
  let open!: () => void;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return {
    async arrive() {
      arrived++;
      if (arrived === parties) open();
      let timer: NodeJS.Timeout | undefined;
      const gaveUp = new Promise<false>((resolve) => {
        timer = setTimeout(() => resolve(false), patienceMs);
      });
      try {
        return await Promise.race([opened.then(() => true as const), gaveUp]);
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

/** The ECS container override a Task state's handler received (its command and environment). */
export function containerOverride(call: TaskCall): {
  Command: string[];
  Environment?: Array<{ Name: string; Value: unknown }>;
} {
  const parameters = call.parameters as {
    Overrides: { ContainerOverrides: Array<{ Command: string[]; Environment?: [] }> };
  };
  const override = parameters.Overrides.ContainerOverrides[0];
  if (override === undefined) throw new Error(`${call.state} has no container override`);
  return override;
}

/** A Task call's resolved environment as a plain record. */
export function environmentOf(call: TaskCall): Record<string, unknown> {
  return Object.fromEntries((containerOverride(call).Environment ?? []).map((e) => [e.Name, e.Value]));
}
