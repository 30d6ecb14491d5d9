import type { BrandKind } from "../ir/brand.js";
import type {
  BrandShape,
  ErrorNameShape,
  Fields,
  JsonShape,
  ListShape,
  LiteralShape,
  ObjectShape,
  PrimitiveShape,
  RecordShape,
  Shape,
  UncheckedShape,
  UnionShape,
} from "./shape.js";

/** What every shape may override: the sentence, the example and a hint of its own. */
type Wording = Partial<Pick<Shape, "expects" | "example" | "hint" | "code">>;

export function text(wording: Wording = {}): PrimitiveShape {
  return { kind: "string", expects: "must be a string", example: '"..."', ...wording };
}

export function numeric(wording: Wording = {}): PrimitiveShape {
  return { kind: "number", expects: "must be a number", example: "1", ...wording };
}

export function flag(wording: Wording = {}): PrimitiveShape {
  return { kind: "boolean", expects: "must be true or false", example: "true", ...wording };
}

export function callback(wording: Wording = {}): PrimitiveShape {
  return { kind: "function", expects: "must be a function", example: "(name) => ...", ...wording };
}

export function oneOf(values: ReadonlyArray<string | boolean>, wording: Wording = {}): LiteralShape {
  const listed = values.map((v) => JSON.stringify(v));
  const words = listed.length > 1 ? `${listed.slice(0, -1).join(", ")} or ${listed.at(-1)}` : `${listed[0]}`;
  return { kind: "literal", values, expects: `must be ${words}`, example: listed[0] ?? '""', ...wording };
}

export function branded(brand: BrandKind, wording: Wording & Pick<Shape, "expects" | "example">): BrandShape {
  return { kind: "brand", brand, ...wording };
}

export function errorName(): ErrorNameShape {
  return { kind: "error-name", expects: "must be an error name (a string)", example: '"States.TaskFailed"' };
}

export function json(wording: Wording = {}): JsonShape {
  return {
    kind: "json",
    expects: "must be JSON: strings, numbers, true/false, null, lists and objects",
    example: '{ "date": "today" }',
    hint: (_value, key) =>
      `it is sent as JSON; make ${key === "" ? "it" : key} a string, number, true/false, null, list or plain object (a date as an ISO string)`,
    ...wording,
  };
}

/** A key whose value the builder checks itself, with a code of its own. */
export function checkedByBuilder(): UncheckedShape {
  return { kind: "unchecked", expects: "", example: "" };
}

export function listOf(item: Shape, wording: Wording = {}): ListShape {
  return { kind: "list", item, expects: "must be a list", example: `[${item.example}]`, ...wording };
}

export function recordOf(value: Shape, wording: Wording = {}): RecordShape {
  return {
    kind: "record",
    value,
    expects: "must be an object",
    example: `{ NAME: ${value.example} }`,
    ...wording,
  };
}

export function anyOf(members: ReadonlyArray<Shape>, wording: Wording & Pick<Shape, "expects">): UnionShape {
  return { kind: "union", members, example: members[0]?.example ?? "", ...wording };
}

/** The description of option type `T`; the compiler insists on every key of `T` and no other. */
export function objectOf<T>(
  name: string,
  fields: Fields<T>,
  wording: Wording & { readonly elsewhere?: Readonly<Record<string, string>> } = {},
): ObjectShape<T> {
  const { elsewhere = {}, ...rest } = wording;
  return {
    kind: "object",
    name,
    fields,
    elsewhere,
    expects: `must be ${name}, an object`,
    example: "{ ... }",
    ...rest,
  };
}

/** Marks a field that may be left out. */
export function optional<S extends Shape>(shape: S): S & { readonly optional: true } {
  return { ...shape, optional: true };
}
