import { type Branded, brand } from "./brand.js";

/** A reference to a secret (Secrets Manager or SSM parameter ARN); only the ARN is ever written out. */
export interface SecretRef extends Branded<"secret"> {
  readonly kind: "secret";
  readonly arn: string;
}

/** A value read from the execution input at run time: `input("date")` is `$.date`. */
export interface InputRef extends Branded<"input"> {
  readonly kind: "input";
  readonly path: string;
}

/**
 * A value of the item a `map()` iteration runs for: `item("$.id")` is the item's `id` field,
 * `item()` the whole item. Read when the job starts, as a string.
 */
export interface ItemRef extends Branded<"item"> {
  readonly kind: "item";
  readonly path: string;
}

/** A value read at run time: from the execution input or from the current map item. */
export type ValueRef = InputRef | ItemRef;

export type EnvValue = string | SecretRef | InputRef | ItemRef;

export const SecretRef = {
  create(arn: string): SecretRef {
    return Object.freeze({ [brand]: "secret" as const, kind: "secret" as const, arn });
  },
};

export const InputRef = {
  create(path: string): InputRef {
    return Object.freeze({ [brand]: "input" as const, kind: "input" as const, path });
  },
};

export const ItemRef = {
  create(path: string): ItemRef {
    return Object.freeze({ [brand]: "item" as const, kind: "item" as const, path });
  },
};
