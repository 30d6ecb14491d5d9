import { conditionalCheckFailed, lockAttributes } from "@batchflow/aws";
import { TaskFailure, type TaskHandler } from "../interpreter/execute-asl.js";
import { type AcquireCall, parseLockCall, type ReleaseCall, type TakeOverCall } from "./lock-call.js";
import type { LockHolder } from "./lock-item.js";
import type { LockStore } from "./lock-store.js";

/** What a lock state did, for progress, traces and simulation results. */
export type LockReport =
  | {
      readonly kind: "acquired";
      readonly state: string;
      /** A take-over: the lock's holder had ended without releasing it. */
      readonly call: AcquireCall | TakeOverCall;
    }
  | {
      readonly kind: "busy";
      readonly state: string;
      readonly call: AcquireCall | TakeOverCall;
      /** Who holds it (absent only if the store could not say). */
      readonly holder: LockHolder | undefined;
    }
  | {
      readonly kind: "released";
      readonly state: string;
      readonly call: ReleaseCall;
      /** False when this execution no longer held it (the item was changed by hand). */
      readonly held: boolean;
    };

/**
 * Serves the lock states' DynamoDB calls from a local store, answering as DynamoDB does: `{}` when a
 * write's condition held (the states discard the result), else the
 * `DynamoDB.ConditionalCheckFailedException` the states' Catch sends to the busy path (acquire,
 * take-over) or ignores (release); a read answers `{ Item }` as GetItem does, without `Item` when no
 * one holds the lock.
 */
export function lockHandler(store: LockStore, report: (event: LockReport) => void): TaskHandler {
  return async ({ state, parameters }, { resource }) => {
    const operation =
      typeof resource === "string" && resource.endsWith(":getItem") ? "getItem" : "updateItem";
    const call = parseLockCall(state, operation, parameters);
    if (call.kind === "read") {
      const holder = await store.read(call);
      if (holder === undefined) return {};
      return {
        Item: {
          [lockAttributes.owner]: { S: holder.owner },
          [lockAttributes.execution]: { S: holder.execution },
        },
      };
    }
    const decision = await store.apply(call);
    if (call.kind === "release") {
      report({ kind: "released", state, call, held: decision.granted });
    } else {
      report(
        decision.granted
          ? { kind: "acquired", state, call }
          : { kind: "busy", state, call, holder: decision.holder },
      );
    }
    if (!decision.granted) throw new TaskFailure(conditionalCheckFailed, "The conditional request failed");
    return {};
  };
}
