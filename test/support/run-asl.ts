// The tests drive the compiled ASL through the same interpreter wrapper `batchflow run` uses.
import { type AslRun, type ExecuteAslOptions, executeAsl } from "@batchflow/local";
import { validateAsl } from "./validate-asl.js";

export {
  type AslEvent,
  type AslEventOf,
  type AslEventType,
  type AslRun,
  type AslRunStatus,
  collectStates,
  type ExecuteAslOptions as RunAslOptions,
  eventsOfType,
  type TaskCall,
  type TaskContext,
  TaskFailure,
  type TaskHandler,
} from "@batchflow/local";

/**
 * Runs a definition as executeAsl() does, validated first (unless `validate: false`) by the
 * asl-validator that deploy runs and the package bundles, with its schemas compiled once. The
 * interpreter's own validation, which compiles its validator's schemas anew for every definition
 * (~80 ms), is what `batchflow run` never asks for.
 */
export async function runAsl(definition: object, options: ExecuteAslOptions): Promise<AslRun> {
  if (options.validate !== false) {
    const validation = validateAsl(definition);
    if (!validation.valid) {
      throw new Error(
        `State machine definition is invalid, see error(s) below:\n ${validation.errors.join("\n")}`,
      );
    }
  }
  return executeAsl(definition, { ...options, validate: false });
}
