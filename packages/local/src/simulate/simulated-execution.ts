import { mapFields } from "@batchflow/core";
import { parseRunTaskRequest } from "../ecs/run-task-request.js";
import { spotInterruption } from "../ecs/spot-interruption.js";
import { taskStoppedFailure } from "../ecs/task-stopped.js";
import { type AslRun, executeAsl, TaskFailure, type TaskHandler } from "../interpreter/execute-asl.js";
import { describeExecutionHandler, type ExecutionStatus } from "../lock/execution-status.js";
import { lockMachineHandler } from "../lock/lock-machine-call.js";
import type { LockStore } from "../lock/lock-store.js";
import type { Notification } from "../notify/notification.js";
import { runNotifyMachine } from "../notify/notify-machine-run.js";
import { maxOutputBytes, outputErrors, reportedFailure } from "../run/job-output.js";
import { executionContext, localExecutionArn, localStateMachineArn } from "../services/execution-context.js";
import { routeTasks } from "../services/route-tasks.js";
import { sendsOutput } from "../services/task-kind.js";
import { JobRuns } from "./job-runs.js";
import { type ServiceRecord, simulatedServices } from "./simulated-services.js";
import type { SimulationPlan } from "./simulation-plan.js";
import type { AttemptRecord } from "./trace.js";

/** What one simulated execution did, in virtual ms from the simulation's start (its clock zero). */
export interface ExecutionRecord {
  readonly run: AslRun;
  /** The job attempts the scenario served. */
  readonly records: ReadonlyArray<AttemptRecord>;
  /** Lock calls and notifications, for the trace. */
  readonly services: ReadonlyArray<ServiceRecord>;
  readonly notifications: ReadonlyArray<Notification>;
  /** When the execution started. */
  readonly startedAt: number;
}

export interface ExecutionSetting {
  /** Shared by every execution of the simulation. */
  readonly store: LockStore;
  /** What each execution of the simulation is doing, by ARN: what a lock state asks about its holder. */
  readonly statuses: Map<string, ExecutionStatus>;
  /** `$$.Execution.Name`, unique in the simulation: the lock owner is made from it. */
  readonly name: string;
  /** Virtual epoch ms of the simulation's start. */
  readonly clockZero: number;
  /** Virtual ms after the simulation's start at which this execution starts. */
  readonly startAfterMs: number;
  readonly signal: AbortSignal;
}

/**
 * Runs one execution of a plan on the (already installed) virtual clock: its jobs play their scripted
 * outcomes, its lock and notification states go to the simulation's services.
 */
export async function simulatedExecution(
  plan: SimulationPlan,
  setting: ExecutionSetting,
): Promise<ExecutionRecord> {
  const { clockZero } = setting;
  const at = (): number => Date.now() - clockZero;
  if (setting.startAfterMs > 0) await virtualSleep(setting.startAfterMs);
  const startedAt = at();
  const records: AttemptRecord[] = [];
  const services: ServiceRecord[] = [];
  const notifications: Notification[] = [];

  const runs = new JobRuns();
  const job: TaskHandler = async (call, { resource }) => {
    const name = plan.jobOfState.get(call.state) ?? call.state;
    const general = plan.scripts.get(name);
    if (general === undefined) throw new TaskFailure("Batchflow.NotAJob", `state "${name}" is not a job`);
    const item = mapItem(call.input);
    const script = general.forItem === undefined || item === noItem ? general : general.forItem(item);
    const request = parseRunTaskRequest(call.parameters);
    // Attempts count per job (and map item) across its Task states: see JobRuns.
    const runKey = call.mapIndex === undefined ? name : `${name}[${call.mapIndex}]`;
    const { attempt, planned } = runs.next(
      runKey,
      script,
      request.capacityProviders?.includes("FARGATE_SPOT"),
    );
    records.push({
      job: name,
      attempt,
      ...(call.mapIndex === undefined ? {} : { item: call.mapIndex }),
      start: at(),
      planned,
    });
    if (script.durationMs > 0) await virtualSleep(script.durationMs);
    if (planned.kind === "error") {
      throw new TaskFailure(
        planned.name,
        planned.cause ?? `simulated ${planned.name} (job "${name}", attempt ${attempt})`,
      );
    }
    const output = sendsOutput(resource);
    if (planned.kind === "interrupted") {
      throw taskStoppedFailure(name, request, spotInterruption, `simulated-${name}-${attempt}`);
    }
    if (planned.exitCode !== 0) {
      const stopped = taskStoppedFailure(
        name,
        request,
        { exitCode: planned.exitCode },
        `simulated-${name}-${attempt}`,
      );
      throw output ? reportedFailure(stopped) : stopped;
    }
    return output ? scriptedOutput(name, script.output) : {};
  };

  const { statuses } = setting;
  const arn = localExecutionArn(plan.workflow, setting.name);
  statuses.set(arn, "RUNNING");
  const route = routeTasks({
    job,
    ...simulatedServices(setting.store, at, services, notifications),
    "lock-machine": lockMachineHandler(plan.lockMachine, () => route),
    execution: describeExecutionHandler((holder) => statuses.get(holder)),
  });
  const run = await executeAsl(plan.executed.definition, {
    input: plan.input,
    task: route,
    taskTimeoutMs: plan.lockCallTimeouts,
    context: executionContext(plan.workflow, setting.name),
    validate: false,
    signal: setting.signal,
  });
  statuses.set(arn, run.status);
  if (run.status !== "ABORTED") {
    await runNotifyMachine(
      plan.notifyMachine,
      {
        workflow: plan.workflow,
        executionArn: arn,
        stateMachineArn: localStateMachineArn(plan.workflow),
        status: run.status,
        error: run.error,
        cause: run.cause,
        output: run.output,
        startedAt: clockZero + startedAt,
        stoppedAt: Date.now(),
      },
      route,
      run.events.length - 1,
    );
  }
  return { run, records, services, notifications, startedAt };
}

const noItem = Symbol("no item");

/** The item a job inside a map() runs for: its iteration's input holds it (docs/dsl.md, map). */
function mapItem(input: unknown): unknown {
  return typeof input === "object" && input !== null && mapFields.item in input
    ? (input as Record<string, unknown>)[mapFields.item]
    : noItem;
}

/** What a job with `output: true` sends, as a local run reads it from its file. */
function scriptedOutput(job: string, output: unknown): unknown {
  if (output === undefined) {
    throw new TaskFailure(
      outputErrors.notSent,
      `job "${job}" has output: true and the scenario gives it none: add jobs: { "${job}": { output: [...] } }`,
    );
  }
  const size = Buffer.byteLength(JSON.stringify(output));
  if (size > maxOutputBytes) {
    throw new TaskFailure(
      outputErrors.notSent,
      `job "${job}" sends a result of ${size} bytes; Step Functions takes at most ${maxOutputBytes} (256 KiB)`,
    );
  }
  return output;
}

/** Resolves after `ms` of (virtual, while a simulation runs) time. */
function virtualSleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
