import { parseDuration } from "@batchflow/core";
import { simulateError } from "./simulate-error.js";

/**
 * How long something takes in a scenario: milliseconds (a number), or a string with a unit, as in the DSL
 * plus `ms`: `"250ms"`, `"3s"`, `"5m"`, `"1.5h"`, `"1d"`. Note: a bare number is MILLISECONDS here, not
 * seconds as in the DSL's `timeout`/`interval`.
 */
export type ScenarioDuration = number | `${number}${"ms" | "s" | "m" | "h" | "d"}`;

/** The error a scripted attempt fails with, instead of a container exit code. */
export type ScenarioError = string | { readonly name: string; readonly cause?: string };

/** What one job does in a simulation. Every field is optional; `{}` is an instant success. */
export interface ScenarioJob {
  /**
   * The container's exit code. Without `failTimes`, EVERY attempt exits with it; a non-zero code fails the
   * attempt with `States.TaskFailed` and an ECS-shaped cause (`Containers[0].ExitCode`). With `failTimes`,
   * the failing attempts exit with it (default 1). Default 0.
   */
  readonly exitCode?: number;
  /**
   * Fail with this error instead of an exit code, e.g. `"ECS.AmazonECSException"` (the infrastructure
   * preset retries it) or `{ name: "MyApp.Quota", cause: "..." }`. Without `failTimes`, every attempt fails.
   */
  readonly error?: ScenarioError;
  /** Fail the first `failTimes` attempts (with `exitCode`, default 1, or `error`), then succeed. */
  readonly failTimes?: number;
  /**
   * How long each attempt runs before it exits (or fails with `error`). An attempt still running when the
   * job's `TimeoutSeconds` is reached fails with `States.Timeout` at that moment, as on AWS; a duration
   * equal to the timeout times out too. Default: the scenario's `defaultDuration`, else 0.
   */
  readonly duration?: ScenarioDuration;
  /**
   * A Spot job (`spot`): the first `spotInterruptions` runs on Spot are interrupted after their duration
   * (ECS stops the task with `StopCode` "SpotInterruption", exit code 143), which the infrastructure
   * retry preset retries. The other fields script the job's attempts that were not interrupted, counted
   * from 1. Default 0.
   */
  readonly spotInterruptions?: number;
  /**
   * The JSON result of a job declared with `output: true`, what a `map()` over it iterates (e.g.
   * `output: ["2024-01", "2024-02"]`). Such a job with no `output` here fails with
   * `Batchflow.OutputNotSent`, as a local run does when the job writes none.
   */
  readonly output?: unknown;
  /**
   * For a job inside a `map()`: its outcome for one item (the item as the list holds it), over the
   * fields above: `byItem: (item) => (item.id === "p2" ? { exitCode: 1 } : {})`.
   */
  // biome-ignore lint/suspicious/noExplicitAny: an item is whatever JSON the mapped list holds.
  readonly byItem?: (item: any) => Omit<ScenarioJob, "byItem">;
}

/** A simulation's script. `J` is the union of the workflow's job names. */
export interface Scenario<J extends string = string> {
  /** Per job outcomes; jobs left out succeed after `defaultDuration`. */
  readonly jobs?: { readonly [K in J]?: ScenarioJob };
  /** The execution input. Default: the workflow's `input` option (what its schedule starts it with). */
  readonly input?: Readonly<Record<string, unknown>>;
  /** How long each attempt of a job without its own `duration` runs. Default 0 (instant). */
  readonly defaultDuration?: ScenarioDuration;
}

/** The outcome one attempt is scripted to have once its duration has passed. */
export type PlannedOutcome =
  | { readonly kind: "exit"; readonly exitCode: number }
  | { readonly kind: "interrupted" }
  | { readonly kind: "error"; readonly name: string; readonly cause: string | undefined };

/** A ScenarioJob, checked and normalised. */
export interface JobScript {
  readonly durationMs: number;
  /** Runs on Spot that are interrupted before any is not. */
  readonly spotInterruptions: number;
  outcome(attempt: number): PlannedOutcome;
  /** The job's result (`output: true`); `undefined`: it sends none. */
  readonly output?: unknown;
  /** The script for one map item, when the scenario has `byItem`. */
  forItem?(item: unknown): JobScript;
}

const jobFields = new Set([
  "exitCode",
  "error",
  "failTimes",
  "duration",
  "spotInterruptions",
  "output",
  "byItem",
]);
const scenarioFields = new Set(["jobs", "input", "defaultDuration"]);
const success: PlannedOutcome = Object.freeze({ kind: "exit", exitCode: 0 });

/**
 * Checks a scenario against the workflow's jobs and turns it into one script per job (jobs left out get the
 * default script). Throws BF1520 for a job the workflow does not have, BF1521 for anything else invalid.
 */
export function normaliseScenario(
  scenario: Scenario,
  workflow: string,
  jobs: ReadonlyArray<string>,
  outputJobs: ReadonlySet<string> = new Set(),
): { readonly scripts: ReadonlyMap<string, JobScript>; readonly input: unknown } {
  if (!isPlainObject(scenario)) {
    throw invalid(workflow, `the scenario must be an object, got ${describe(scenario)}`);
  }
  for (const key of Object.keys(scenario)) {
    if (!scenarioFields.has(key)) {
      throw invalid(workflow, `the scenario has an unknown field "${key}"`, undefined, {
        hint: 'a scenario is { jobs: { <job>: { exitCode, error, failTimes, duration, spotInterruptions } }, input, defaultDuration }; put job outcomes under "jobs"',
      });
    }
  }
  const defaultMs =
    scenario.defaultDuration === undefined
      ? 0
      : durationMs(scenario.defaultDuration, workflow, undefined, "defaultDuration");
  if (scenario.input !== undefined && !isPlainObject(scenario.input)) {
    throw invalid(workflow, `the scenario input must be a JSON object, got ${describe(scenario.input)}`);
  }
  if (scenario.jobs !== undefined && !isPlainObject(scenario.jobs)) {
    throw invalid(
      workflow,
      `the scenario's jobs must be an object keyed by job name, got ${describe(scenario.jobs)}`,
    );
  }
  const entries = scenario.jobs === undefined ? [] : Object.entries(scenario.jobs);
  const known = new Set(jobs);
  const scripts = new Map<string, JobScript>();
  for (const [job, spec] of entries) {
    if (!known.has(job)) throw unknownJob(job, workflow, jobs, "the scenario names");
    if (spec === undefined) continue;
    if (isPlainObject(spec) && spec.output !== undefined && !outputJobs.has(job)) {
      throw invalid(workflow, "the scenario gives the job an output, but it has no output: true", job, {
        hint: `declare job("${job}", { output: true }) for a job whose result a map() reads, or remove output from the scenario`,
      });
    }
    scripts.set(job, jobScript(spec, workflow, job, defaultMs));
  }
  const fallback = jobScript({}, workflow, undefined, defaultMs);
  for (const job of jobs) if (!scripts.has(job)) scripts.set(job, fallback);
  return { scripts, input: scenario.input };
}

/** BF1520, naming the workflow's jobs and the closest one. */
export function unknownJob(
  job: string,
  workflow: string,
  jobs: ReadonlyArray<string>,
  what = "asked about",
): Error {
  const closest = closestName(job, jobs);
  return simulateError(
    "BF1520",
    `${what} job "${job}", which is not in this workflow; its jobs are: ${jobs.join(", ")}`,
    closest === undefined
      ? "use one of the workflow's job names (they are the names given to job())"
      : `did you mean "${closest}"?`,
    { workflow },
  );
}

function jobScript(spec: unknown, workflow: string, job: string | undefined, defaultMs: number): JobScript {
  if (!isPlainObject(spec)) {
    throw invalid(workflow, `the outcome of a job must be an object, got ${describe(spec)}`, job);
  }
  for (const key of Object.keys(spec)) {
    if (!jobFields.has(key)) {
      throw invalid(workflow, `unknown field "${key}" in the job's outcome`, job, {
        hint: "a job's outcome has the fields exitCode, error, failTimes, duration, spotInterruptions, output and byItem",
      });
    }
  }
  const { exitCode, error, failTimes, duration, spotInterruptions = 0, output, byItem } = spec as ScenarioJob;
  if (!(Number.isInteger(spotInterruptions) && spotInterruptions >= 0)) {
    throw invalid(
      workflow,
      `spotInterruptions must be a whole number of at least 0, got ${describe(spotInterruptions)}`,
      job,
    );
  }
  if (byItem !== undefined && typeof byItem !== "function") {
    throw invalid(workflow, `byItem must be a function of the item, got ${describe(byItem)}`, job, {
      hint: 'write byItem: (item) => (item.id === "p2" ? { exitCode: 1 } : {})',
    });
  }
  if (output !== undefined && !isJson(output)) {
    throw invalid(workflow, `output must be JSON (what the job sends), got ${describe(output)}`, job);
  }
  if (exitCode !== undefined && !(Number.isInteger(exitCode) && exitCode >= 0 && exitCode <= 255)) {
    throw invalid(workflow, `exitCode must be a whole number from 0 to 255, got ${describe(exitCode)}`, job);
  }
  if (failTimes !== undefined && !(Number.isInteger(failTimes) && failTimes >= 0)) {
    throw invalid(
      workflow,
      `failTimes must be a whole number of at least 0, got ${describe(failTimes)}`,
      job,
    );
  }
  if (exitCode !== undefined && error !== undefined) {
    throw invalid(workflow, "exitCode and error are both given; an attempt fails one way or the other", job, {
      hint: "use exitCode for a container that exits non-zero, error for a failure with an error name (e.g. ECS.AmazonECSException)",
    });
  }
  if (failTimes !== undefined && exitCode === 0) {
    throw invalid(workflow, "failTimes with exitCode 0: an attempt that exits 0 succeeds", job, {
      hint: "leave exitCode out (failing attempts exit 1) or give the non-zero code they exit with",
    });
  }
  const failure = error === undefined ? undefined : scenarioError(error, workflow, job);
  const ms = duration === undefined ? defaultMs : durationMs(duration, workflow, job, "duration");
  const failing: PlannedOutcome = failure ?? { kind: "exit", exitCode: exitCode ?? 1 };
  // Without failTimes every attempt has the scripted outcome (a success when nothing failing is scripted).
  const failsAlways = failTimes === undefined && (failure !== undefined || (exitCode ?? 0) !== 0);
  const failFirst = failTimes ?? (failsAlways ? Number.POSITIVE_INFINITY : 0);
  const { byItem: _, ...fields } = spec as ScenarioJob;
  return {
    durationMs: ms,
    spotInterruptions,
    outcome: (attempt) => (attempt <= failFirst ? failing : success),
    ...(output === undefined ? {} : { output }),
    ...(byItem === undefined
      ? {}
      : {
          forItem: (item: unknown) => {
            const own: unknown = byItem(item);
            if (!isPlainObject(own) || "byItem" in own) {
              throw invalid(
                workflow,
                `byItem returned ${describe(own)} for the item ${JSON.stringify(item)}; it returns a job's outcome without byItem`,
                job,
              );
            }
            return jobScript({ ...fields, ...own }, workflow, job, defaultMs);
          },
        }),
  };
}

function isJson(value: unknown): boolean {
  try {
    return JSON.stringify(value) !== undefined;
  } catch {
    return false;
  }
}

function scenarioError(error: unknown, workflow: string, job: string | undefined): PlannedOutcome {
  if (typeof error === "string" && error.length > 0) return { kind: "error", name: error, cause: undefined };
  if (isPlainObject(error) && typeof error.name === "string" && error.name.length > 0) {
    if (error.cause !== undefined && typeof error.cause !== "string") {
      throw invalid(workflow, `error.cause must be a string, got ${describe(error.cause)}`, job);
    }
    return { kind: "error", name: error.name, cause: error.cause };
  }
  throw invalid(workflow, `error must be an error name or { name, cause }, got ${describe(error)}`, job, {
    hint: 'e.g. error: "ECS.AmazonECSException" or error: { name: "MyApp.Quota", cause: "quota exceeded" }',
  });
}

/** A scenario duration in milliseconds. */
export function durationMs(value: unknown, workflow: string, job: string | undefined, field: string): number {
  if (typeof value === "number") {
    if (Number.isFinite(value) && value >= 0) return value;
  } else if (typeof value === "string") {
    const ms = /^\s*(\d+(?:\.\d+)?)\s*ms\s*$/.exec(value);
    if (ms) return Number(ms[1]);
    const parsed = parseDuration(value);
    if (parsed.ok) return parsed.seconds * 1000;
  }
  throw invalid(workflow, `${field} ${describe(value)} is not a duration`, job, {
    hint: 'give milliseconds (a number) or a string like "250ms", "3s", "5m", "1h" or "1d"',
  });
}

function invalid(
  workflow: string,
  message: string,
  job?: string,
  { hint = "see docs/testing.md for the scenario fields" }: { hint?: string } = {},
): Error {
  return simulateError("BF1521", message, hint, { workflow, job });
}

function closestName(name: string, names: ReadonlyArray<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of names) {
    const distance = editDistance(name.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best !== undefined && bestDistance <= Math.max(2, Math.floor(name.length / 3)) ? best : undefined;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min(previous[j]! + 1, current[j - 1]! + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length]!;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === undefined) return "undefined";
  if (typeof value === "number" && !Number.isFinite(value)) return String(value);
  return JSON.stringify(value) ?? String(value);
}
