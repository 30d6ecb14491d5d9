// Runs a compiled workflow's ASL the way Step Functions would see it from outside: a real execution
// ARN, a live `$$.State.EnteredTime`, ECS jobs as timed sleeps, and every other integration handed
// to the caller. For tests of the states batchflow generates around jobs (locks, notifications).

import { randomUUID } from "node:crypto";
import { setTimeout as delay } from "node:timers/promises";
import {
  type CompiledWorkflow,
  lockMachineName,
  notifyMachineName,
  startExecutionSync,
} from "@batchflow/aws";
import { testAccount, testRegion } from "./moto.js";
import { type AslRun, collectStates, runAsl, TaskFailure } from "./run-asl.js";

export interface JobInterval {
  readonly execution: string;
  readonly job: string;
  readonly start: number;
  readonly end: number;
}

export interface ScriptedJob {
  readonly ms?: number;
  /** Called as the job starts. */
  readonly started?: () => void;
  /** The job ends only once this has settled too (after `ms`). */
  readonly until?: Promise<unknown>;
  /** Exit with this code: `States.TaskFailed` with an ECS-shaped cause. */
  readonly exitCode?: number;
  /** Fail with this error instead. */
  readonly error?: string;
}

export interface ExecutionOptions {
  readonly id: string;
  readonly jobs?: Readonly<Record<string, ScriptedJob>>;
  /** Serves every non-ECS Task state, by its Resource. */
  readonly integration: (resource: string, parameters: unknown, state: string) => Promise<unknown> | unknown;
  readonly intervals?: JobInterval[];
  readonly input?: unknown;
  readonly taskTimeoutMs?: Readonly<Record<string, number>>;
}

export function executionArn(workflow: string, id: string): string {
  return `arn:aws:states:${testRegion}:${testAccount}:execution:${workflow}:${id}`;
}

/** The ECS task description Step Functions puts in the cause of a failed `.sync` job. */
export function ecsCause(job: string, exitCode: number): string {
  return JSON.stringify({
    Containers: [{ ExitCode: exitCode, LastStatus: "STOPPED", Name: "main" }],
    Group: `batchflow:${job}`,
    LastStatus: "STOPPED",
    StopCode: "EssentialContainerExited",
    StoppedReason: "Essential container in task exited",
  });
}

/** A context object (`$$`) with a real execution ARN and a live `$$.State.EnteredTime`. */
function contextOf(workflow: string, id: string): never {
  return {
    Execution: { Id: executionArn(workflow, id), Name: id },
    StateMachine: {
      Id: `arn:aws:states:${testRegion}:${testAccount}:stateMachine:${workflow}`,
      Name: workflow,
    },
    State: {
      get EnteredTime() {
        return new Date().toISOString();
      },
    },
  } as never;
}

function resourcesOf(definition: object): Map<string, string> {
  return new Map(collectStates(definition).map((s) => [s.name, String(s.state.Resource ?? "")]));
}

/**
 * A `startExecution.sync:2` call of the workflow's lock machine, as Step Functions runs it: a child
 * execution whose integrations go to the caller too, its output handed back as `Output`; a child
 * that does not succeed fails the call with `States.TaskFailed`. Its polls run at a tenth of their
 * time, as the workflow's own Wait states do here.
 */
async function runLockMachine(
  compiled: CompiledWorkflow,
  call: { readonly state: string; readonly parameters: unknown },
  options: ExecutionOptions,
  entered: string[],
): Promise<unknown> {
  const machine = compiled.lockMachine;
  const { Input: input } = call.parameters as { Input: { poll?: number } };
  if (machine === undefined) throw new Error(`${compiled.name} has no lock machine`);
  const name = lockMachineName(compiled.name);
  const id = randomUUID();
  const resources = resourcesOf(machine);
  const run = await runAsl(machine, {
    input,
    context: contextOf(name, id),
    waitTimeOverrides: { poll: (input.poll ?? 0) * 100 },
    noRetryDelay: true,
    task: (inner) => options.integration(resources.get(inner.state) ?? "", inner.parameters, inner.state),
  });
  entered.push(...run.statesEntered.map((state) => `${call.state}/${state}`));
  const description = { ExecutionArn: executionArn(name, id), Status: run.status };
  if (run.status === "SUCCEEDED") return { ...description, Output: run.output };
  throw new TaskFailure("States.TaskFailed", JSON.stringify({ ...description, Error: run.error }));
}

/**
 * An execution, the states its lock machine calls entered (`<calling state>/<state>`, in order),
 * and those of the notify machine its ending started (none when its rule does not fire).
 */
export type CompiledRun = AslRun & {
  readonly lockMachineStates: ReadonlyArray<string>;
  readonly notifyMachineStates: ReadonlyArray<string>;
};

/**
 * What the workflow's notify rule does when the execution has ended: start the notify machine
 * with the status-change event, its integrations going to the caller, its DescribeExecution of
 * the run answered from the run.
 */
async function runNotifyMachine(
  compiled: CompiledWorkflow,
  options: ExecutionOptions,
  run: AslRun,
  startedAt: number,
): Promise<ReadonlyArray<string>> {
  const machine = compiled.notifyMachine;
  if (machine === undefined || !machine.statuses.includes(run.status)) return [];
  const arn = executionArn(compiled.name, options.id);
  const stateMachineArn = `arn:aws:states:${testRegion}:${testAccount}:stateMachine:${compiled.name}`;
  const description = {
    ExecutionArn: arn,
    StateMachineArn: stateMachineArn,
    Status: run.status,
    StartDate: new Date(startedAt).toISOString(),
    StopDate: new Date().toISOString(),
    ...(run.error === undefined ? {} : { Error: run.error }),
    ...(run.cause === undefined ? {} : { Cause: run.cause }),
    ...(run.status === "SUCCEEDED" ? { Output: JSON.stringify(run.output) } : {}),
  };
  const resources = resourcesOf(machine.definition);
  const notified = await runAsl(machine.definition, {
    input: { source: "aws.states", detail: { executionArn: arn, stateMachineArn, status: run.status } },
    context: contextOf(notifyMachineName(compiled.name), randomUUID()),
    noRetryDelay: true,
    task: (call) => {
      const resource = resources.get(call.state) ?? "";
      if ((call.parameters as { ExecutionArn?: string }).ExecutionArn === arn) return description;
      return options.integration(resource, call.parameters, call.state);
    },
  });
  if (notified.status !== "SUCCEEDED")
    throw new Error(`the notify machine ${notified.status}: ${notified.error}`);
  return notified.statesEntered;
}

export async function executeCompiled(
  compiled: CompiledWorkflow,
  options: ExecutionOptions,
): Promise<CompiledRun> {
  const definition = compiled.stateMachine;
  const resources = resourcesOf(definition);
  const lockMachineStates: string[] = [];
  const startedAt = Date.now();
  const run = await runAsl(definition, {
    ...(options.input === undefined ? {} : { input: options.input }),
    context: contextOf(compiled.name, options.id),
    // Lock polls and group budgets are real Wait states: a tenth of their time keeps tests quick.
    waitScale: 0.1,
    noRetryDelay: true,
    ...(options.taskTimeoutMs ? { taskTimeoutMs: options.taskTimeoutMs } : {}),
    task: async (call) => {
      const resource = resources.get(call.state) ?? "";
      if (resource === startExecutionSync) return runLockMachine(compiled, call, options, lockMachineStates);
      if (resource !== "arn:${AWS::Partition}:states:::ecs:runTask.sync") {
        return options.integration(resource, call.parameters, call.state);
      }
      const script = options.jobs?.[call.state] ?? {};
      const start = Date.now();
      script.started?.();
      await delay(script.ms ?? 0);
      await script.until;
      options.intervals?.push({ execution: options.id, job: call.state, start, end: Date.now() });
      if (script.exitCode !== undefined && script.exitCode !== 0) {
        throw new TaskFailure("States.TaskFailed", ecsCause(call.state, script.exitCode));
      }
      if (script.error !== undefined) throw new TaskFailure(script.error, `${call.state} failed`);
      return {};
    },
  });
  const notifyMachineStates = await runNotifyMachine(compiled, options, run, startedAt);
  return { ...run, lockMachineStates, notifyMachineStates };
}

/** True when no two intervals overlap. */
export function disjoint(intervals: ReadonlyArray<JobInterval>): boolean {
  const sorted = [...intervals].sort((a, b) => a.start - b.start);
  return sorted.every((iv, i) => i === 0 || sorted[i - 1]!.end <= iv.start);
}
