import { notifyConnectionPlaceholder } from "@batchflow/aws";
import type { AwsEnvironment } from "./environment.js";
import { mapStrings } from "./placeholders.js";

/*
 * `${Batchflow::NotifyConnectionArn}` stands for the ARN of the workflow's notification
 * connection. Connection ARNs end in an id EventBridge picks when the connection is created, so
 * the placeholder stays in the desired state and is filled in late: by plan with the live ARN
 * (or a marker when the connection is still to be created), by apply with the ARN the connection
 * has once it exists.
 */

/** What plan shows in place of the id of a connection that deploy has yet to create. */
export const newConnection = "(new connection)";

/** A copy of `value` with the placeholder replaced by `arn` (unchanged when `arn` is undefined). */
export function fillConnectionArn<T>(value: T, arn: string | undefined): T {
  if (arn === undefined) return value;
  return mapStrings(value, (s) =>
    s.includes(notifyConnectionPlaceholder) ? s.replaceAll(notifyConnectionPlaceholder, arn) : s,
  );
}

/** The ARN plan compares with for a connection that does not exist yet. */
export function plannedConnectionArn(env: AwsEnvironment, name: string): string {
  return `arn:${env.partition}:events:${env.region}:${env.accountId}:connection/${name}/${newConnection}`;
}
