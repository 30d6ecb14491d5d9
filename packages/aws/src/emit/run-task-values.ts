import type { DiagnosticSink, ResolvedJob, ValueRef } from "@batchflow/core";
import type { PayloadTemplate } from "../asl/asl-types.js";

/** The environment variable that carries a job's task token (`output: true`). */
export const taskTokenVariable = "BATCHFLOW_TASK_TOKEN";

/**
 * A job's container override: its container's name, its command and, when it has any, its
 * environment. The command is a plain list, or, when an argument is read at run time, one
 * `States.Array(...)` (an element of a list cannot be a path by itself in ASL). An `item()` value
 * goes through `States.Format('{}', ...)` so that a number or boolean becomes a string as ECS
 * needs it. A literal with a character intrinsic functions reserve (`'`, `{`, `}`) is escaped
 * and passed through `States.Format(...)`, which gives it back unescaped (a bare literal in
 * `States.Array` would keep its escapes in some interpreters).
 */
export function containerOverride(name: string, job: ResolvedJob): PayloadTemplate {
  const environment = environmentOverride(job);
  // Written out for each case, not spread together: this runs for every job of every compile.
  if (job.command.every((a) => typeof a === "string")) {
    const command = [...(job.command as string[])];
    return environment === undefined
      ? { Name: name, Command: command }
      : { Name: name, Command: command, Environment: environment };
  }
  const args = job.command.map((a) => (typeof a === "string" ? literalArgument(a) : valueExpression(a)));
  const command = `States.Array(${args.join(", ")})`;
  return environment === undefined
    ? { Name: name, "Command.$": command }
    : { Name: name, "Command.$": command, Environment: environment };
}

/**
 * Reports a backslash in a command that reads run-time values (BF1340): inside an intrinsic
 * function it is an escape, which interpreters undo differently, so the argument would not reach
 * the job as written everywhere.
 */
export function checkCommandLiterals(job: ResolvedJob, sink: DiagnosticSink): void {
  if (job.command.every((a) => typeof a === "string")) return;
  const index = job.command.findIndex((a) => typeof a === "string" && a.includes("\\"));
  if (index < 0) return;
  sink.report({
    code: "BF1340",
    message: `command[${index}] holds a backslash, and the command reads item() or input(), which makes it an intrinsic function where a backslash is an escape`,
    hint: "pass that argument in env (a plain value), or have a script in the image add it",
    job: job.name,
    site: job.site,
  });
}

function literalArgument(text: string): string {
  return /['{}]/.test(text) ? `States.Format(${intrinsicString(text)})` : intrinsicString(text);
}

/** The container override's environment, the task token last for a job with `output: true`; none if empty. */
function environmentOverride(job: ResolvedJob): PayloadTemplate[] | undefined {
  if (job.env.length === 0 && job.output === undefined) return undefined;
  const entries: PayloadTemplate[] = job.env.map(([name, value]) =>
    typeof value === "string"
      ? { Name: name, Value: value }
      : { Name: name, "Value.$": value.kind === "input" ? value.path : valueExpression(value) },
  );
  if (job.output !== undefined) entries.push({ Name: taskTokenVariable, "Value.$": "$$.Task.Token" });
  return entries;
}

function valueExpression(ref: ValueRef): string {
  return ref.kind === "item" ? `States.Format('{}', ${ref.path})` : ref.path;
}

/** A string literal inside an intrinsic function call: `'`, `{`, `}` and `\` are escaped with `\`. */
export function intrinsicString(text: string): string {
  return `'${text.replace(/[\\'{}]/g, (c) => `\\${c}`)}'`;
}
