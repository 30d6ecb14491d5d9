import {
  describeExecution,
  dynamodbGetItem,
  dynamodbUpdateItem,
  ecsRunTaskSync,
  ecsRunTaskWaitForTaskToken,
  getSecretValue,
  httpInvoke,
  integrationArn,
  snsPublish,
  startExecutionSync,
} from "@batchflow/aws";

export { ecsRunTaskSync };

/**
 * What a Task state does, from its `Resource`: a job (ECS), a call of the workflow's lock machine
 * (Step Functions' `startExecution.sync:2`), a lock call in it (DynamoDB), asking whether a lock's
 * holder still runs (Step Functions' DescribeExecution), a Slack post (HTTP task), reading the
 * webhook secret (Secrets Manager) or an SNS message. batchflow serves each locally; anything else is
 * `unknown` and cannot run on this machine.
 */
export type TaskKind = "job" | "lock" | "lock-machine" | "execution" | "http" | "secret" | "sns" | "unknown";

const kinds: ReadonlyMap<string, TaskKind> = new Map([
  [ecsRunTaskSync, "job"],
  [ecsRunTaskWaitForTaskToken, "job"],
  [dynamodbUpdateItem, "lock"],
  [dynamodbGetItem, "lock"],
  [startExecutionSync, "lock-machine"],
  [describeExecution, "execution"],
  [httpInvoke, "http"],
  [getSecretValue, "secret"],
  [snsPublish, "sns"],
]);

// The compiler writes `arn:${AWS::Partition}:states:::...`; a definition deploy resolved (or one
// written by hand) names a partition. Both run here.
const anyPartition = /^arn:[a-z-]+:states:::/;

export function taskKind(resource: unknown): TaskKind {
  if (typeof resource !== "string") return "unknown";
  return kinds.get(resource) ?? kinds.get(resource.replace(anyPartition, integrationArn(""))) ?? "unknown";
}

/** Whether a job's Task state waits for the job to send its result (`output: true`). */
export function sendsOutput(resource: unknown): boolean {
  return typeof resource === "string" && resource.endsWith(":ecs:runTask.waitForTaskToken");
}

/** Whether an ASL state (a record from `collectStates`) is a job's Task state. */
export function isJobState(state: Readonly<Record<string, unknown>>): boolean {
  return state.Type === "Task" && taskKind(state.Resource) === "job";
}
