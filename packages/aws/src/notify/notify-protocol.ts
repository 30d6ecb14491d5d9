/*
 * The integrations notification states call, and the placeholder deploy fills in with the ARN of the
 * EventBridge connection the HTTP task needs. The ASL emitter, deploy and the local runner share them.
 */

import { integrationArn } from "../naming.js";

/** Step Functions' HTTP task: POSTs the Slack message. Needs an EventBridge connection. */
export const httpInvoke = integrationArn("http:invoke");

/** Reads a `secret(...)` webhook URL at notification time, so the URL never appears in the bundle. */
export const getSecretValue = integrationArn("aws-sdk:secretsmanager:getSecretValue");

/** The optimized SNS integration. */
export const snsPublish = integrationArn("sns:publish");

/**
 * Stands for the ARN of the workflow's notification connection (`<workflow>-notify`) in the ASL;
 * connection ARNs end in an id EventBridge picks, so only deploy can know it.
 */
export const notifyConnectionPlaceholder = "${Batchflow::NotifyConnectionArn}";

/** The connection's name for a workflow. */
export function notifyConnectionName(workflow: string): string {
  return `${workflow}-notify`;
}

/**
 * Local runs read a `secret(...)` webhook's value from this variable (environment or `.env`): the
 * secret's value lives in AWS, not on this machine.
 */
export const localWebhookVariable = "BATCHFLOW_NOTIFY_WEBHOOK";

/**
 * `CreateConnection` input of the workflow's notification connection. The HTTP task requires a
 * connection; Slack webhooks need no credentials, so it carries a fixed, non-secret API key header
 * that Slack ignores.
 */
export function notifyConnectionDefinition(workflow: string): {
  Name: string;
  Description: string;
  AuthorizationType: "API_KEY";
  AuthParameters: { ApiKeyAuthParameters: { ApiKeyName: string; ApiKeyValue: string } };
} {
  return {
    Name: notifyConnectionName(workflow),
    Description: `batchflow notifications of workflow ${workflow}`,
    AuthorizationType: "API_KEY",
    AuthParameters: { ApiKeyAuthParameters: { ApiKeyName: "X-Batchflow-Notify", ApiKeyValue: workflow } },
  };
}
