import { createRequire } from "node:module";

/** The options aws-local-stepfunctions 3.0.0 calls jsonpath-plus's `JSONPath` with (its only call). */
export interface JsonPathCall {
  readonly path: string;
  readonly json: unknown;
  readonly wrap: false;
}

type JsonPathFunction = (call: JsonPathCall) => unknown;

// `$`, or `$` and member names: what batchflow's own states read (`$$.Execution.Id` reaches here as
// `$.Execution.Id`) and what most users' paths are.
const memberPath = /^\$(?:\.[A-Za-z_][A-Za-z0-9_]*)*$/;

let library: JsonPathFunction | undefined;

/**
 * jsonpath-plus's `JSONPath({ path, json, wrap: false })` (the interpreter's `jsonPathQuery`), with
 * paths of plain member names through plain objects answered here: jsonpath-plus parses the path and
 * throws an Error to return anything but an object from its constructor (a string, a boolean), about
 * 0.3 ms per lock call warm and several ms the first time in a run. Anything else (brackets,
 * wildcards, filters, a missing member, arrays, strings, a falsy root) goes to jsonpath-plus, loaded
 * on first use; `json-path-fast-path.test.ts` checks both agree.
 */
export function JSONPath(call: JsonPathCall): unknown {
  const found = memberPath.test(call.path) ? walk(call.path, call.json) : missed;
  if (found !== missed) return found;
  library ??= (createRequire(import.meta.url)("jsonpath-plus") as { JSONPath: JsonPathFunction }).JSONPath;
  return library(call);
}

const missed = Symbol("missed");

function walk(path: string, json: unknown): unknown {
  let value = json;
  if (!isPlainObject(value)) return missed;
  let at = 2;
  while (at < path.length) {
    const end = path.indexOf(".", at);
    const name = path.slice(at, end === -1 ? path.length : end);
    if (!isPlainObject(value) || !Object.hasOwn(value, name)) return missed;
    value = value[name];
    at = end === -1 ? path.length : end + 1;
  }
  return value;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
