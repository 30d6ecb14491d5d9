import { parseRunTaskRequest } from "../ecs/run-task-request.js";
import { spotInterruption } from "../ecs/spot-interruption.js";
import { taskStoppedFailure } from "../ecs/task-stopped.js";
import { type AslRun, executeAsl, TaskFailure, type TaskHandler } from "../interpreter/execute-asl.js";
import { describeExecutionHandler, type ExecutionStatus } from "../lock/execution-status.js";
import { lockMachineHandler } from "../lock/lock-machine-call.js";
import type { LockStore } from "../lock/lock-store.js";
import type { Notification } from "../notify/notification.js";
import { runNotifyMachine } from "../notify/notify-machine-run.js";
import { executionContext, localExecutionArn, localStateMachineArn } from "../services/execution-context.js";
import { routeTasks } from "../services/route-tasks.js";
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
  const job: TaskHandler = async (call) => {
    const name = plan.jobOfState.get(call.state) ?? call.state;
    const script = plan.scripts.get(name);
    if (script === undefined) throw new TaskFailure("Batchflow.NotAJob", `state "${name}" is not a job`);
    const request = parseRunTaskRequest(call.parameters);
    const { attempt, planned } = runs.next(name, script, request.capacityProviders?.includes("FARGATE_SPOT"));
    records.push({ job: name, attempt, start: at(), planned });
    if (script.durationMs > 0) await virtualSleep(script.durationMs);
    if (planned.kind === "error") {
      throw new TaskFailure(
        planned.name,
        planned.cause ?? `simulated ${planned.name} (job "${name}", attempt ${attempt})`,
      );
    }
    if (planned.kind === "interrupted") {
      throw taskStoppedFailure(name, request, spotInterruption, `simulated-${name}-${attempt}`);
    }
    if (planned.exitCode !== 0) {
      throw taskStoppedFailure(name, request, { exitCode: planned.exitCode }, `simulated-${name}-${attempt}`);
    }
    return {};
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

/** Resolves after `ms` of (virtual, while a simulation runs) time. */
function virtualSleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
