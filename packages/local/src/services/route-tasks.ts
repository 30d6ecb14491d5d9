import type { TaskHandler } from "../interpreter/execute-asl.js";
import { type TaskKind, taskKind } from "./task-kind.js";
import { unsupportedTask } from "./unsupported-task.js";

/**
 * One TaskHandler for a whole definition: each call goes to the handler of its Task state's kind (a
 * job, a lock call, a notification, …), by the state's `Resource`. A kind without a handler fails its
 * state with BF1532.
 */
export function routeTasks(handlers: Readonly<Partial<Record<TaskKind, TaskHandler>>>): TaskHandler {
  return (call, context) => {
    const handler = handlers[taskKind(context.resource)];
    if (handler === undefined) {
      throw unsupportedTask(
        call.state,
        `its Resource ${JSON.stringify(context.resource)} is not one batchflow serves`,
      );
    }
    return handler(call, context);
  };
}
