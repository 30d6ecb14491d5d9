import type { BrandKind } from "../ir/brand.js";
import type { ValidationCode } from "./validation-code.js";

/**
 * A declarative description of what an option takes, at the level of its TypeScript type:
 * which keys, which kind of value each. Values beyond the type (ranges, patterns, duration
 * syntax) are checked later, when a workflow is compiled.
 */
export type Shape =
  | PrimitiveShape
  | LiteralShape
  | BrandShape
  | ErrorNameShape
  | JsonShape
  | UncheckedShape
  | ListShape
  | RecordShape
  | ObjectShape
  | UnionShape;

export type ShapeKind = Shape["kind"];

interface ShapeBase {
  /** The end of a sentence that starts with the option's path: `must be a list of subnet ids`. */
  readonly expects: string;
  /** A valid value as the user would write it, for hints: `["subnet-0abc"]`. */
  readonly example: string;
  /** A hint better than the generic one for this wrong value, if there is one. */
  readonly hint?: ((value: unknown, key: string) => string | undefined) | undefined;
  /** The code of a wrong value when a more specific one than BF1012 exists. */
  readonly code?: ValidationCode | undefined;
}

/** A key of an object shape; `optional` when it may be left out (or given as `undefined`). */
export type Field = Shape & { readonly optional?: boolean };

export interface PrimitiveShape extends ShapeBase {
  readonly kind: "string" | "number" | "boolean" | "function";
}

export interface LiteralShape extends ShapeBase {
  readonly kind: "literal";
  readonly values: ReadonlyArray<string | boolean>;
}

/** A value made by one of the builders: `fargate()`, `secret()`, `input()`, `cron()`. */
export interface BrandShape extends ShapeBase {
  readonly kind: "brand";
  readonly brand: BrandKind;
}

/** An error name for Retry or Catch: any string, but `States.*` only as AWS defines them. */
export interface ErrorNameShape extends ShapeBase {
  readonly kind: "error-name";
}

/** A value that must survive JSON: the execution input. */
export interface JsonShape extends ShapeBase {
  readonly kind: "json";
}

/** A key the builder checks with its own code (`after:` is BF1010); the checker only knows it exists. */
export interface UncheckedShape extends ShapeBase {
  readonly kind: "unchecked";
}

export interface ListShape extends ShapeBase {
  readonly kind: "list";
  readonly item: Shape;
}

/** An object whose keys are the user's (environment variable names), with values of one shape. */
export interface RecordShape extends ShapeBase {
  readonly kind: "record";
  readonly value: Shape;
}

/** The first member whose kind the value has is checked; none: the union's own message. */
export interface UnionShape extends ShapeBase {
  readonly kind: "union";
  readonly members: ReadonlyArray<Shape>;
}

/**
 * An option object of type `T`: every key of `T`, optional exactly where `T`'s key is, so a key
 * added to the interface without its description here does not compile.
 */
export interface ObjectShape<T = unknown> extends ShapeBase {
  readonly kind: "object";
  /** How hints name the object when listing its keys: `a lock`. */
  readonly name: string;
  readonly fields: Fields<T>;
  /** Keys that belong somewhere else, with where: `{ retry: "retry is a method: ..." }`. */
  readonly elsewhere: Readonly<Record<string, string>>;
}

export type Fields<T> = unknown extends T
  ? Readonly<Record<string, Field>>
  : {
      readonly [K in keyof T]-?: Partial<Pick<T, K>> extends Pick<T, K>
        ? Shape & { readonly optional: true }
        : Shape & { readonly optional?: never };
    };
