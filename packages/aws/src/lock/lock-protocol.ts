/*
 * The lock protocol: one DynamoDB item per lock name, written only with conditional UpdateItem
 * calls from the state machine (`arn:aws:states:::dynamodb:updateItem`). The ASL emitter, deploy
 * (which creates the table) and the local lock store (which serves the same calls on this machine)
 * all read these constants, so the three cannot drift apart.
 */

import { integrationArn } from "../naming.js";

/** The optimized DynamoDB integration the lock states call. */
export const dynamodbUpdateItem = integrationArn("dynamodb:updateItem");

/** The table every batchflow lock lives in, unless the project config names another. */
export { defaultLockTable } from "@batchflow/core";

/** Item attributes. `Expires` is a number: seconds since 2020-01-01T00:00:00Z (see lock-clock.ts). */
export const lockAttributes = {
  name: "LockName",
  owner: "Owner",
  expires: "Expires",
  acquiredAt: "AcquiredAt",
  workflow: "Workflow",
} as const;

const attributeNames = {
  "#owner": lockAttributes.owner,
  "#expires": lockAttributes.expires,
  "#acquiredAt": lockAttributes.acquiredAt,
  "#workflow": lockAttributes.workflow,
} as const;

/**
 * Acquire: take the lock when nobody holds it, when the holder's lease has expired, or when this
 * execution already holds it (a retried call whose first try went through).
 * Values: `:owner` (S, execution ARN), `:now` and `:expires` (N), `:acquiredAt` (S, ISO time),
 * `:workflow` (S).
 */
export const acquireExpression = {
  UpdateExpression:
    "SET #owner = :owner, #expires = :expires, #acquiredAt = :acquiredAt, #workflow = :workflow",
  ConditionExpression: "attribute_not_exists(#owner) OR #expires < :now OR #owner = :owner",
  ExpressionAttributeNames: attributeNames,
} as const;

/** Release: clear the holder, only while this execution is still it. Values: `:owner` (S). */
export const releaseExpression = {
  UpdateExpression: "REMOVE #owner, #expires, #acquiredAt, #workflow",
  ConditionExpression: "#owner = :owner",
  ExpressionAttributeNames: attributeNames,
} as const;

/** What DynamoDB fails a conditional write with, as Step Functions names it. */
export const conditionalCheckFailed = "DynamoDB.ConditionalCheckFailedException";

/** Errors batchflow's lock states raise. */
export const lockErrors = {
  /** The lock stayed held by another execution for longer than `wait`. */
  busy: "Batchflow.LockBusy",
  /** A workflow-level lock was busy and `onBusy` is "skip": caught at the top and ended as skipped. */
  skipped: "Batchflow.LockSkipped",
} as const;

/** `CreateTable` input of the lock table. */
export function lockTableDefinition(tableName: string): {
  TableName: string;
  AttributeDefinitions: { AttributeName: string; AttributeType: "S" }[];
  KeySchema: { AttributeName: string; KeyType: "HASH" }[];
  BillingMode: "PAY_PER_REQUEST";
} {
  return {
    TableName: tableName,
    AttributeDefinitions: [{ AttributeName: lockAttributes.name, AttributeType: "S" }],
    KeySchema: [{ AttributeName: lockAttributes.name, KeyType: "HASH" }],
    BillingMode: "PAY_PER_REQUEST",
  };
}

/** DynamoDB errors worth retrying: throttling and service hiccups. */
export const dynamodbTransientErrors = [
  "DynamoDB.ProvisionedThroughputExceededException",
  "DynamoDB.RequestLimitExceeded",
  "DynamoDB.ThrottlingException",
  "DynamoDB.InternalServerErrorException",
  "DynamoDB.AmazonDynamoDBException",
] as const;

/**
 * The owner a lock state writes: the execution, plus the state that took the lock, so two job
 * locks of one execution (in parallel branches) still exclude each other.
 */
export function lockOwnerExpression(acquireState: string): string {
  return `States.Format('{}#{}', $$.Execution.Id, '${acquireState}')`;
}
