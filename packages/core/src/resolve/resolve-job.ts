import type { DiagnosticSink } from "../diagnostics/diagnostic-sink.js";
import type { DurationInput } from "../duration/duration.js";
import { isBranded } from "../ir/brand.js";
import type { ContainerSpec, FargateOptions } from "../ir/container-spec.js";
import type { EnvValue, SecretRef, ValueRef } from "../ir/env-value.js";
import type { JobNode } from "../ir/flow-node.js";
import type { Command } from "../ir/job-options.js";
import type { JobDefaults } from "../ir/workflow-options.js";
import type { SourceSite } from "../source/source-site.js";
import { stableJson } from "../util/stable-json.js";
import { showValue } from "../validate/describe-value.js";
import { validationCode } from "../validate/validation-code.js";
import { callUserFunction } from "./call-user-function.js";
import { durationField } from "./duration-field.js";
import { resolveSpot } from "./resolve-spot.js";
import type { ResolvedContainer, ResolvedJob, ResolvedRetrier } from "./resolved-workflow.js";

export const defaultJobTimeoutSeconds = 3600;

export interface JobContext {
  readonly sink: DiagnosticSink;
  /** Workflow defaults first, then the project's. */
  readonly defaults: ReadonlyArray<JobDefaults>;
  /**
   * The timeout of a job that sets none, from the defaults (the workflow's, the project's
   * `defaults.timeout`, its `defaultTimeout`), checked once; `null` when it was not valid (reported
   * at the workflow, once, rather than at each job).
   */
  readonly defaultTimeoutSeconds: number | null;
  /** The infrastructure retry preset (it also retries a Spot job's interrupted runs). */
  readonly preset: ResolvedRetrier | undefined;
}

/** A job's retriers: all of them (the preset first), and the user's alone. */
export interface JobRetriers {
  readonly all: ReadonlyArray<ResolvedRetrier>;
  readonly user: ReadonlyArray<ResolvedRetrier>;
}

/** Applies defaults to one job; problems go to the sink and the job is left out. */
export function resolveJob(node: JobNode, retriers: JobRetriers, ctx: JobContext): ResolvedJob | undefined {
  const { sink } = ctx;
  const where = { job: node.name, site: node.site };
  const defaults = pickedDefaults(ctx);

  const given: ContainerSpec | undefined = node.options.task ?? defaults.task;
  const spec = typeof given?.options?.image === "string" && given.options.image !== "" ? given : undefined;
  if (spec === undefined) {
    sink.report({
      code: "BF1204",
      message: given === undefined ? "has no container to run" : "its container has no image",
      hint: 'give the job a task, e.g. job("name", { task: fargate({ image: "..." }) }), or set defaults.task on the workflow',
      ...where,
    });
  }
  // Each part is checked though another failed: a job's problems are all reported at once.
  const command = jobCommand(node, spec, defaults, sink, where);
  const env = mergeEnv(ctx, node, where);

  const own = node.timeout?.duration ?? node.options.timeout;
  const timeoutSeconds =
    own === undefined
      ? (ctx.defaultTimeoutSeconds ?? undefined)
      : durationField(
          own,
          "timeout",
          sink,
          node.timeout?.site === undefined ? where : { job: node.name, site: node.timeout.site },
          atLeastOneSecond,
        );
  if (spec === undefined || command === undefined || env === undefined || timeoutSeconds === undefined) {
    return undefined;
  }

  // The job's own choice, then the defaults', then its container's, as for the command.
  const chosen = node.options.spot ?? defaults.spot;
  const spotInput = chosen ?? spec.options.spot;
  const spot =
    spotInput === undefined || spotInput === false
      ? undefined
      : resolveSpot(spotInput, {
          sink,
          job: node.name,
          site: chosen === undefined ? (spec.site ?? node.site) : node.site,
          retry: retriers.user,
          preset: ctx.preset,
        });
  if (spot === null) return undefined;

  const { cpu, memory } = node.options;
  const container = resolveContainer(spec, env, node.name);
  // Most jobs set none of the optional members: they are built without spreading any in.
  if (cpu === undefined && memory === undefined && spot === undefined) {
    return {
      name: node.name,
      container,
      command,
      env: env.overrides,
      timeoutSeconds,
      retry: retriers.all,
      site: node.site,
    };
  }
  return {
    name: node.name,
    container,
    command,
    env: env.overrides,
    ...(cpu === undefined ? {} : { cpu }),
    ...(memory === undefined ? {} : { memory }),
    timeoutSeconds,
    retry: retriers.all,
    ...(spot === undefined ? {} : { spot }),
    site: node.site,
  };
}

const atLeastOneSecond = { min: 1 } as const;

/**
 * The timeout of the jobs that set none, checked once for the workflow and reported at its
 * `workflow()` call under the option that gave it: `defaults.timeout`, the project config's
 * `defaults.timeout` or `defaultTimeout`; else an hour. `null` when the one given is not valid.
 */
export function defaultTimeoutSeconds(
  given: ReadonlyArray<readonly [string, DurationInput | undefined]>,
  sink: DiagnosticSink,
  site: SourceSite | undefined,
): number | null {
  const found = given.find(([, value]) => value !== undefined);
  if (found === undefined) return defaultJobTimeoutSeconds;
  return durationField(found[1], found[0], sink, { site }, atLeastOneSecond) ?? null;
}

/**
 * The job's command: its own, else what the defaults give, else its container's (unknown without
 * a container, when only a given command is checked). Problems are reported and give undefined.
 */
function jobCommand(
  node: JobNode,
  spec: ContainerSpec | undefined,
  defaults: PickedDefaults,
  sink: DiagnosticSink,
  where: { readonly job: string; readonly site: JobNode["site"] },
): ReadonlyArray<string | ValueRef> | undefined {
  const given = node.options.command ?? commandFromDefaults(defaults.command, node, sink);
  if (given === failed) return undefined;
  if (isThenable(given)) {
    sink.report({
      code: "BF1205",
      message: "defaults.command returned a promise; it must return the command itself",
      hint: 'make the function synchronous: (name) => ["make", "run", name]',
      ...where,
    });
    return undefined;
  }
  if (given === undefined && spec === undefined) return undefined;
  const command = toArgv(given ?? spec?.options.command);
  if (command === undefined) {
    sink.report({
      code: "BF1205",
      message: "has no command (none on the job, in the workflow defaults or on its container)",
      hint: 'set command: ["make", "run", "job"] on the job, or defaults.command: (name) => ["make", "run", name]',
      ...where,
    });
    return undefined;
  }
  if (command === null) {
    sink.report({
      code: "BF1205",
      message: "has a command that is empty or not a string or a list of strings",
      hint: 'write the command as argv, e.g. ["make", "run", "hoge"], or as one string for sh -c',
      ...where,
    });
    return undefined;
  }
  return command;
}

type PickedDefaults = { readonly [K in "task" | "command" | "spot"]: JobDefaults[K] | undefined };

// The jobs of a workflow share one list of defaults: what it gives is picked once, not per job.
const picked = new WeakMap<ReadonlyArray<JobDefaults>, PickedDefaults>();

function pickedDefaults(ctx: JobContext): PickedDefaults {
  let found = picked.get(ctx.defaults);
  if (found === undefined) {
    found = {
      task: pickDefault(ctx, "task"),
      command: pickDefault(ctx, "command"),
      spot: pickDefault(ctx, "spot"),
    };
    picked.set(ctx.defaults, found);
  }
  return found;
}

/** The first of the defaults (the workflow's, then the project's) that sets `key`. */
function pickDefault<K extends keyof JobDefaults>(ctx: JobContext, key: K): JobDefaults[K] | undefined {
  for (const d of ctx.defaults) if (d[key] !== undefined) return d[key];
  return undefined;
}

interface MergedEnv {
  /** Plain values and input() references: container overrides, sorted by name. */
  readonly overrides: ReadonlyArray<readonly [string, string | ValueRef]>;
  /** Secrets from workflow or project defaults: every job has them. */
  readonly sharedSecrets: Record<string, SecretRef>;
  /** Secrets the job itself adds. */
  readonly ownSecrets: Record<string, SecretRef>;
  /** The job's own env put a plain value or input() in place of a secret from the defaults. */
  readonly unsetShared: boolean;
}

// What a shell and `docker run -e` take as a name; ECS would pass "A=B" on as a different variable.
const envName = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The job's environment: project defaults, then workflow defaults, then the job's own. */
function mergeEnv(
  ctx: JobContext,
  node: JobNode,
  where: { readonly job: string; readonly site: JobNode["site"] },
): MergedEnv | undefined {
  if (isEmptyEnv(node.options.env) && noDefaultEnv(ctx)) return noEnv;
  const layers = [...[...ctx.defaults].reverse().map((d) => d.env), node.options.env];
  const merged: Record<string, { value: EnvValue; own: boolean }> = {};
  let unsetShared = false;
  let ok = true;
  layers.forEach((layer, i) => {
    for (const [name, value] of Object.entries(layer ?? {})) {
      if (!envName.test(name)) {
        ctx.sink.report({
          code: "BF1226",
          message: `env ${JSON.stringify(name)} is not an environment variable name`,
          hint: "name it with letters, digits and _, not starting with a digit, e.g. REPORT_DATE",
          ...where,
        });
        ok = false;
        continue;
      }
      if (!isEnvValue(value)) {
        ctx.sink.report({
          code: "BF1213",
          message: `env ${name} is ${showValue(value)}; environment values are strings`,
          hint: `write ${name}: "${typeof value === "object" ? "..." : String(value)}", or use input("field") or secret("arn:...")`,
          ...where,
        });
        ok = false;
        continue;
      }
      const own = i === layers.length - 1;
      const below = merged[name]?.value;
      if (own && isSecret(below) && !isSecret(value)) unsetShared = true;
      merged[name] = { value, own };
    }
  });
  if (!ok) return undefined;
  const overrides: Array<readonly [string, string | ValueRef]> = [];
  const env: MergedEnv = { overrides, sharedSecrets: {}, ownSecrets: {}, unsetShared };
  for (const name of Object.keys(merged).sort()) {
    const { value, own } = merged[name]!;
    if (typeof value === "string" || value.kind !== "secret") overrides.push([name, value]);
    else if (own) env.ownSecrets[name] = value;
    else env.sharedSecrets[name] = value;
  }
  return env;
}

function noDefaultEnv(ctx: JobContext): boolean {
  for (const d of ctx.defaults) if (!isEmptyEnv(d.env)) return false;
  return true;
}

function isEmptyEnv(env: JobDefaults["env"]): boolean {
  if (env === undefined) return true;
  for (const name in env) if (Object.hasOwn(env, name)) return false;
  return true;
}

/** The environment of a job that neither it nor any defaults give one: shared, as nothing changes it. */
const noEnv: MergedEnv = Object.freeze({
  overrides: Object.freeze([]),
  sharedSecrets: Object.freeze({}),
  ownSecrets: Object.freeze({}),
  unsetShared: false,
});

function isSecret(value: EnvValue | undefined): boolean {
  return value !== undefined && typeof value !== "string" && value.kind === "secret";
}

function isEnvValue(value: unknown): value is EnvValue {
  return (
    typeof value === "string" ||
    isBranded(value, "secret") ||
    isBranded(value, "input") ||
    isBranded(value, "item")
  );
}

// Most jobs share one spec object; its key is computed once, not once per job.
const specKeys = new WeakMap<FargateOptions, string>();

function specKey(options: FargateOptions): string {
  let key = specKeys.get(options);
  if (key === undefined) {
    key = containerKey(options);
    specKeys.set(options, key);
  }
  return key;
}

/** Equal for containers whose task definitions are equal: where a job runs (`spot`) is not part of it. */
function containerKey({ spot: _spot, ...options }: FargateOptions): string {
  return stableJson(options);
}

/**
 * Secrets cannot be container overrides in ECS, so they become part of the container. Secrets
 * from defaults extend every job's container alike; a job's own secrets make it a variant, and so
 * does a plain value in place of a default's secret (its container lacks that secret).
 */
function resolveContainer(
  { options, site }: ContainerSpec,
  { sharedSecrets: shared, ownSecrets: own, unsetShared }: MergedEnv,
  job: string,
): ResolvedContainer {
  const hasShared = !isEmptyEnv(shared);
  const hasOwn = !isEmptyEnv(own);
  const variant = hasOwn || unsetShared;
  if (!hasShared && !hasOwn) {
    const key = specKey(options);
    return variant ? { key, options, site, extendedBy: job } : { key, options, site };
  }
  const merged: FargateOptions = { ...options, env: { ...options.env, ...shared, ...own } };
  const key = containerKey(merged);
  return variant ? { key, options: merged, site, extendedBy: job } : { key, options: merged, site };
}

const failed = Symbol("failed");

/**
 * The command `defaults.command` gives a job: the value, or what the function of the job name
 * returns. A throw in that function is the user's problem, reported at the user's line.
 */
function commandFromDefaults(
  fromDefaults: JobDefaults["command"],
  node: JobNode,
  sink: DiagnosticSink,
): Command | undefined | typeof failed {
  if (typeof fromDefaults !== "function") return fromDefaults;
  const called = callUserFunction(() => fromDefaults(node.name));
  if (called.ok) return called.value;
  sink.report({
    code: validationCode.callbackFailed,
    message: `defaults.command threw for this job: ${called.reason}`,
    hint: `batchflow calls it with each job's name (here "${node.name}") and it must return the command, e.g. ["make", "run", name]; fix it, or give the job a command of its own`,
    job: node.name,
    site: node.site,
    location: called.location,
  });
  return failed;
}

function isThenable(value: unknown): boolean {
  return (
    typeof value === "object" && value !== null && typeof (value as { then?: unknown }).then === "function"
  );
}

/** argv, `undefined` when no command was given, `null` when the command is malformed. */
function toArgv(command: Command | undefined): ReadonlyArray<string | ValueRef> | undefined | null {
  if (command === undefined) return undefined;
  if (typeof command === "string") return ["sh", "-c", command];
  if (Array.isArray(command) && command.length > 0 && command.every(isArgument)) return command;
  return null;
}

function isArgument(value: unknown): value is string | ValueRef {
  return typeof value === "string" || isBranded(value, "input") || isBranded(value, "item");
}
