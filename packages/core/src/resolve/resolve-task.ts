import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { DiagnosticSink } from "../diagnostics/diagnostic-sink.js";
import { parseDuration } from "../duration/duration.js";
import { isBranded } from "../ir/brand.js";
import type { BatchflowConfigInput } from "../ir/config.js";
import type { FargateOptions } from "../ir/container-spec.js";
import type { SecretRef } from "../ir/env-value.js";
import type { TaskNode } from "../ir/task-node.js";
import type { TaskRetryOptions } from "../ir/task-options.js";
import type { SourceSite } from "../source/source-site.js";
import { stableJson } from "../util/stable-json.js";
import { showValue } from "../validate/describe-value.js";
import { resolvePlacement } from "./resolve-placement.js";
import { resolveSchedules } from "./resolve-schedules.js";
import { resolveSpot } from "./resolve-spot.js";
import type { ResolvedTask, ResolvedTaskRetry } from "./resolved-task.js";

export interface ResolveTaskResult {
  readonly task?: ResolvedTask;
  readonly diagnostics: ReadonlyArray<Diagnostic>;
}

/*
 * The name becomes the rule or schedule (`<task>`, `<task>.2`: 64 characters, letters, digits,
 * ".", "-" and "_"), the task definition family and the roles `<task>-execution` and
 * `<task>-schedule` (64 characters). Without a dot, no other task's second schedule can take it.
 */
const taskNamePattern = /^[A-Za-z0-9_-]+$/;
/** `<task>-execution` is the longest name made from it; IAM role names hold 64 characters. */
export const maxTaskNameLength = 64 - "-execution".length;
/** With an execution role of the user's, `<task>-schedule` is. */
const maxOwnExecutionTaskNameLength = 64 - "-schedule".length;
/** The target's RetryPolicy ranges (EventBridge PutTargets and Scheduler CreateSchedule alike). */
export const taskRetryLimits = { maximumAttempts: 185, minEventAge: 60, maxEventAge: 86_400 } as const;
// An SQS queue ARN; EventBridge and Scheduler send to standard queues only, not FIFO ones.
const sqsArn = /^arn:aws(?:-cn|-us-gov)?:sqs:[a-z]{2}(?:-[a-z]+)+-\d:\d{12}:[A-Za-z0-9_-]{1,80}$/;
const envName = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Checks a scheduled task and applies the project config's cluster and network: every problem
 * is collected with the task's name and the user's line.
 */
export function resolveTask(node: TaskNode, config: BatchflowConfigInput = {}): ResolveTaskResult {
  const sink = DiagnosticSink.forTask(node.name);
  const { options, site } = node;
  checkName(node.name, options.task.options.executionRole !== undefined, sink, site);
  const schedules = resolveSchedules(options.schedule, sink, { workflow: node.name, task: true });
  const retry = options.retry === undefined ? undefined : resolveRetry(options.retry, sink, site);
  const deadLetterQueue = options.deadLetterQueue;
  if (deadLetterQueue !== undefined) checkQueue(deadLetterQueue, sink, site);
  const env = splitEnv({ ...options.task.options.env, ...options.env }, options.env ?? {}, sink, site);
  const command = commandOf(options.command, sink, site);
  const spot = resolveSpot(options.spot ?? options.task.options.spot, {
    sink,
    job: node.name,
    site,
    retry: [],
    preset: undefined,
  });
  const placement = resolvePlacement(options, config, sink, site, "task");
  if (sink.errorCount > 0 || !placement || !env || !schedules || spot === null || retry === null)
    return { diagnostics: sink.items };
  const { spot: _spot, ...fromTask } = options.task.options;
  const containerOptions: FargateOptions = {
    ...fromTask,
    ...(options.cpu === undefined ? {} : { cpu: options.cpu }),
    ...(options.memory === undefined ? {} : { memory: options.memory }),
    ...(Object.keys(env.definition).length === 0 ? {} : { env: env.definition }),
  };
  return {
    diagnostics: sink.items,
    task: {
      name: node.name,
      ...(options.description === undefined ? {} : { description: options.description }),
      cluster: placement.cluster,
      network: placement.network,
      container: { key: stableJson(containerOptions), options: containerOptions, site: options.task.site },
      ...(command === undefined ? {} : { command }),
      env: env.overrides,
      schedules,
      ...(spot === undefined ? {} : { spot }),
      ...(retry === undefined ? {} : { retry }),
      ...(deadLetterQueue === undefined ? {} : { deadLetterQueue }),
      site,
    },
  };
}

function checkName(
  name: string,
  ownExecutionRole: boolean,
  sink: DiagnosticSink,
  site: SourceSite | undefined,
): void {
  const [limit, longest] = ownExecutionRole
    ? [maxOwnExecutionTaskNameLength, 'schedule role "<task>-schedule"']
    : [maxTaskNameLength, 'execution role "<task>-execution"'];
  if (taskNamePattern.test(name) && name.length <= limit) return;
  const bad = [...new Set(name.replace(/[A-Za-z0-9_-]/g, ""))].map((c) => JSON.stringify(c));
  sink.report({
    code: "BF1242",
    message:
      bad.length > 0
        ? `task name "${name}" contains ${bad.join(", ")}; it names an EventBridge rule, a task definition family and IAM roles`
        : `task name "${name}" is ${name.length} characters long; ${name.length === 0 ? "give it a name" : `at most ${limit} fit its ${longest} (IAM takes 64)`}`,
    hint: `name it with letters, digits, "-" and "_", 1 to ${limit} characters, e.g. "tmp-cleanup"`,
    site,
  });
}

/** The target's RetryPolicy; `null` when a field is out of AWS's range (BF1243). */
function resolveRetry(
  input: TaskRetryOptions,
  sink: DiagnosticSink,
  site: SourceSite | undefined,
): ResolvedTaskRetry | null {
  let ok = true;
  const { maximumAttempts, maximumEventAge } = input;
  if (
    maximumAttempts !== undefined &&
    !(
      Number.isInteger(maximumAttempts) &&
      maximumAttempts >= 0 &&
      maximumAttempts <= taskRetryLimits.maximumAttempts
    )
  ) {
    ok = false;
    sink.report({
      code: "BF1243",
      message: `retry.maximumAttempts ${showValue(maximumAttempts)} is not a whole number from 0 to ${taskRetryLimits.maximumAttempts}`,
      hint: "write retry: { maximumAttempts: 3 }; 0 starts the task once, EventBridge takes at most 185 retries",
      site,
    });
  }
  let seconds: number | undefined;
  if (maximumEventAge !== undefined) {
    const parsed = parseDuration(maximumEventAge);
    if (
      parsed.ok &&
      Number.isInteger(parsed.seconds) &&
      parsed.seconds >= taskRetryLimits.minEventAge &&
      parsed.seconds <= taskRetryLimits.maxEventAge
    ) {
      seconds = parsed.seconds;
    } else {
      ok = false;
      sink.report({
        code: "BF1243",
        message: `retry.maximumEventAge ${showValue(maximumEventAge)} is not a whole number of seconds from 60 s to 24 h`,
        hint: 'write retry: { maximumEventAge: "1h" }: EventBridge keeps retrying a start for 60 s to 24 h',
        site,
      });
    }
  }
  if (!ok) return null;
  return {
    ...(maximumAttempts === undefined ? {} : { maximumAttempts }),
    ...(seconds === undefined ? {} : { maximumEventAgeSeconds: seconds }),
  };
}

function checkQueue(arn: string, sink: DiagnosticSink, site: SourceSite | undefined): void {
  if (sqsArn.test(arn)) return;
  sink.report({
    code: "BF1244",
    message: arn.endsWith(".fifo")
      ? `deadLetterQueue ${JSON.stringify(arn)} is a FIFO queue; EventBridge and Scheduler send to standard queues only`
      : `deadLetterQueue ${JSON.stringify(arn)} is not an SQS queue ARN`,
    hint: 'give the ARN of a standard SQS queue in the same region, e.g. "arn:aws:sqs:ap-northeast-1:000000000000:batch-dlq"',
    site,
  });
}

/**
 * The task's own plain env values become container overrides (sorted); secrets, from the task or
 * its container, go into the task definition, since overrides cannot carry them. Undefined when a
 * name or value is wrong (BF1245); a scheduled task has no execution input for `input()`.
 */
function splitEnv(
  merged: Readonly<Record<string, unknown>>,
  own: Readonly<Record<string, unknown>>,
  sink: DiagnosticSink,
  site: SourceSite | undefined,
):
  | {
      definition: Readonly<Record<string, string | SecretRef>>;
      overrides: ReadonlyArray<readonly [string, string]>;
    }
  | undefined {
  let ok = true;
  const definition: Record<string, string | SecretRef> = {};
  const overrides: [string, string][] = [];
  for (const [name, value] of Object.entries(merged)) {
    const problem = !envName.test(name)
      ? {
          message: `env ${JSON.stringify(name)} is not an environment variable name`,
          hint: "name it with letters, digits and _, not starting with a digit, e.g. EXPORT_DATE",
        }
      : isBranded(value, "input")
        ? {
            message: `env ${name} reads the execution input, which a scheduled task does not have`,
            hint: `EventBridge starts no execution: give ${name} a string, or secret("arn:...") for a secret`,
          }
        : typeof value === "string" || isBranded(value, "secret")
          ? undefined
          : {
              message: `env ${name} is ${showValue(value)}; environment values are strings`,
              hint: `write ${name}: "...", or secret("arn:...")`,
            };
    if (problem) {
      ok = false;
      sink.report({ code: "BF1245", ...problem, site });
      continue;
    }
    if (typeof value === "string" && name in own) overrides.push([name, value]);
    else definition[name] = value as string | SecretRef;
  }
  if (!ok) return undefined;
  overrides.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return { definition, overrides };
}

function commandOf(
  command: string | ReadonlyArray<string> | undefined,
  sink: DiagnosticSink,
  site: SourceSite | undefined,
): ReadonlyArray<string> | undefined {
  if (command === undefined) return undefined;
  if (typeof command === "string" ? command.trim() !== "" : command.length > 0)
    return typeof command === "string" ? ["sh", "-c", command] : [...command];
  sink.report({
    code: "BF1245",
    message: "has an empty command",
    hint: 'give the command as argv, e.g. ["make", "cleanup"], or leave it out to run the container\'s own',
    site,
  });
  return undefined;
}
