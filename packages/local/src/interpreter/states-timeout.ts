import { ExecutionError, StateMachine, type StateMachineDefinition } from "./interpreter-library.js";

let timeoutClass: Promise<new () => Error> | undefined;

/**
 * A `States.Timeout` failure for a Task state that the interpreter treats exactly like its own: a
 * `States.TaskFailed` retrier or catcher does not match it, as on AWS (a `TaskFailure("States.Timeout")`
 * would be matched by them). aws-local-stepfunctions does not export its timeout error class, so the
 * class is taken, once, from a 1 ms probe execution that times out.
 */
export async function statesTimeout(cause: string): Promise<Error> {
  timeoutClass ??= probeTimeoutClass();
  const error = new (await timeoutClass)();
  error.message = cause;
  return error;
}

async function probeTimeoutClass(): Promise<new () => Error> {
  const definition = {
    StartAt: "probe",
    States: {
      probe: {
        Type: "Task",
        Resource: "arn:aws:lambda:us-east-1:000000000000:function:probe",
        TimeoutSeconds: 0.001,
        End: true,
      },
    },
  };
  const machine = new StateMachine(definition as unknown as StateMachineDefinition, {
    validationOptions: { noValidate: true },
  });
  const execution = machine.run(
    {},
    { overrides: { taskResourceLocalHandlers: { probe: () => new Promise<never>(() => {}) } } },
  );
  try {
    await execution.result;
  } catch (error) {
    const cause = error instanceof ExecutionError ? error.cause : undefined;
    if (cause instanceof Error && cause.name === "States.Timeout")
      return cause.constructor as new () => Error;
  }
  throw new Error("aws-local-stepfunctions did not time out its probe task");
}
