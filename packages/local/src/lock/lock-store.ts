import type { LockWrite, ReadCall } from "./lock-call.js";
import type { LockDecision, LockHolder } from "./lock-item.js";

/**
 * Where local locks live: in memory for one simulation, in files for the `batchflow run`s of a machine.
 * `apply` decides and writes atomically with respect to every other user of the same store, as
 * DynamoDB's conditional UpdateItem does; `read` is a consistent read of the holder. Both reject only
 * when the store itself fails.
 */
export interface LockStore {
  apply(call: LockWrite): Promise<LockDecision>;
  read(call: ReadCall): Promise<LockHolder | undefined>;
}
