/*
 * Objects are recognised by a registered symbol, not `instanceof`: a user's project may load
 * a second copy of batchflow (the CLI's and the workflow file's), and both must agree.
 */
export const brand = Symbol.for("batchflow.brand");

export type BrandKind =
  | "flow"
  | "workflow"
  | "container"
  | "secret"
  | "input"
  | "item"
  | "s3-items"
  | "schedule"
  | "config"
  | "service"
  | "task";

export interface Branded<K extends BrandKind> {
  readonly [brand]: K;
}

export function isBranded<K extends BrandKind>(value: unknown, kind: K): value is Branded<K> {
  return typeof value === "object" && value !== null && (value as Partial<Branded<K>>)[brand] === kind;
}
