import { existsSync, statSync } from "node:fs";
import { isAbsolute, relative, resolve } from "node:path";
import type { CompiledWorkflow, ContainerDefinition } from "@batchflow/aws";
import { checkDockerEngine } from "../runner/docker-engine.js";
import { TraceWriter } from "../trace/trace-writer.js";
import { type CatalogJob, jobCatalog } from "./job-catalog.js";
import type { RunnerKind, RunWorkflowOptions } from "./run-options.js";
import { RunSetupError } from "./run-setup-error.js";
import { resolveSecrets } from "./secret-values.js";
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
}

/**
 * Checks the working directory, the secrets' values, the Docker engine (docker runner) and the trace
 * file, in that order, throwing a `RunSetupError` on the first that fails.
 */
export async function prepareRun(
  compiled: CompiledWorkflow,
  options: RunWorkflowOptions,
): Promise<PreparedRun> {
  const root = resolve(options.root);
  const env = options.env ?? process.env;
  const timeScaled = scaleTime(compiled.stateMachine, options.timeScale ?? 1);
  const catalog = jobCatalog(timeScaled.definition);
  const cwd = resolve(root, options.cwd ?? ".");
  checkWorkingDirectory(cwd, root, compiled.name);
  const secrets = resolveSecrets(
    compiled.name,
    compiled.taskDefinitions,
    catalog,
    env,
    { path: resolve(root, options.envFile ?? ".env"), explicit: options.envFile !== undefined },
    root,
  );
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
    stopTimeoutMs: (container) =>
      options.stopTimeoutMs ??
      (container.stopTimeout === undefined
        ? (options.defaultStopTimeoutMs ?? defaultStopTimeoutMs)
        : container.stopTimeout * 1000),
  };
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
