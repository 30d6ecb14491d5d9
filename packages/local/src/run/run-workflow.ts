import { type CompiledWorkflow, lockBusyCause } from "@batchflow/aws";
import { collectStates, executeAsl } from "../interpreter/execute-asl.js";
import { describeExecutionHandler, localRunStatus } from "../lock/execution-status.js";
import { lockHandler } from "../lock/lock-handler.js";
import { lockMachineHandler } from "../lock/lock-machine-call.js";
import { lockScopes, scopesByBusyState } from "../lock/lock-scopes.js";
import { skippedOf } from "../lock/skipped-output.js";
import { runNotifyMachine } from "../notify/notify-machine-run.js";
import { JobBoard } from "../progress/job-board.js";
import { dockerRunner } from "../runner/docker-runner.js";
import type { JobRunner } from "../runner/job-runner.js";
import { processRunner } from "../runner/process-runner.js";
import { executionContext, localExecutionArn, localStateMachineArn } from "../services/execution-context.js";
import { internalStates } from "../services/internal-states.js";
import { routeTasks } from "../services/route-tasks.js";
import { HeldLocks } from "./held-locks.js";
import { runEventOf } from "./interpreter-events.js";
import { interpreterTimeouts } from "./interpreter-timeouts.js";
import { JobLogs } from "./job-logs.js";
import { summarize } from "./job-summary.js";
import { LiveJobs } from "./live-jobs.js";
import { lockRunEvent } from "./lock-events.js";
import { notifyTasks } from "./notify-tasks.js";
import { ParallelScopes } from "./parallel-scopes.js";
import { RetryForecast } from "./retry-forecast.js";
import { createRunDirectory } from "./run-directory.js";
import type { RunEvent, RunEventOf } from "./run-events.js";
import type { RunResult, RunWorkflowOptions } from "./run-options.js";
import { prepareRun } from "./run-setup.js";
import { secretMask } from "./secret-mask.js";
import { taskExecutor } from "./task-executor.js";

/**
 * Runs a compiled workflow on this machine: its ASL (the same JSON that deploys) is executed by
 * aws-local-stepfunctions, and every ECS Task state is carried out by a job runner (local processes by
 * default, or `docker run`); lock states use the project's file lock store, notification states post
 * to their webhook (or print, `dryNotify`). Checks everything it can first (secret values, working directory, the
 * Docker engine, the trace file) and throws a `RunSetupError` before anything starts; then resolves
 * once the execution has ended and no job process is left.
 */
export async function runWorkflow(
  compiled: CompiledWorkflow,
  options: RunWorkflowOptions,
): Promise<RunResult> {
  const prepared = await prepareRun(compiled, options);
  const { root, env, timeScaled, catalog, jobs, cwd, secrets, trace, stopTimeoutMs, lockStore } = prepared;
  const runnerKind = prepared.runner;
  const { runId, dir: logDir } = createRunDirectory(root);
  const runner: JobRunner =
    runnerKind === "docker" ? dockerRunner({ runId, baseEnv: env }) : processRunner({ cwd, baseEnv: env });
  const names = catalog.map((j) => j.name);
  const board = new JobBoard(names);
  const logs = new JobLogs(logDir);
  const notifications: Array<RunResult["notifications"][number]> = [];
  const emit = (event: RunEvent): void => {
    if (event.type === "Notification") notifications.push(notificationOf(event));
    board.apply(event);
    trace?.write(event);
    options.onEvent?.(event);
  };

  const live = new LiveJobs(logDir);
  // A failed map abandons its running items as a failed Parallel state abandons its branches.
  const parallelStates = new Set([
    ...collectStates(timeScaled.definition)
      .filter((s) => s.state.Type === "Parallel")
      .map((s) => s.name),
    ...Object.entries(compiled.stateRoles)
      .filter(([, role]) => role.kind === "map")
      .map(([name]) => name),
  ]);
  const scopes = new ParallelScopes(parallelStates);
  const locks = lockScopes(compiled.stateRoles);
  const internal = internalStates(compiled.stateRoles);
  const busyStates = scopesByBusyState(locks);
  // Lock calls are reported under the name of the state that called the lock machine.
  const waitByAcquire = new Map([...locks.values()].map((l) => [l.acquire, l.waitSeconds]));
  const held = new HeldLocks();
  const forecast = new RetryForecast((state) => jobs.get(state)?.retry ?? [], timeScaled.noRetryDelay);
  const lastError = new Map<string, string>();
  let closed = false;

  const onInterpreterEvent = (event: Parameters<typeof runEventOf>[0]): void => {
    const runEvent = runEventOf(event, (state) => lastError.get(state) ?? "", internal);
    if (runEvent === undefined) return;
    const lock = runEvent.type === "StateEntered" ? busyStates.get(runEvent.state) : undefined;
    if (lock !== undefined) {
      emit({
        type: "LockNotAcquired",
        time: runEvent.time,
        lock: lock.lock,
        table: lock.table,
        state: lock.acquire,
        onBusy: lock.onBusy,
        jobs: lock.jobs,
        cause: lockBusyCause(lock.lock, lock.waitSeconds),
      });
    }
    if (runEvent.type === "StateEntered" && jobs.has(runEvent.state)) forecast.entered(runEvent.state);
    if (runEvent.type === "StateFailed") {
      lastError.set(runEvent.state, runEvent.error);
      // Before the StateFailed event, so that progress knows the failure is not final.
      if (jobs.has(runEvent.state) && !closed && board.get(runEvent.state)?.status !== "stopped") {
        const next = forecast.failed(runEvent.state, runEvent.error);
        if (next !== undefined)
          emit({ type: "RetryScheduled", time: runEvent.time, job: runEvent.state, ...next });
      }
    }
    emit(runEvent);
    if ("stateType" in runEvent) {
      const failedParallel = scopes.observe(runEvent.type, runEvent.state);
      if (failedParallel !== undefined)
        live.stopWhere((j) => j.parallels.includes(failedParallel), "aborted");
    }
  };

  const interrupt = (): void => {
    closed = true;
    live.stopAll("interrupted");
  };
  const kill = (): void => live.killAll();
  options.signal?.addEventListener("abort", interrupt, { once: true });
  options.killSignal?.addEventListener("abort", kill, { once: true });

  options.onStart?.({ workflow: compiled.name, runId, logDir, runner: runnerKind, jobs: names });
  const started = Date.now();
  emit({
    type: "ExecutionStarted",
    time: started,
    workflow: compiled.name,
    runId,
    runner: runnerKind,
    input: options.input ?? {},
  });
  try {
    const route = routeTasks({
      job: taskExecutor({
        jobs,
        taskDefinitions: compiled.taskDefinitions,
        runner,
        secrets,
        mask: secretMask(secrets.values()),
        live,
        scopes,
        logs,
        emit,
        stopTimeoutMs,
        closed: () => closed || options.signal?.aborted === true,
      }),
      ...(lockStore === undefined
        ? {}
        : {
            lock: lockHandler(lockStore, (report) => {
              held.observe(report);
              emit(lockRunEvent(report, Date.now(), waitByAcquire.get(report.state)));
            }),
            "lock-machine": lockMachineHandler(
              compiled.lockMachine && { workflow: compiled.name, definition: compiled.lockMachine },
              () => route,
            ),
            execution: describeExecutionHandler(localRunStatus(root)),
          }),
      ...notifyTasks({
        dryNotify: options.dryNotify === true,
        webhook: prepared.notifyWebhook,
        envFileShown: prepared.envFileShown,
        emit,
      }),
    });
    const run = await executeAsl(timeScaled.definition, {
      input: options.input ?? {},
      task: route,
      // `$$.Execution.Id` is the lock owner: unique per run.
      context: executionContext(compiled.name, runId),
      waitTimeOverrides: timeScaled.waitTimeOverrides,
      noRetryDelay: timeScaled.noRetryDelay,
      taskTimeoutMs: interpreterTimeouts(catalog, compiled, stopTimeoutMs, timeScaled.definition),
      onEvent: onInterpreterEvent,
      // The compiler's output; the library's validator (asl-validator) would add ~300 ms to every run.
      validate: false,
      ...(options.signal === undefined ? {} : { signal: options.signal }),
    });
    closed = true;
    live.stopAll("aborted");
    await live.idle();
    // Aborted (Ctrl-C) before its release states ran: give the locks back once every job is gone.
    if (lockStore !== undefined && run.status === "ABORTED") {
      await held.releaseAll(lockStore, (report) => emit(lockRunEvent(report, Date.now())));
    }
    const ended = Date.now();
    // As on AWS, the run's ending starts the notify machine (not for a run stopped here with Ctrl-C).
    if (run.status !== "ABORTED") {
      await runNotifyMachine(
        compiled.notifyMachine,
        {
          workflow: compiled.name,
          executionArn: localExecutionArn(compiled.name, runId),
          stateMachineArn: localStateMachineArn(compiled.name),
          status: run.status,
          error: run.error,
          cause: run.cause,
          output: run.output,
          startedAt: started,
          stoppedAt: ended,
        },
        route,
      );
    }
    emit(
      run.status === "SUCCEEDED"
        ? { type: "ExecutionSucceeded", time: ended }
        : run.status === "FAILED"
          ? { type: "ExecutionFailed", time: ended, error: run.error ?? "", cause: run.cause ?? "" }
          : run.status === "TIMED_OUT"
            ? { type: "ExecutionTimedOut", time: ended }
            : { type: "ExecutionAborted", time: ended },
    );
    board.finish();
    const skipped = run.status === "SUCCEEDED" ? skippedOf(run.output) : undefined;
    return {
      workflow: compiled.name,
      runId,
      logDir,
      runner: runnerKind,
      jobs: names,
      status: run.status,
      ...(run.error === undefined ? {} : { error: run.error }),
      ...(run.cause === undefined ? {} : { cause: run.cause }),
      ...(run.status === "SUCCEEDED" ? { output: run.output } : {}),
      durationMs: ended - started,
      summary: summarize(board, logs, started),
      ...(trace === undefined ? {} : { tracePath: trace.path }),
      ...(skipped === undefined ? {} : { skipped }),
      notifications,
    };
  } finally {
    closed = true;
    live.stopAll("aborted");
    await live.idle();
    live.close();
    options.signal?.removeEventListener("abort", interrupt);
    options.killSignal?.removeEventListener("abort", kill);
    logs.close();
    await trace?.close();
  }
}

/** The message of a Notification event, with how it went. */
function notificationOf(event: RunEventOf<"Notification">): RunResult["notifications"][number] {
  return event.via === "slack"
    ? {
        via: "slack",
        ...(event.channel === undefined ? {} : { channel: event.channel }),
        text: event.text,
        delivery: event.delivery,
      }
    : {
        via: "sns",
        topicArn: event.topicArn,
        ...(event.subject === undefined ? {} : { subject: event.subject }),
        text: event.text,
        delivery: event.delivery,
      };
}
