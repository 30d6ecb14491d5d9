import { brand, isBranded } from "../ir/brand.js";
import { isUnknownStatesError, statesErrorNames } from "../ir/error-name.js";
import { assertNever } from "../ir/flow-node.js";
import { describeValue } from "./describe-value.js";
import { didYouMean } from "./did-you-mean.js";
import { firstNonJson } from "./json-value.js";
import { genericHint } from "./option-hint.js";
import { joinPath } from "./option-path.js";
import type { OptionProblem } from "./option-problem.js";
import type { ObjectShape, Shape } from "./shape.js";
import { validationCode } from "./validation-code.js";

interface Visit {
  /** How messages name the whole value: `workflow("x") options`. */
  readonly subject: string;
  readonly out: OptionProblem[];
}

/**
 * Every way `value` differs from `shape`, each a problem whose message starts with `subject`.
 * Never throws on data, whatever its type (a getter of the user's that throws still does).
 */
export function checkShape(value: unknown, shape: Shape, subject: string): OptionProblem[] {
  const out: OptionProblem[] = [];
  visit(value, shape, "", { subject, out });
  return out;
}

function visit(value: unknown, shape: Shape, path: string, ctx: Visit): void {
  switch (shape.kind) {
    case "string":
    case "number":
    case "boolean":
    case "function":
    case "literal":
    case "brand":
      if (!hasKindOf(value, shape)) wrongType(value, shape, path, ctx);
      return;
    case "error-name":
      if (typeof value !== "string") wrongType(value, shape, path, ctx);
      else if (isUnknownStatesError(value)) unknownStatesError(value, path, ctx);
      return;
    case "json": {
      const bad = firstNonJson(value, path);
      if (bad) wrongType(bad.value, shape, bad.path, ctx);
      return;
    }
    case "unchecked":
      return;
    case "list":
      if (!Array.isArray(value)) wrongType(value, shape, path, ctx);
      else for (const [i, item] of value.entries()) visit(item, shape.item, `${path}[${i}]`, ctx);
      return;
    case "record":
      if (!isOptionObject(value)) wrongType(value, shape, path, ctx);
      else
        for (const [key, item] of Object.entries(value)) visit(item, shape.value, joinPath(path, key), ctx);
      return;
    case "object":
      visitObject(value, shape, path, ctx);
      return;
    case "union": {
      const member = shape.members.find((m) => hasKindOf(value, m));
      if (member === undefined) wrongType(value, shape, path, ctx);
      else visit(value, member, path, ctx);
      return;
    }
    default:
      assertNever(shape);
  }
}

function visitObject(value: unknown, shape: ObjectShape, path: string, ctx: Visit): void {
  if (!isOptionObject(value)) {
    wrongType(value, shape, path, ctx);
    return;
  }
  const known = Object.keys(shape.fields);
  for (const key of Object.keys(value)) {
    if (Object.hasOwn(shape.fields, key)) continue;
    ctx.out.push({
      code: validationCode.unknownOption,
      path: joinPath(path, key),
      message: `${ctx.subject}: unknown option "${joinPath(path, key)}"`,
      hint:
        (Object.hasOwn(shape.elsewhere, key) ? shape.elsewhere[key] : undefined) ??
        didYouMean(key, known) ??
        `${shape.name} takes ${wordList(known)}`,
    });
  }
  for (const [key, field] of Object.entries(shape.fields)) {
    const item = (value as Record<string, unknown>)[key];
    if (item !== undefined) visit(item, field, joinPath(path, key), ctx);
    else if (!field.optional) {
      ctx.out.push({
        code: validationCode.missingOption,
        path: joinPath(path, key),
        message: `${ctx.subject}: required option "${joinPath(path, key)}" is missing`,
        hint: `add ${key}: ${field.example}`,
      });
    }
  }
}

/** Whether the value is of the shape's kind at its top level: what picks a union's member. */
function hasKindOf(value: unknown, shape: Shape): boolean {
  switch (shape.kind) {
    case "string":
    case "number":
    case "boolean":
    case "function":
      return typeof value === shape.kind;
    case "literal":
      return shape.values.some((v) => v === value);
    case "brand":
      return isBranded(value, shape.brand);
    case "error-name":
      return typeof value === "string";
    case "json":
    case "unchecked":
      return true;
    case "list":
      return Array.isArray(value);
    case "record":
    case "object":
      return isOptionObject(value);
    case "union":
      return shape.members.some((m) => hasKindOf(value, m));
    default:
      return assertNever(shape);
  }
}

/** A plain object the user wrote: not a list, and not a value a builder made. */
function isOptionObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value) && !(brand in value);
}

function wrongType(value: unknown, shape: Shape, path: string, ctx: Visit): void {
  const key = path.slice(path.lastIndexOf(".") + 1);
  ctx.out.push({
    code: shape.code ?? validationCode.wrongType,
    path,
    message: `${path === "" ? ctx.subject : `${ctx.subject}: ${path}`} ${shape.expects}, not ${given(value, shape)}`,
    hint: shape.hint?.(value, key) ?? genericHint(value, shape, key),
  });
}

/** A string is shown as itself only where the value matters: a near miss of a literal. */
function given(value: unknown, shape: Shape): string {
  return shape.kind === "literal" && typeof value === "string" ? JSON.stringify(value) : describeValue(value);
}

function unknownStatesError(name: string, path: string, ctx: Visit): void {
  ctx.out.push({
    code: validationCode.unknownStatesError,
    path,
    // A bare index ("[0]" of catch()'s list) says nothing the name does not.
    message: `${ctx.subject}: ${path === "" || path.startsWith("[") ? "" : `${path} `}"${name}" is not an error name AWS defines`,
    hint:
      didYouMean(name, statesErrorNames) ??
      'the "States." prefix is reserved for Step Functions\' own errors (see docs/dsl.md#error-names-you-match-on); name your own errors without it',
  });
}

function wordList(words: ReadonlyArray<string>): string {
  return words.length > 1 ? `${words.slice(0, -1).join(", ")} and ${words.at(-1)}` : (words[0] ?? "nothing");
}
