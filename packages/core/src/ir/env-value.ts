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

export type EnvValue = string | SecretRef | InputRef;

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
