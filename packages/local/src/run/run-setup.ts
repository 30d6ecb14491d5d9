import { existsSync, mkdirSync, statSync } from "node:fs";
import { isAbsolute, join, relative, resolve } from "node:path";
import { type CompiledWorkflow, type ContainerDefinition, localWebhookVariable } from "@batchflow/aws";
import { FileLockStore } from "../lock/file-lock-store.js";
import { checkDockerEngine } from "../runner/docker-engine.js";
import { s3ItemMaps, s3ItemsProblem } from "../services/s3-item-maps.js";
import { unknownTaskStates } from "../services/unknown-task-states.js";
import { TraceWriter } from "../trace/trace-writer.js";
import { type CatalogJob, jobCatalog } from "./job-catalog.js";
import type { RunnerKind, RunWorkflowOptions } from "./run-options.js";
import { RunSetupError } from "./run-setup-error.js";
import { localVariable, resolveSecrets } from "./secret-values.js";
import { scaleTime, type TimeScaled } from "./time-scale.js";

const defaultStopTimeoutMs = 30_000;

/** Everything a run needs that can be checked before anything starts. */
export interface PreparedRun {
  readonly root: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The definition the interpreter executes, and its wait and retry settings. */
  readonly timeScaled: TimeScaled;
  readonly catalog: ReadonlyArray<CatalogJob>;
  readonly jobs: ReadonlyMap<string, CatalogJob>;
  readonly cwd: string;
  readonly secrets: ReadonlyMap<string, string>;
  readonly runner: RunnerKind;
  readonly trace: TraceWriter | undefined;
  /** SIGTERM-to-SIGKILL time of a container. */
  readonly stopTimeoutMs: (container: ContainerDefinition) => number;
  /** `<root>/.batchflow/locks/`, when the workflow has lock states. */
  readonly lockStore: FileLockStore | undefined;
  /** BATCHFLOW_NOTIFY_WEBHOOK's local value, when the workflow reads a `secret(...)` webhook. */
  readonly notifyWebhook: string | undefined;
  /** The env file, as messages name it. */
  readonly envFileShown: string;
}

/**
 * Checks that every Task state is one batchflow can serve, the working directory, the secrets' values,
 * the lock store, the Docker engine (docker runner) and the trace file, in that order, throwing a
 * `RunSetupError` on the first that fails.
 */
export async function prepareRun(
  compiled: CompiledWorkflow,
  options: RunWorkflowOptions,
): Promise<PreparedRun> {
  const root = resolve(options.root);
  const env = options.env ?? process.env;
  checkTaskStates(compiled);
  const timeScaled = scaleTime(compiled.stateMachine, compiled.stateRoles, options.timeScale ?? 1);
  // A Spot job's run on regular Fargate follows only a Spot capacity error, which a local run never has.
  const catalog = jobCatalog(timeScaled.definition).filter(
    (job) => compiled.stateRoles[job.name]?.kind !== "spot-fallback",
  );
  const cwd = resolve(root, options.cwd ?? ".");
  checkWorkingDirectory(cwd, root, compiled.name);
  const envFile = { path: resolve(root, options.envFile ?? ".env"), explicit: options.envFile !== undefined };
  const secrets = resolveSecrets(compiled.name, compiled.taskDefinitions, catalog, env, envFile, root);
  const roles = Object.values(compiled.stateRoles);
  const lockStore = roles.some((r) => r.kind === "lock-acquire")
    ? openLockStore(root, compiled.name)
    : undefined;
  const notifyRoles = Object.values(compiled.notifyMachine?.stateRoles ?? {});
  const notifyWebhook = notifyRoles.some((r) => r.kind === "notify" && r.step === "webhook")
    ? localVariable(localWebhookVariable, compiled.name, env, envFile, root)
    : undefined;
  const runner = options.runner ?? "process";
  if (runner === "docker") await checkDockerEngine(options.dockerCheckTimeoutMs);
  const tracePath = options.tracePath === undefined ? undefined : resolve(root, options.tracePath);
  const trace = tracePath === undefined ? undefined : new TraceWriter(tracePath, shownPath(tracePath, root));
  return {
    root,
    env,
    timeScaled,
    catalog,
    jobs: new Map(catalog.map((j) => [j.name, j])),
    cwd,
    secrets,
    runner,
    trace,
    lockStore,
    notifyWebhook,
    envFileShown: shownPath(envFile.path, root),
    stopTimeoutMs: (container) =>
      options.stopTimeoutMs ??
      (container.stopTimeout === undefined
        ? (options.defaultStopTimeoutMs ?? defaultStopTimeoutMs)
        : container.stopTimeout * 1000),
  };
}

function checkTaskStates(compiled: CompiledWorkflow): void {
  const readers = s3ItemMaps(compiled.stateRoles);
  if (readers.length > 0) {
    throw RunSetupError.of(
      s3ItemsProblem.code,
      s3ItemsProblem.message(readers),
      s3ItemsProblem.hint,
      compiled.name,
    );
  }
  const unknown = unknownTaskStates(compiled.stateMachine);
  if (unknown.length === 0) return;
  throw RunSetupError.of(
    "BF1532",
    `${unknown.map((u) => `Task state "${u.state}" (Resource ${JSON.stringify(u.resource)})`).join(", ")} cannot run locally: batchflow serves ECS jobs, lock and notification states only`,
    "batchflow emits every Task state it runs; this is a bug in batchflow, please report it with the workflow",
    compiled.name,
  );
}

/** The lock store of the project, created up front so that a directory it cannot write stops the run. */
function openLockStore(root: string, workflow: string): FileLockStore {
  const dir = join(root, ".batchflow", "locks");
  try {
    mkdirSync(dir, { recursive: true });
  } catch (error) {
    throw RunSetupError.of(
      "BF1530",
      `cannot create the lock store ${shownPath(dir, root)}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
      "the workflow uses locks, which local runs keep under .batchflow/locks/ in the project root; make that directory writable",
      workflow,
    );
  }
  return new FileLockStore(dir);
}

function checkWorkingDirectory(cwd: string, root: string, workflow: string): void {
  if (existsSync(cwd) && statSync(cwd).isDirectory()) return;
  throw RunSetupError.of(
    "BF1506",
    `the jobs' working directory ${shownPath(cwd, root)} (local.cwd in batchflow.config.ts) is not a directory`,
    "create it, or set local.cwd to a directory relative to the project root",
    workflow,
  );
}

function shownPath(path: string, root: string): string {
  const rel = relative(root, path);
  return rel === "" ? "." : rel.startsWith("..") || isAbsolute(rel) ? path : rel;
}
