import { acquireExpression, releaseExpression } from "@batchflow/aws";
import { describe, expect, it } from "vitest";
import { TaskFailure } from "../interpreter/execute-asl.js";
import { parseLockCall } from "./lock-call.js";

const key = { TableName: "batchflow-locks", Key: { LockName: { S: "fuga.lock" } } };
const acquire = {
  ...key,
  ...acquireExpression,
  ExpressionAttributeValues: {
    ":owner": { S: "arn:x#a" },
    ":now": { N: "100" },
    ":expires": { N: "130" },
    ":acquiredAt": { S: "2026-01-01T00:00:00.000Z" },
    ":workflow": { S: "wf" },
  },
};

describe("parseLockCall", () => {
  it("reads the acquire and release calls of the lock protocol", () => {
    expect(parseLockCall("take", acquire)).toEqual({
      kind: "acquire",
      table: "batchflow-locks",
      name: "fuga.lock",
      owner: "arn:x#a",
      now: 100,
      expires: 130,
      acquiredAt: "2026-01-01T00:00:00.000Z",
      workflow: "wf",
    });
    const release = {
      ...key,
      ...releaseExpression,
      ExpressionAttributeValues: { ":owner": { S: "arn:x#a" } },
    };
    expect(parseLockCall("release", release)).toEqual({
      kind: "release",
      table: "batchflow-locks",
      name: "fuga.lock",
      owner: "arn:x#a",
    });
  });

  it("fails the state with BF1532 for any other update, naming the state", () => {
    const bad = (parameters: unknown): TaskFailure => {
      try {
        parseLockCall("lock-x-take", parameters);
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
        ExpressionAttributeValues: { ...acquire.ExpressionAttributeValues, ":now": { N: "soon" } },
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
