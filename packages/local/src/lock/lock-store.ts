import type { LockCall } from "./lock-call.js";
import type { LockDecision } from "./lock-item.js";

/**
 * Where local locks live: in memory for one simulation, in files for the `batchflow run`s of a machine.
 * `apply` decides and writes atomically with respect to every other user of the same store, as
 * DynamoDB's conditional UpdateItem does. It rejects only when the store itself fails.
 */
export interface LockStore {
  apply(call: LockCall): Promise<LockDecision>;
}
