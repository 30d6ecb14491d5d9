import type { DiagnosticSink, ResolvedJob } from "@batchflow/core";
import type { PayloadTemplate } from "../asl/asl-types.js";
import { isJson } from "../bundle/json-layout.js";

/**
 * ECS refuses a RunTask whose overrides are longer than this many characters, "including the JSON
 * formatting characters of the override structure" (RunTask's API reference).
 */
export const maxOverridesLength = 8192;

/**
 * Reports a job whose Task state's `Overrides` ECS would refuse (BF1320). `container` is the name
 * in its container override.
 */
export function checkOverridesLength(
  job: ResolvedJob,
  container: string,
  overrides: PayloadTemplate,
  sink: DiagnosticSink,
): void {
  // Nearly every job is far below the limit: its strings' lengths tell so without a walk.
  if (overridesLengthBound(job, container) <= maxOverridesLength) return;
  const length = overridesLength(overrides);
  if (length <= maxOverridesLength) return;
  sink.report({
    code: "BF1320",
    message: `the job's container overrides (command, env, cpu and memory) are ${length} characters as JSON; ECS RunTask takes at most ${maxOverridesLength}`,
    hint: "shorten the command, or move long env values into the fargate() spec's env (the task definition) or into a file the job reads",
    job: job.name,
    site: job.site,
  });
}

/**
 * The characters ECS counts for a Task state's `Overrides`: their minified JSON as RunTask gets
 * it (the ASL's field names are as long as the API's). A value read from the execution input
 * (`"Value.$": "$.date"`) counts as an empty string: its own length adds at run time.
 */
export function overridesLength(overrides: PayloadTemplate): number {
  return jsonLength(overrides);
}

/*
 * The most characters the overrides of a job can take, from its strings alone: each character is
 * at most 6 as JSON (`\u001f`), each string 2 quotes more, and each field name, bracket and
 * comma of the structure is counted generously, as is a value read at run time (which counts as
 * empty, or as its path inside a `States.Array(...)` command).
 */
const structureChars = 256;
const perEntryChars = 32;
const escaped = (text: string): number => 6 * text.length + 2;

export function overridesLengthBound(job: ResolvedJob, container: string): number {
  let chars = structureChars + escaped(container);
  for (const arg of job.command) chars += perEntryChars + (typeof arg === "string" ? escaped(arg) : 0);
  for (const [name, value] of job.env) {
    chars += perEntryChars + escaped(name) + (typeof value === "string" ? escaped(value) : 0);
  }
  return job.output === undefined ? chars : chars + 2 * perEntryChars;
}

function jsonLength(value: unknown): number {
  if (typeof value === "string") return quotedLength(value);
  if (Array.isArray(value)) {
    // Brackets and the commas between items.
    let length = value.length === 0 ? 2 : value.length + 1;
    // JSON.stringify writes null for what it leaves out of an object.
    for (const item of value) length += isJson(item) ? jsonLength(item) : "null".length;
    return length;
  }
  if (value !== null && typeof value === "object") {
    // The opening brace; each member adds itself and the comma or brace after it.
    let length = 1;
    for (const key in value) {
      const member: unknown = (value as Record<string, unknown>)[key];
      if (!Object.hasOwn(value, key) || !isJson(member)) continue;
      length += key.endsWith(".$")
        ? quotedLength(key.slice(0, -2)) + ':""'.length + 1
        : quotedLength(key) + 1 + jsonLength(member) + 1;
    }
    return length === 1 ? 2 : length;
  }
  return JSON.stringify(value)?.length ?? 0;
}

/** The length of a string as a JSON string literal, without building the literal when no character needs escaping. */
function quotedLength(text: string): number {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 || c === 0x22 || c === 0x5c || (c >= 0xd800 && c <= 0xdfff))
      return JSON.stringify(text).length;
  }
  return text.length + 2;
}
