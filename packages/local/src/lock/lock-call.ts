import {
  acquireExpression,
  holderProjection,
  lockAttributes,
  releaseExpression,
  takeOverExpression,
} from "@batchflow/aws";
import { unsupportedTask } from "../services/unsupported-task.js";

interface LockTarget {
  /** DynamoDB table (`lockTable`, default `batchflow-locks`). */
  readonly table: string;
  /** The lock's name, the item's key. */
  readonly name: string;
}

interface HolderFields extends LockTarget {
  /** `<execution ARN>#<acquiring state>`. */
  readonly owner: string;
  readonly execution: string;
  readonly acquiredAt: string;
  readonly workflow: string;
}

/** Take the lock: granted when free or already this owner's. */
export interface AcquireCall extends HolderFields {
  readonly kind: "acquire";
}

/** Take the lock from a holder whose execution has ended: granted only while `stale` still holds it. */
export interface TakeOverCall extends HolderFields {
  readonly kind: "take-over";
  readonly stale: string;
}

/** Give the lock up: granted only while this owner holds it. */
export interface ReleaseCall extends LockTarget {
  readonly kind: "release";
  readonly owner: string;
}

/** Who holds the lock (GetItem). */
export interface ReadCall extends LockTarget {
  readonly kind: "read";
}

export type LockWrite = AcquireCall | TakeOverCall | ReleaseCall;
export type LockCall = LockWrite | ReadCall;

/**
 * Reads a call of a lock state (its evaluated Parameters): a `dynamodb:updateItem` with one of the
 * acquire, take-over and release expressions of lock-protocol.ts, matched exactly, or the holder's
 * `dynamodb:getItem`. The local stores implement those conditions and nothing else, so any other call
 * fails its state (BF1532) instead of being guessed at.
 */
export function parseLockCall(
  state: string,
  resource: "updateItem" | "getItem",
  parameters: unknown,
): LockCall {
  const bad = (problem: string): Error => unsupportedTask(state, `dynamodb:${resource} ${problem}`);
  if (!isRecord(parameters)) throw bad("without Parameters");
  const table = parameters.TableName;
  if (typeof table !== "string" || table === "") throw bad("without a TableName");
  const key = isRecord(parameters.Key) ? parameters.Key[lockAttributes.name] : undefined;
  const name = isRecord(key) ? key.S : undefined;
  if (typeof name !== "string" || name === "") throw bad(`without a Key ${lockAttributes.name} string`);
  const target = { table, name };
  if (resource === "getItem") {
    if (sameExpression(parameters, holderProjection, "ProjectionExpression"))
      return { kind: "read", ...target };
    throw bad(
      `with a ProjectionExpression that is not the lock holder's: ${JSON.stringify(parameters.ProjectionExpression)}`,
    );
  }
  const values = isRecord(parameters.ExpressionAttributeValues) ? parameters.ExpressionAttributeValues : {};
  const text = (value: string): string => {
    const attribute = values[value];
    if (isRecord(attribute) && typeof attribute.S === "string") return attribute.S;
    throw bad(`without a string value ${value}`);
  };
  const holder = (): HolderFields => ({
    ...target,
    owner: text(":owner"),
    execution: text(":execution"),
    acquiredAt: text(":acquiredAt"),
    workflow: text(":workflow"),
  });
  if (sameExpression(parameters, acquireExpression)) return { kind: "acquire", ...holder() };
  if (sameExpression(parameters, takeOverExpression)) {
    return { kind: "take-over", ...holder(), stale: text(":stale") };
  }
  if (sameExpression(parameters, releaseExpression)) {
    return { kind: "release", ...target, owner: text(":owner") };
  }
  throw bad(
    `with an UpdateExpression that is not one of the lock's (acquire, take-over, release): ${JSON.stringify(parameters.UpdateExpression)} / ${JSON.stringify(parameters.ConditionExpression)}`,
  );
}

function sameExpression(
  parameters: Record<string, unknown>,
  expected: { readonly ExpressionAttributeNames: object } & Record<string, unknown>,
  ...fields: string[]
): boolean {
  const compared = fields.length > 0 ? fields : ["UpdateExpression", "ConditionExpression"];
  return (
    compared.every((field) => parameters[field] === expected[field]) &&
    JSON.stringify(sorted(parameters.ExpressionAttributeNames)) ===
      JSON.stringify(sorted(expected.ExpressionAttributeNames))
  );
}

function sorted(value: unknown): unknown {
  return isRecord(value)
    ? Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : 1)))
    : value;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
