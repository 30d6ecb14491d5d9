// Typed wrapper around asl-validator@4.0.0 (a CommonJS package that ships no TypeScript types).
//
// asl-validator MUTATES its input (it writes `QueryLanguage: "JSONPath"` into every state before running
// the JSON schema), so it is only ever given a `structuredClone` of the caller's definition.
// The ASL tests use it too (test/support/validate-asl.ts).
import { createRequire } from "node:module";
import { aslFormats } from "./asl-formats.js";
import stateMachineSchema, {
  type SchemaError,
  type StateMachineSchemaValidator,
} from "./generated/state-machine-schema.js";

const require = createRequire(import.meta.url);

/** One error as reported by asl-validator 4.0.0. */
interface AslValidatorError {
  readonly "Error code": string;
  readonly Message: string;
  readonly schemaError?: { readonly instancePath: string; readonly schemaPath: string };
}

interface AslValidatorOptions {
  readonly checkPaths?: boolean;
  readonly checkArn?: boolean;
}

type AslValidator = (
  definition: unknown,
  options?: AslValidatorOptions,
) => { isValid: boolean; errors: AslValidatorError[]; errorsText: (separator?: string) => string };

interface StateSchemaVariant {
  readonly properties?: Readonly<Record<string, { readonly $ref?: string }>>;
  readonly required?: readonly string[];
}

const aslValidator = require("asl-validator") as AslValidator;

/*
 * asl-validator 4.0.0 builds a new Ajv instance, and compiles its JSON schemas into it, on every
 * call: about 80 ms, most of a no-change deploy of 20 workflows, and ~350 ms for the first call of
 * a process, a third of a `batchflow plan`. So, during our (synchronous) call only, its
 * `new Ajv(...)` is answered for us. With the default options (all our callers use them), by
 * PrecompiledAjv: the same schemas, compiled at build time (build/compile-asl-schema.mjs). With
 * other options, by one real instance per set of options: the first call gets it and configures
 * it; later calls get a view of it on which asl-validator's re-registration of the same formats and
 * keywords is a no-op, so the compiled schemas are kept. Should either ever fail, the plain call
 * runs instead.
 */
const ajvModule = createRequire(require.resolve("asl-validator"))("ajv") as { default?: unknown };
const sharedAjv = new Map<string, object>();
const defaultSettings = JSON.stringify({ checkPaths: true, checkArn: true });
const stateMachineSchemaId = "http://asl-validator.cloud/state-machine.json#";
let precompiled: StateMachineSchemaValidator | undefined;

/** The part of Ajv's interface asl-validator uses, answered by the precompiled schema validator. */
class PrecompiledAjv {
  errors: SchemaError[] | null = null;
  // ajv-formats writes where standalone code would import its formats from.
  readonly opts = { code: {} };
  addFormat(): this {
    return this;
  }
  addKeyword(): this {
    return this;
  }
  validate(schema: unknown, data: unknown): boolean {
    if (schema !== stateMachineSchemaId) throw new Error(`no precompiled validator for ${String(schema)}`);
    precompiled ??= stateMachineSchema(aslFormats).default;
    const valid = precompiled(data);
    this.errors = valid ? null : (precompiled.errors ?? null);
    return valid;
  }
}

function withSharedAjv<T>(key: string, run: () => T): T {
  const RealAjv = ajvModule.default;
  if (typeof RealAjv !== "function") return run();
  const existing = sharedAjv.get(key);
  ajvModule.default = function SharedAjv(options: unknown): object {
    if (key === defaultSettings) return new PrecompiledAjv();
    if (existing) return configured(existing);
    const ajv = Reflect.construct(RealAjv, [options]) as object;
    sharedAjv.set(key, ajv);
    return ajv;
  };
  try {
    return run();
  } catch {
    sharedAjv.delete(key);
    ajvModule.default = RealAjv;
    return run();
  } finally {
    ajvModule.default = RealAjv;
  }
}

function configured(ajv: object): object {
  const view: object = new Proxy(ajv, {
    get(target, property) {
      if (property === "addFormat" || property === "addKeyword") return () => view;
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
  return view;
}

const stateSchemaFiles: Readonly<Record<string, string>> = {
  Choice: "choice",
  Fail: "fail",
  Map: "map",
  Parallel: "parallel",
  Pass: "pass",
  Succeed: "succeed",
  Task: "task",
  Wait: "wait",
};

export interface ValidateAslOptions {
  /** Validate JSONPath / payload-template syntax (default true). */
  readonly checkPaths?: boolean;
  /** Validate the `Resource` ARN syntax of Task states (default true). */
  readonly checkArn?: boolean;
}

export interface AslValidation {
  readonly valid: boolean;
  /** One readable line per problem: `[ERROR_CODE] <json pointer>: <message> (<hint>)`. */
  readonly errors: string[];
}

/**
 * Validates an ASL definition with asl-validator 4.0.0. The input is never mutated.
 *
 * Schema errors in asl-validator are terse (a misplaced field on a state only yields
 * "/States/X is invalid. must match exactly one schema in oneOf"), so for errors that point at a state
 * the message is extended with the fields that state's type does not allow / is missing, computed from
 * asl-validator's own per-type JSON schemas.
 */
export function validateAsl(definition: unknown, options: ValidateAslOptions = {}): AslValidation {
  const clone: unknown = structuredClone(definition);
  // asl-validator replaces (not merges) its defaults when options are passed, so spell both out.
  const settings = { checkPaths: true, checkArn: true, ...options };
  const result = withSharedAjv(JSON.stringify(settings), () => aslValidator(clone, settings));
  return { valid: result.isValid, errors: result.errors.map((error) => formatError(error, clone)) };
}

function formatError(error: AslValidatorError, validatedDefinition: unknown): string {
  const code = error["Error code"];
  const pointer = error.schemaError?.instancePath;
  if (pointer === undefined) return `[${code}] ${error.Message}`;
  const prefix = `${pointer} is invalid. `;
  const message = error.Message.startsWith(prefix) ? error.Message.slice(prefix.length) : error.Message;
  const hint = stateHint(resolvePointer(validatedDefinition, pointer));
  return `[${code}] ${pointer === "" ? "/" : pointer}: ${message}${hint === undefined ? "" : ` (${hint})`}`;
}

function resolvePointer(root: unknown, pointer: string): unknown {
  if (pointer === "") return root;
  let node = root;
  for (const raw of pointer.slice(1).split("/")) {
    const token = raw.replaceAll("~1", "/").replaceAll("~0", "~");
    if (typeof node !== "object" || node === null) return undefined;
    node = (node as Record<string, unknown>)[token];
  }
  return node;
}

function stateHint(node: unknown): string | undefined {
  if (typeof node !== "object" || node === null || Array.isArray(node)) return undefined;
  const state = node as Record<string, unknown>;
  const type = state.Type;
  if (typeof type !== "string") return undefined;
  const file = stateSchemaFiles[type];
  if (file === undefined) return `unknown state Type ${JSON.stringify(type)}`;
  const variant = schemaVariant(file, state.QueryLanguage === "JSONata" ? "jsonata.json" : "paths.json");
  if (variant?.properties === undefined) return undefined;
  const allowed = new Set(Object.keys(variant.properties));
  const unknownFields = Object.keys(state).filter((key) => !allowed.has(key));
  const missingFields = (variant.required ?? []).filter((key) => !(key in state));
  const parts: string[] = [];
  if (unknownFields.length > 0)
    parts.push(`${type} state does not allow field(s) ${quoteAll(unknownFields)}`);
  if (missingFields.length > 0) parts.push(`${type} state is missing field(s) ${quoteAll(missingFields)}`);
  return parts.length > 0 ? parts.join("; ") : undefined;
}

function schemaVariant(file: string, queryLanguageSchema: string): StateSchemaVariant | undefined {
  const schema = require(`asl-validator/dist/src/schemas/${file}.json`) as {
    readonly oneOf?: readonly StateSchemaVariant[];
  };
  return schema.oneOf?.find((variant) =>
    variant.properties?.QueryLanguage?.$ref?.startsWith(`${queryLanguageSchema}#`),
  );
}

function quoteAll(names: readonly string[]): string {
  return names.map((name) => JSON.stringify(name)).join(", ");
}
