import type { DesiredLockTable } from "../desired/desired-state.js";
import { type DeployProblem, deployErrorCode } from "../errors.js";
import type { LiveLockTable } from "../live/lock-tables.js";
import type { PlanItem } from "./plan-items.js";
import { change } from "./plan-resources.js";

/*
 * The lock table is shared by every workflow and project of the account and region (locks are
 * global by name), so it has no owner: deploy creates it when it is missing and otherwise only
 * checks that its key is the one the lock states write. It never updates or deletes it.
 */

/** Statuses in which the table serves no lock and deploy cannot create it either. */
const unusable = new Set(["DELETING", "ARCHIVING", "ARCHIVED", "INACCESSIBLE_ENCRYPTION_CREDENTIALS"]);

export function planLockTable(
  desired: DesiredLockTable,
  workflows: ReadonlyArray<string>,
  live: LiveLockTable | undefined,
): { item: PlanItem & { kind: "lock-table" }; problem?: DeployProblem | undefined } {
  const usedBy = `used by ${workflows.join(", ")}`;
  const key = describeKey(desiredKey(desired));
  if (!live) {
    return {
      item: {
        kind: "lock-table",
        desired,
        change: change(
          "lock-table",
          desired.name,
          undefined,
          "create",
          `DynamoDB table of batchflow locks: ${key}, ${billing(desired)}; ${usedBy}`,
          { arn: desired.arn },
        ),
      },
    };
  }
  const item: PlanItem & { kind: "lock-table" } = {
    kind: "lock-table",
    desired,
    change: change("lock-table", desired.name, undefined, "unchanged", `${live.status}, ${key}; ${usedBy}`, {
      arn: live.arn || desired.arn,
    }),
  };
  const liveKey = describeKey(liveKeyOf(live));
  if (liveKey !== key) {
    return {
      item,
      problem: {
        code: deployErrorCode.lockTableIncompatible,
        message: `the DynamoDB table ${desired.name} exists with key ${liveKey}; batchflow locks need ${key} and no sort key`,
        hint: `batchflow never changes or deletes an existing table. Give the locks another table (lockTable: "batchflow-locks-2" in batchflow.config.ts, then compile again), or, if nothing else uses ${desired.name}, delete it and deploy again`,
        workflow: workflows[0],
      },
    };
  }
  if (unusable.has(live.status)) {
    return {
      item,
      problem: {
        code: deployErrorCode.lockTableNotActive,
        message: `the DynamoDB table ${desired.name} is ${live.status}: the locks cannot use it`,
        hint:
          live.status === "DELETING"
            ? "wait until DynamoDB has deleted it, then deploy again: deploy creates it anew"
            : "restore the table (or its encryption key) in DynamoDB, or give the locks another table (lockTable in batchflow.config.ts)",
        workflow: workflows[0],
      },
    };
  }
  return { item };
}

interface KeyPart {
  readonly name: string;
  readonly keyType: string;
  readonly attributeType: string;
}

function desiredKey(desired: DesiredLockTable): KeyPart[] {
  const types = new Map(desired.input.AttributeDefinitions.map((a) => [a.AttributeName, a.AttributeType]));
  return desired.input.KeySchema.map((k) => ({
    name: k.AttributeName,
    keyType: k.KeyType,
    attributeType: types.get(k.AttributeName) ?? "?",
  }));
}

function liveKeyOf(live: LiveLockTable): KeyPart[] {
  return live.keySchema.map((k) => ({
    name: k.name,
    keyType: k.type,
    attributeType: live.attributeTypes[k.name] ?? "?",
  }));
}

/** `hash key LockName (S)`, or with a sort key `hash key a (S), range key b (N)`. */
export function describeKey(parts: ReadonlyArray<KeyPart>): string {
  return parts.map((p) => `${p.keyType.toLowerCase()} key ${p.name} (${p.attributeType})`).join(", ");
}

function billing(desired: DesiredLockTable): string {
  return desired.input.BillingMode === "PAY_PER_REQUEST" ? "on-demand" : desired.input.BillingMode;
}
