import { acquireExpression, lockAttributes, releaseExpression } from "@batchflow/aws";
import { unsupportedTask } from "../services/unsupported-task.js";

interface LockTarget {
  /** DynamoDB table (`lockTable`, default `batchflow-locks`). */
  readonly table: string;
  /** The lock's name, the item's key. */
  readonly name: string;
  /** The calling execution's ARN. */
  readonly owner: string;
}

/** Take the lock: granted when free, expired (`Expires < now`), or already this owner's. */
export interface AcquireCall extends LockTarget {
  readonly kind: "acquire";
  /** Seconds since 2020-01-01T00:00:00Z, as the lock states compute them. */
  readonly now: number;
  readonly expires: number;
  readonly acquiredAt: string;
  readonly workflow: string;
}

/** Give the lock up: granted only while this owner holds it. */
export interface ReleaseCall extends LockTarget {
  readonly kind: "release";
}

export type LockCall = AcquireCall | ReleaseCall;

/**
 * Reads a `dynamodb:updateItem` call of a lock state (its evaluated Parameters). The two shapes are the
 * acquire and release expressions of lock-protocol.ts, matched exactly: the local stores implement those
 * two conditions and nothing else, so any other update fails its state (BF1532) instead of being guessed at.
 */
export function parseLockCall(state: string, parameters: unknown): LockCall {
  const bad = (problem: string): Error => unsupportedTask(state, `dynamodb:updateItem ${problem}`);
  if (!isRecord(parameters)) throw bad("without Parameters");
  const table = parameters.TableName;
  if (typeof table !== "string" || table === "") throw bad("without a TableName");
  const key = isRecord(parameters.Key) ? parameters.Key[lockAttributes.name] : undefined;
  const name = isRecord(key) ? key.S : undefined;
  if (typeof name !== "string" || name === "") throw bad(`without a Key ${lockAttributes.name} string`);
  const values = isRecord(parameters.ExpressionAttributeValues) ? parameters.ExpressionAttributeValues : {};
  const text = (value: string): string => {
    const attribute = values[value];
    if (isRecord(attribute) && typeof attribute.S === "string") return attribute.S;
    throw bad(`without a string value ${value}`);
  };
  const number = (value: string): number => {
    const attribute = values[value];
    const digits = isRecord(attribute) && typeof attribute.N === "string" ? attribute.N.trim() : "";
    const parsed = digits === "" ? Number.NaN : Number(digits);
    if (Number.isFinite(parsed)) return parsed;
    throw bad(`without a number value ${value} (got ${JSON.stringify(attribute)})`);
  };
  const target = { table, name, owner: text(":owner") };
  if (sameExpression(parameters, acquireExpression)) {
    return {
      kind: "acquire",
      ...target,
      now: number(":now"),
      expires: number(":expires"),
      acquiredAt: text(":acquiredAt"),
      workflow: text(":workflow"),
    };
  }
  if (sameExpression(parameters, releaseExpression)) return { kind: "release", ...target };
  throw bad(
    `with an UpdateExpression that is neither the lock's acquire nor its release: ${JSON.stringify(parameters.UpdateExpression)}`,
  );
}

function sameExpression(
  parameters: Record<string, unknown>,
  expected: typeof acquireExpression | typeof releaseExpression,
): boolean {
  return (
    parameters.UpdateExpression === expected.UpdateExpression &&
    parameters.ConditionExpression === expected.ConditionExpression &&
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
