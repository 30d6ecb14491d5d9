/*
 * The lock protocol: one DynamoDB item per lock name, written only with conditional UpdateItem
 * calls from the state machine, read with GetItem; a holder is given up when Step Functions says its
 * execution no longer runs (DescribeExecution). The ASL emitter, deploy (which creates the table and
 * the role) and the local lock store (which serves the same calls on this machine) all read these
 * constants, so the three cannot drift apart. docs/design/locks-and-notifications.md says why.
 */

import { executionArnPattern, integrationArn } from "../naming.js";

/** The optimized DynamoDB integrations the lock states call. */
export const dynamodbUpdateItem = integrationArn("dynamodb:updateItem");
export const dynamodbGetItem = integrationArn("dynamodb:getItem");
/** The SDK integration a busy taker asks whether the holder's execution still runs. */
export const describeExecution = integrationArn("aws-sdk:sfn:describeExecution");

/** The table every batchflow lock lives in, unless the project config names another. */
export { defaultLockTable } from "@batchflow/core";

/**
 * Item attributes. `Owner` is `<execution ARN>#<acquiring state>`, `Execution` that execution's ARN
 * (what a busy taker asks Step Functions about); `AcquiredAt` and `Workflow` are for people reading
 * the table. No attribute holds a time anything is computed from.
 */
export const lockAttributes = {
  name: "LockName",
  owner: "Owner",
  execution: "Execution",
  acquiredAt: "AcquiredAt",
  workflow: "Workflow",
} as const;

const attributeNames = {
  "#owner": lockAttributes.owner,
  "#execution": lockAttributes.execution,
  "#acquiredAt": lockAttributes.acquiredAt,
  "#workflow": lockAttributes.workflow,
} as const;

const setHolder =
  "SET #owner = :owner, #execution = :execution, #acquiredAt = :acquiredAt, #workflow = :workflow";

/**
 * Acquire: take the lock when nobody holds it, or when this owner already does (a retried call whose
 * first try went through, or a retry of the guarded flow). Values: `:owner`, `:execution`,
 * `:acquiredAt` (ISO time), `:workflow` (all S).
 */
export const acquireExpression = {
  UpdateExpression: setHolder,
  ConditionExpression: "attribute_not_exists(#owner) OR #owner = :owner",
  ExpressionAttributeNames: attributeNames,
} as const;

/**
 * Take over from a holder whose execution is no longer running: only while that holder (`:stale`, S)
 * is still the owner, so of two takers that saw the same dead holder exactly one wins. Values as for
 * acquire, plus `:stale`.
 */
export const takeOverExpression = {
  UpdateExpression: setHolder,
  ConditionExpression: "#owner = :stale",
  ExpressionAttributeNames: attributeNames,
} as const;

/** Release: clear the holder, only while this owner is still it. Values: `:owner` (S). */
export const releaseExpression = {
  UpdateExpression: "REMOVE #owner, #execution, #acquiredAt, #workflow",
  ConditionExpression: "#owner = :owner",
  ExpressionAttributeNames: attributeNames,
} as const;

/** Read the holder (a strongly consistent GetItem): `Item.Owner.S` and `Item.Execution.S`, if held. */
export const holderProjection = {
  ConsistentRead: true,
  ProjectionExpression: "#owner, #execution",
  ExpressionAttributeNames: { "#owner": lockAttributes.owner, "#execution": lockAttributes.execution },
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

/** DescribeExecution's errors for an execution that is gone (history kept 90 days) or not one. */
export const executionGoneErrors = ["Sfn.ExecutionDoesNotExistException", "Sfn.InvalidArnException"] as const;

/**
 * The executions a busy taker may ask about: any of the account and region, since a lock's holder
 * can be a workflow of another project.
 */
export const lockHolderExecutions = executionArnPattern("*");

/** The status of a running execution; any other (SUCCEEDED, FAILED, TIMED_OUT, ABORTED, ...) has ended. */
export const runningStatus = "RUNNING";
