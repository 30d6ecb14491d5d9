import type { LockCall } from "./lock-call.js";

/** Who holds a lock: the attributes the acquire call sets on the item, removed again on release. */
export interface LockHolder {
  readonly owner: string;
  /** Seconds since 2020-01-01T00:00:00Z after which anyone may take the lock. */
  readonly expires: number;
  readonly acquiredAt: string;
  readonly workflow: string;
}

/** The outcome of a lock call: granted with the new holder (none after a release), or refused. */
export type LockDecision =
  | { readonly granted: true; readonly holder: LockHolder | undefined }
  | { readonly granted: false; readonly holder: LockHolder | undefined };

/**
 * DynamoDB's conditional update, for the two lock calls, in one place for every store:
 * acquire is `attribute_not_exists(Owner) OR Expires < :now OR Owner = :owner`, release is
 * `Owner = :owner`. A refused call changes nothing.
 */
export function decide(current: LockHolder | undefined, call: LockCall): LockDecision {
  if (call.kind === "release") {
    return current?.owner === call.owner
      ? { granted: true, holder: undefined }
      : { granted: false, holder: current };
  }
  const free = current === undefined || current.expires < call.now || current.owner === call.owner;
  if (!free) return { granted: false, holder: current };
  return {
    granted: true,
    holder: {
      owner: call.owner,
      expires: call.expires,
      acquiredAt: call.acquiredAt,
      workflow: call.workflow,
    },
  };
}
