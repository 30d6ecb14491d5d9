import { randomBytes } from "node:crypto";
import type { ContainerDefinition, RegisterTaskDefinitionInput } from "@batchflow/aws";
import { parseRunTaskRequest, type RunTaskRequest } from "../ecs/run-task-request.js";
import { stoppedTaskDescription, taskStoppedFailure } from "../ecs/task-stopped.js";
import { TaskFailure, type TaskHandler } from "../interpreter/execute-asl.js";
import { statesTimeout } from "../interpreter/states-timeout.js";
import { signalExitCode } from "../runner/exit-status.js";
import type { JobExit, JobRunner } from "../runner/job-runner.js";
import { sendsOutput } from "../services/task-kind.js";
import type { CatalogJob } from "./job-catalog.js";
import type { JobLogs } from "./job-logs.js";
import {
  outputErrors,
  outputFilePath,
  outputFileVariable,
  readJobOutput,
  reportedFailure,
} from "./job-output.js";
import type { LiveJob, LiveJobs } from "./live-jobs.js";
import type { ParallelScopes } from "./parallel-scopes.js";
import type { AttemptOutcome, RunEvent } from "./run-events.js";
import { jobTokenVariable } from "./run-process-record.js";
import type { SecretMask } from "./secret-mask.js";

/** setTimeout's limit; a longer job timeout (over 24 days) is not enforced. */
const maxTimerMs = 2_147_483_647;

export interface TaskExecutorContext {
  readonly jobs: ReadonlyMap<string, CatalogJob>;
  readonly taskDefinitions: Readonly<Record<string, RegisterTaskDefinitionInput>>;
  readonly runner: JobRunner;
  readonly secrets: ReadonlyMap<string, string>;
  readonly mask: SecretMask;
  readonly live: LiveJobs;
  readonly scopes: ParallelScopes;
  readonly logs: JobLogs;
  readonly emit: (event: RunEvent) => void;
  /** SIGTERM-to-SIGKILL time of a container. */
  readonly stopTimeoutMs: (container: ContainerDefinition) => number;
  /** True once the run was interrupted or the execution settled: nothing new starts. */
  readonly closed: () => boolean;
}

/**
 * The handler of every ECS Task state: runs the job with the runner, enforces the state's
 * `TimeoutSeconds` (SIGTERM, then SIGKILL after the stop timeout, then `States.Timeout` once the job is
 * gone), and maps how it ended to what Step Functions reports: the stopped task's description on
 * success, `States.TaskFailed` with an ECS-shaped cause on a non-zero exit.
 */
export function taskExecutor(ctx: TaskExecutorContext): TaskHandler {
  return async ({ state, parameters, attempt, mapIndex }, { resource }) => {
    const item = mapIndex === undefined ? {} : { item: mapIndex };
    const job = ctx.jobs.get(state);
    if (job === undefined || ctx.closed() || !ctx.scopes.allActive(job.parallels)) {
      throw new TaskFailure("Batchflow.Aborted", `job "${state}" was not started: its branch was aborted`);
    }
    const request = parseRunTaskRequest(parameters);
    const container = ctx.taskDefinitions[request.family]?.containerDefinitions.find(
      (c) => c.name === request.container,
    );
    const taskId = randomBytes(16).toString("hex");
    if (container === undefined) {
      throw new TaskFailure(
        "ECS.AmazonECSException",
        `ClientException: no task definition ${request.family} with a container ${request.container}`,
      );
    }

    const started = Date.now();
    const stopTimeoutMs = ctx.stopTimeoutMs(container);
    const log = ctx.logs.pathOf(state);
    // Recorded before the spawn, and again with the pid right after: a runner killed in between
    // leaves a job its supervisor still finds, by this token in the job's environment.
    const token = randomBytes(8).toString("hex");
    const outputFile = sendsOutput(resource) ? outputFilePath(ctx.logs.dir, state, token) : undefined;
    ctx.live.starting(token, { attempt, stopTimeoutMs, log });
    const running = ctx.runner.start({
      job: state,
      attempt,
      command: request.command,
      env: {
        ...jobEnvironment(container, request, ctx.secrets),
        [jobTokenVariable]: token,
        ...(outputFile === undefined ? {} : { [outputFileVariable]: outputFile }),
      },
      image: container.image,
      platform: platformOf(ctx.taskDefinitions[request.family]!),
      unsplittable: ctx.mask.texts,
      onLine: (raw, stream) => {
        const line = ctx.mask(raw);
        ctx.logs.line(state, line);
        ctx.emit({ type: "JobOutput", time: Date.now(), job: state, attempt, stream, line });
      },
      onSignal: (signal) => {
        const reason = live.stoppedBy ?? "aborted";
        ctx.logs.marker(state, `attempt ${attempt}: ${signal} sent (${reason})`);
        ctx.emit({ type: "JobStopping", time: Date.now(), job: state, attempt, reason, signal });
      },
    });
    const live: LiveJob = { job: state, attempt, parallels: job.parallels, running, stopTimeoutMs, log };
    ctx.live.add(live, token);
    const ofItem = mapIndex === undefined ? "" : ` (item ${mapIndex})`;
    ctx.logs.marker(state, `attempt ${attempt}${ofItem} started ${new Date(started).toISOString()}`);
    ctx.emit({
      type: "JobStarted",
      time: started,
      job: state,
      attempt,
      ...item,
      pid: running.pid ?? null,
      command: request.command,
    });
    const timeoutMs = job.timeoutSeconds === undefined ? undefined : job.timeoutSeconds * 1000;
    const timer =
      timeoutMs !== undefined && timeoutMs <= maxTimerMs
        ? setTimeout(() => ctx.live.stop(live, "timeout"), timeoutMs)
        : undefined;
    // The job leaves the live set only once its end is reported, so that a run waiting for every job to
    // be gone also has every job's outcome.
    try {
      const exit = await running.exited;
      clearTimeout(timer);
      const ended = Date.now();
      const stopped = await failureOf(state, request, exit, live, job, taskId);
      let failure = stopped && outputFile !== undefined ? reportedFailure(stopped) : stopped;
      // Read before the end is reported: a job that exited 0 without its result failed all the same.
      let result: unknown;
      if (failure === undefined && outputFile !== undefined) {
        try {
          result = readJobOutput(state, outputFile);
        } catch (error) {
          failure = error as Error;
        }
      }
      ctx.logs.marker(
        state,
        `attempt ${attempt}${ofItem} ${describeExit(exit, live)} ${new Date(ended).toISOString()}`,
      );
      ctx.logs.release(state);
      ctx.emit({
        type: "JobEnded",
        time: ended,
        job: state,
        attempt,
        ...item,
        outcome: outcomeOf(failure, live),
        durationMs: ended - started,
        exitCode: exit.exitCode,
        signal: exit.signal,
        ...(failure === undefined ? {} : { error: failure.name }),
        ...(live.stoppedBy === undefined ? {} : { stoppedBy: live.stoppedBy }),
        ...(exit.startError === undefined ? {} : { startError: exit.startError }),
      });
      if (failure !== undefined) throw failure;
      if (outputFile !== undefined) return result;
    } finally {
      clearTimeout(timer);
      ctx.live.delete(live);
    }
    return stoppedTaskDescription(state, request, { exitCode: 0 }, taskId);
  };
}

/** Task definition environment, then the override's (input() values resolved), then the secrets. */
function jobEnvironment(
  container: ContainerDefinition,
  request: RunTaskRequest,
  secrets: ReadonlyMap<string, string>,
): Record<string, string> {
  const env: Record<string, string> = {};
  for (const { name, value } of container.environment ?? []) env[name] = value;
  Object.assign(env, request.environment);
  for (const { name } of container.secrets ?? []) {
    const value = secrets.get(name);
    if (value !== undefined) env[name] = value;
  }
  return env;
}

function platformOf(taskDefinition: RegisterTaskDefinitionInput): string {
  return taskDefinition.runtimePlatform.cpuArchitecture === "ARM64" ? "linux/arm64" : "linux/amd64";
}

async function failureOf(
  job: string,
  request: RunTaskRequest,
  exit: JobExit,
  live: LiveJob,
  catalog: CatalogJob,
  taskId: string,
): Promise<Error | undefined> {
  if (live.stoppedBy === "timeout") {
    const killed = exit.signal === "SIGKILL" ? `, then SIGKILL after ${live.stopTimeoutMs / 1000} s` : "";
    return statesTimeout(
      `job "${job}" ran longer than its timeout of ${catalog.timeoutSeconds} s and was stopped (SIGTERM${killed})`,
    );
  }
  if (live.stoppedBy !== undefined) {
    return new TaskFailure(
      "Batchflow.Stopped",
      `job "${job}" was stopped: ${live.stoppedBy === "interrupted" ? "the run was interrupted" : "its branch was aborted"}`,
    );
  }
  if (exit.startError !== undefined) {
    return taskStoppedFailure(
      job,
      request,
      {
        reason: `CannotStartContainerError: ${exit.startError}`,
        stoppedReason: "Task failed to start",
        stopCode: "TaskFailedToStart",
      },
      taskId,
    );
  }
  if (exit.exitCode === 0) return undefined;
  const exitCode = exit.exitCode ?? (exit.signal ? signalExitCode(exit.signal) : 1);
  return taskStoppedFailure(
    job,
    request,
    { exitCode, ...(exit.signal ? { reason: `the job's process was killed by ${exit.signal}` } : {}) },
    taskId,
  );
}

function outcomeOf(failure: Error | undefined, live: LiveJob): AttemptOutcome {
  if (failure === undefined) return "succeeded";
  if (live.stoppedBy === "timeout") return "timed-out";
  if (live.stoppedBy !== undefined) return "stopped";
  return failure.name === "States.TaskFailed" || failure.name === outputErrors.failed ? "failed" : "error";
}

function describeExit(exit: JobExit, live: LiveJob): string {
  const how =
    exit.startError !== undefined
      ? `could not start: ${exit.startError}`
      : exit.signal !== null
        ? `killed by ${exit.signal}`
        : `exited with code ${exit.exitCode}`;
  return live.stoppedBy === undefined ? how : `stopped (${live.stoppedBy}), ${how}`;
}
