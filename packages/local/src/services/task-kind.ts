import { dynamodbUpdateItem, ecsRunTaskSync, getSecretValue, httpInvoke, snsPublish } from "@batchflow/aws";

export { ecsRunTaskSync };

/**
 * What a Task state does, from its `Resource`: a job (ECS), a lock call (DynamoDB), a Slack post (HTTP
 * task), reading the webhook secret (Secrets Manager) or an SNS message. batchflow serves each locally;
 * anything else is `unknown` and cannot run on this machine.
 */
export type TaskKind = "job" | "lock" | "http" | "secret" | "sns" | "unknown";

const kinds: ReadonlyMap<string, TaskKind> = new Map([
  [ecsRunTaskSync, "job"],
  [dynamodbUpdateItem, "lock"],
  [httpInvoke, "http"],
  [getSecretValue, "secret"],
  [snsPublish, "sns"],
]);

export function taskKind(resource: unknown): TaskKind {
  return (typeof resource === "string" ? kinds.get(resource) : undefined) ?? "unknown";
}

/** Whether an ASL state (a record from `collectStates`) is a job's Task state. */
export function isJobState(state: Readonly<Record<string, unknown>>): boolean {
  return state.Type === "Task" && taskKind(state.Resource) === "job";
}
