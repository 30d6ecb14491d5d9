// Runs a compiled workflow's ASL the way Step Functions would see it from outside: a real execution
// ARN, a live `$$.State.EnteredTime`, ECS jobs as timed sleeps, and every other integration handed
// to the caller. For tests of the states batchflow generates around jobs (locks, notifications).
import { setTimeout as delay } from "node:timers/promises";
import type { CompiledWorkflow } from "@batchflow/aws";
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

export async function executeCompiled(
  compiled: CompiledWorkflow,
  options: ExecutionOptions,
): Promise<AslRun> {
  const definition = compiled.stateMachine;
  const resources = new Map(collectStates(definition).map((s) => [s.name, String(s.state.Resource ?? "")]));
  const id = executionArn(compiled.name, options.id);
  return runAsl(definition, {
    ...(options.input === undefined ? {} : { input: options.input }),
    context: {
      Execution: { Id: id, Name: options.id },
      State: {
        get EnteredTime() {
          return new Date().toISOString();
        },
      },
    } as never,
    // Lock polls and group budgets are real Wait states: a tenth of their time keeps tests quick.
    waitScale: 0.1,
    noRetryDelay: true,
    ...(options.taskTimeoutMs ? { taskTimeoutMs: options.taskTimeoutMs } : {}),
    task: async (call) => {
      const resource = resources.get(call.state) ?? "";
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
}

/** True when no two intervals overlap. */
export function disjoint(intervals: ReadonlyArray<JobInterval>): boolean {
  const sorted = [...intervals].sort((a, b) => a.start - b.start);
  return sorted.every((iv, i) => i === 0 || sorted[i - 1]!.end <= iv.start);
}
