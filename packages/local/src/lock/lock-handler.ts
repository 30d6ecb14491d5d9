import { conditionalCheckFailed } from "@batchflow/aws";
import { TaskFailure, type TaskHandler } from "../interpreter/execute-asl.js";
import { type AcquireCall, type LockCall, parseLockCall, type ReleaseCall } from "./lock-call.js";
import type { LockHolder } from "./lock-item.js";
import type { LockStore } from "./lock-store.js";

/** What a lock state did, for progress, traces and simulation results. */
export type LockReport =
  | { readonly kind: "acquired"; readonly state: string; readonly call: AcquireCall }
  | {
      readonly kind: "busy";
      readonly state: string;
      readonly call: AcquireCall;
      /** Who holds it (absent only if the store could not say). */
      readonly holder: LockHolder | undefined;
    }
  | {
      readonly kind: "released";
      readonly state: string;
      readonly call: ReleaseCall;
      /** False when this execution no longer held it (its lease expired and another took it). */
      readonly held: boolean;
    };

/**
 * Serves the lock states' `dynamodb:updateItem` calls from a local store, answering as DynamoDB does:
 * `{}` when the condition held (the states discard the result), else the
 * `DynamoDB.ConditionalCheckFailedException` the states' Catch sends to the busy path (acquire) or
 * ignores (release).
 */
export function lockHandler(store: LockStore, report: (event: LockReport) => void): TaskHandler {
  return async ({ state, parameters }) => {
    const call: LockCall = parseLockCall(state, parameters);
    const decision = await store.apply(call);
    if (call.kind === "acquire") {
      report(
        decision.granted
          ? { kind: "acquired", state, call }
          : { kind: "busy", state, call, holder: decision.holder },
      );
    } else {
      report({ kind: "released", state, call, held: decision.granted });
    }
    if (!decision.granted) throw new TaskFailure(conditionalCheckFailed, "The conditional request failed");
    return {};
  };
}
