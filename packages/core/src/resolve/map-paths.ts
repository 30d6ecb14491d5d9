import type { DiagnosticSink } from "../diagnostics/diagnostic-sink.js";
import { InputRef, ItemRef, type ValueRef } from "../ir/env-value.js";
import type { JobNode } from "../ir/flow-node.js";
import type { ResolvedJob } from "./resolved-workflow.js";

/**
 * Where a map iteration's input keeps things (its `ItemSelector`): the item, and the execution
 * input that jobs' `input(...)` values read.
 */
export const mapFields = {
  item: "batchflowItem",
  input: "batchflowInput",
  /** Where jobs with `output: true` put their result, in the payload that flows on. */
  output: "batchflowOutput",
} as const;

/**
 * The path of the execution input's field `path` (`$.date`) in a state `depth` maps deep. A
 * caught error (`$.error`, which a catch writes where its handler runs) stays where it is.
 */
export function inputPathAt(path: string, depth: number): string {
  if (depth === 0 || /^\$\.error(\.|\[|$)/.test(path)) return path;
  return `$.${mapFields.input}${path.slice(1)}`;
}

/** The path of the current item's field `path` (`$.id`, or `$` for the whole item) in an iteration's input. */
export function itemPathAt(path: string): string {
  return path === "$" ? `$.${mapFields.item}` : `$.${mapFields.item}${path.slice(1)}`;
}

/** Where the execution input is, as a whole, `depth` maps deep. */
export function inputRootAt(depth: number): string {
  return depth === 0 ? "$" : `$.${mapFields.input}`;
}

/**
 * The key of a job's result under `$.batchflowOutput`: the job name, with "-" (which a JSONPath
 * dot segment may not hold) as "_".
 */
export function outputKey(job: string): string {
  return job.replace(/[^A-Za-z0-9_]/g, "_");
}

export function outputPath(job: string): string {
  return `$.${mapFields.output}.${outputKey(job)}`;
}

/**
 * The job with its run-time values' paths as the state reads them `depth` maps deep, and its
 * result path when it has `output: true`. An `item()` outside any map is reported (BF1253).
 */
export function placeJob(
  job: ResolvedJob,
  node: JobNode,
  depth: number,
  sink: DiagnosticSink,
): ResolvedJob | undefined {
  let ok = true;
  const place = (ref: ValueRef, where: string): ValueRef => {
    if (ref.kind === "input") return depth === 0 ? ref : InputRef.create(inputPathAt(ref.path, depth));
    if (depth === 0) {
      ok = false;
      sink.report({
        code: "BF1253",
        message: `${where} reads item(${ref.path === "$" ? "" : JSON.stringify(ref.path)}), but the job is in no map()`,
        hint: "item() is the item a map() iteration runs for: use it in jobs inside map(items, (item) => ...), or read the execution input with input(...)",
        job: job.name,
        site: job.site,
      });
      return ref;
    }
    return ItemRef.create(itemPathAt(ref.path));
  };
  // Plain strings stay as they are: most jobs' command and env are copied by nothing.
  const plain = job.command.every(isString) && job.env.every(([, value]) => typeof value === "string");
  if (plain && node.options.output !== true) return job;
  const command = job.command.every(isString)
    ? job.command
    : job.command.map((a, i) => (typeof a === "string" ? a : place(a, `command[${i}]`)));
  const env = job.env.every(([, value]) => typeof value === "string")
    ? job.env
    : job.env.map(
        ([name, value]) => [name, typeof value === "string" ? value : place(value, `env ${name}`)] as const,
      );
  if (!ok) return undefined;
  if (node.options.output === true && job.container.options.taskRole === undefined) {
    sink.report({
      code: "BF1257",
      severity: "warning",
      message:
        "has output: true but its container has no taskRole: on AWS it cannot send its result (SendTaskSuccess) and waits until its timeout",
      hint: "give its fargate() spec a taskRole that allows states:SendTaskSuccess and states:SendTaskFailure (see docs/dsl.md, job output)",
      job: job.name,
      site: job.site,
    });
  }
  if (node.options.output !== true && command === job.command && env === job.env) return job;
  return {
    ...job,
    command,
    env,
    ...(node.options.output === true ? { output: outputPath(job.name) } : {}),
  };
}

function isString(value: unknown): value is string {
  return typeof value === "string";
}
