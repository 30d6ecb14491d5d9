import type { LockWrite } from "./lock-call.js";

/** Who holds a lock: the attributes an acquire or take-over sets on the item, removed on release. */
export interface LockHolder {
  /** `<execution ARN>#<acquiring state>`. */
  readonly owner: string;
  /** The holder's execution: whether it still runs decides whether the lock may be taken over. */
  readonly execution: string;
  readonly acquiredAt: string;
  readonly workflow: string;
}

/** The outcome of a lock write: granted with the new holder (none after a release), or refused. */
export type LockDecision =
  | { readonly granted: true; readonly holder: LockHolder | undefined }
  | { readonly granted: false; readonly holder: LockHolder | undefined };

/**
 * DynamoDB's conditional update, for the three lock writes, in one place for every store (the
 * conditions of lock-protocol.ts): acquire is `attribute_not_exists(Owner) OR Owner = :owner`,
 * take-over `Owner = :stale`, release `Owner = :owner`. A refused write changes nothing.
 */
export function decide(current: LockHolder | undefined, call: LockWrite): LockDecision {
  switch (call.kind) {
    case "release":
      return current?.owner === call.owner
        ? { granted: true, holder: undefined }
        : { granted: false, holder: current };
    case "acquire":
    case "take-over": {
      const allowed =
        call.kind === "acquire"
          ? current === undefined || current.owner === call.owner
          : current !== undefined && current.owner === call.stale;
      if (!allowed) return { granted: false, holder: current };
      const { owner, execution, acquiredAt, workflow } = call;
      return { granted: true, holder: { owner, execution, acquiredAt, workflow } };
    }
  }
}
