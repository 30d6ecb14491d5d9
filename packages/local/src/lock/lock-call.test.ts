import { acquireExpression, holderProjection, releaseExpression, takeOverExpression } from "@batchflow/aws";
import { describe, expect, it } from "vitest";
import { TaskFailure } from "../interpreter/execute-asl.js";
import { parseLockCall } from "./lock-call.js";

const key = { TableName: "batchflow-locks", Key: { LockName: { S: "fuga.lock" } } };
const acquire = {
  ...key,
  ...acquireExpression,
  ExpressionAttributeValues: {
    ":owner": { S: "arn:x#a" },
    ":execution": { S: "arn:x" },
    ":acquiredAt": { S: "2026-01-01T00:00:00.000Z" },
    ":workflow": { S: "wf" },
  },
};

describe("parseLockCall", () => {
  it("reads the acquire, take-over, release and read calls of the lock protocol", () => {
    expect(parseLockCall("take", "updateItem", acquire)).toEqual({
      kind: "acquire",
      table: "batchflow-locks",
      name: "fuga.lock",
      owner: "arn:x#a",
      execution: "arn:x",
      acquiredAt: "2026-01-01T00:00:00.000Z",
      workflow: "wf",
    });
    const release = {
      ...key,
      ...releaseExpression,
      ExpressionAttributeValues: { ":owner": { S: "arn:x#a" } },
    };
    const takeOver = {
      ...acquire,
      ...takeOverExpression,
      ExpressionAttributeValues: { ...acquire.ExpressionAttributeValues, ":stale": { S: "arn:y#a" } },
    };
    expect(parseLockCall("take-over", "updateItem", takeOver)).toMatchObject({
      kind: "take-over",
      owner: "arn:x#a",
      stale: "arn:y#a",
    });
    expect(parseLockCall("holder", "getItem", { ...key, ...holderProjection })).toEqual({
      kind: "read",
      table: "batchflow-locks",
      name: "fuga.lock",
    });
    expect(parseLockCall("release", "updateItem", release)).toEqual({
      kind: "release",
      table: "batchflow-locks",
      name: "fuga.lock",
      owner: "arn:x#a",
    });
  });

  it("fails the state with BF1532 for any other update, naming the state", () => {
    const bad = (parameters: unknown): TaskFailure => {
      try {
        parseLockCall("lock-x-take", "updateItem", parameters);
      } catch (error) {
        return error as TaskFailure;
      }
      throw new Error("parsed");
    };
    for (const parameters of [
      { ...acquire, UpdateExpression: "SET #owner = :owner" },
      { ...acquire, ConditionExpression: "attribute_not_exists(#owner)" },
      {
        ...acquire,
        ExpressionAttributeValues: { ...acquire.ExpressionAttributeValues, ":execution": { N: "1" } },
      },
      { ...acquire, Key: { Other: { S: "x" } } },
      { ...acquire, TableName: "" },
      null,
    ]) {
      const failure = bad(parameters);
      expect(failure).toBeInstanceOf(TaskFailure);
      expect(failure.error).toBe("Batchflow.UnsupportedTask");
      expect(failure.cause).toMatch(
        /^BF1532: Task state "lock-x-take" cannot run locally: dynamodb:updateItem /,
      );
    }
  });
});
