/**
 * Every `States.*` error name Step Functions defines: the States Language's own (its appendix A)
 * and the two the service adds (`States.DataLimitExceeded`, `States.Http.Socket`). The prefix is
 * reserved, so any other `States.` name could never match; it is refused (BF1014).
 */
export const statesErrorNames = [
  "States.ALL",
  "States.HeartbeatTimeout",
  "States.Timeout",
  "States.TaskFailed",
  "States.Permissions",
  "States.ResultPathMatchFailure",
  "States.ParameterPathFailure",
  "States.QueryEvaluationError",
  "States.BranchFailed",
  "States.NoChoiceMatched",
  "States.IntrinsicFailure",
  "States.ExceedToleratedFailureThreshold",
  "States.ItemReaderFailed",
  "States.ResultWriterFailed",
  "States.Runtime",
  "States.DataLimitExceeded",
  "States.Http.Socket",
] as const;

export type StatesErrorName = (typeof statesErrorNames)[number];

/**
 * Error names a Retry or Catch can match. The `States.*` names and the ECS ones autocomplete;
 * any other string (an error your own container reports through Step Functions) is allowed
 * too, except a `States.` name not in `statesErrorNames`, which is refused at the call.
 */
export type ErrorName = StatesErrorName | "ECS.AmazonECSException" | "AmazonECS.Unknown" | (string & {});

/** The names in `E` that claim the `States.` prefix without being AWS's; never when there are none. */
export type UnknownStatesErrorName<E extends string> = E extends StatesErrorName
  ? never
  : Lowercase<E> extends `states.${string}`
    ? E
    : never;

/**
 * Intersected with a parameter that takes error names `E`, refuses at compile time what
 * `isUnknownStatesError` refuses at run time (BF1014), naming the name in the type error.
 */
export type KnownErrorNames<E extends string> = [UnknownStatesErrorName<E>] extends [never]
  ? unknown
  : { readonly notDefinedByAws: UnknownStatesErrorName<E> };

/** Errors that mean Fargate could not run the task (capacity, throttling), not that the job failed. */
export const infrastructureErrors: ReadonlyArray<ErrorName> = ["ECS.AmazonECSException", "AmazonECS.Unknown"];

export const allErrors = "States.ALL";

/**
 * True for names that claim the `States.` prefix without being one AWS defines. The prefix is
 * compared without case: "states.Timeout" is a slip, never a name of the user's own.
 */
export function isUnknownStatesError(name: string): boolean {
  return (
    name.toLowerCase().startsWith("states.") && !(statesErrorNames as ReadonlyArray<string>).includes(name)
  );
}
