/**
 * Error names a Retry or Catch can match. The well-known ones autocomplete; any other string
 * (an error your own container reports through Step Functions) is allowed too.
 */
export type ErrorName =
  | "States.ALL"
  | "States.Timeout"
  | "States.TaskFailed"
  | "States.Permissions"
  | "States.HeartbeatTimeout"
  | "ECS.AmazonECSException"
  | "AmazonECS.Unknown"
  | (string & {});

/** Errors that mean Fargate could not run the task (capacity, throttling), not that the job failed. */
export const infrastructureErrors: ReadonlyArray<ErrorName> = ["ECS.AmazonECSException", "AmazonECS.Unknown"];

export const allErrors = "States.ALL";
