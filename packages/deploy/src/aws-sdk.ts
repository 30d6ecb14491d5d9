/*
 * The AWS SDK clients deploy is built on, at the exact pinned release, for code that works next
 * to deploy: reading back what it created (tests, `bench/`), preparing an account or emulator
 * (clusters, roles), or sending commands through the clients of `createClients()`.
 */
export * as dynamodb from "@aws-sdk/client-dynamodb";
export * as ecs from "@aws-sdk/client-ecs";
export * as eventbridge from "@aws-sdk/client-eventbridge";
export * as iam from "@aws-sdk/client-iam";
export * as scheduler from "@aws-sdk/client-scheduler";
export * as sfn from "@aws-sdk/client-sfn";
export * as sts from "@aws-sdk/client-sts";
