import { describe, expect, it } from "vitest";
import { bundleWorkflow, workflowFiles } from "../bundle/bundle-test-support.js";
import { desiredWorkflow } from "../desired/desired-state.js";
import type { LiveStateMachine } from "../live/state-machines.js";
import { ownershipTags, type Tags, tagKeys } from "../tags.js";
import { planDroppedLockMachine, planLockMachine } from "./plan-lock-machine.js";

const env = { partition: "aws", region: "ap-northeast-1", accountId: "123456789012", callerArn: "" };
const project = "tests";
const w = desiredWorkflow(bundleWorkflow(workflowFiles("w", { locks: true })), env, {
  scheduleGroup: "batchflow-tests",
});
const desired = w.lockMachine!;
const arn = "arn:aws:states:ap-northeast-1:123456789012:stateMachine:w-locks";

/** `w-locks` as DescribeStateMachine and ListTagsForResource give it: by default, as deploy made it. */
function live(changes: Partial<LiveStateMachine> = {}): LiveStateMachine {
  return {
    arn,
    name: "w-locks",
    definition: desired.definition,
    roleArn: desired.roleArn,
    type: "STANDARD",
    status: "ACTIVE",
    tags: ownershipTags(project, "w", "sha256:old"),
    ...changes,
  };
}

const plan = (l: LiveStateMachine | undefined) => planLockMachine(project, w, desired, l);
const dropped = (tags: Tags | undefined) =>
  planDroppedLockMachine(project, "w", tags === undefined ? undefined : live({ tags }));

describe("planLockMachine", () => {
  it("creates a missing lock machine, shown as a state machine of the workflow", () => {
    expect(plan(undefined)).toEqual({
      kind: "lock-machine",
      desired,
      bundleHash: w.bundleHash,
      live: undefined,
      change: {
        type: "state-machine",
        name: "w-locks",
        workflow: "w",
        action: "create",
        summary: "lock machine of w: STANDARD, 1 top-level state, role arn:aws:iam::123456789012:role/w-sfn",
        arn,
      },
    });
  });

  it("leaves an equal one unchanged, whichever bundle last wrote it", () => {
    expect(plan(live()).change).toMatchObject({ action: "unchanged", summary: arn, arn });
  });

  it("updates one whose definition or role differs, with the diff", () => {
    const definition = JSON.parse(JSON.stringify(desired.definition).replace("batchflow-locks", "old-locks"));
    const changed = plan(live({ definition })).change;
    expect(changed.action).toBe("update");
    expect(changed.summary).toMatch(/^lock machine of w: STANDARD/);
    expect(changed.diff?.split("\n").filter((line) => /^[-+]/.test(line))).toEqual([
      '-           "TableName": "old-locks",',
      '+           "TableName": "batchflow-locks",',
    ]);
    const role = plan(live({ roleArn: "arn:aws:iam::123456789012:role/old" })).change;
    expect(role.action).toBe("update");
    expect(role.diff).toContain('-   "roleArn": "arn:aws:iam::123456789012:role/old",');
  });

  it("is a conflict when another project, or nobody batchflow knows, made it", () => {
    expect(plan(live({ tags: ownershipTags("other", "w", undefined) })).change).toMatchObject({
      action: "conflict",
      summary: 'state machine w-locks belongs to batchflow project "other"',
    });
    expect(plan(live({ tags: {} })).change).toMatchObject({
      action: "conflict",
      summary: "state machine w-locks exists and was not created by batchflow (no batchflow:project tag)",
    });
  });
});

describe("planDroppedLockMachine", () => {
  it("deletes the lock machine this project made for the workflow, after the state machines", () => {
    expect(dropped(ownershipTags(project, "w", "sha256:old"))).toEqual({
      kind: "delete",
      machine: "lock",
      change: {
        type: "state-machine",
        name: "w-locks",
        workflow: "w",
        action: "delete",
        summary: "the workflow no longer has locks",
        arn,
      },
    });
  });

  it("leaves alone what is missing, another project's, nobody's, or made for another workflow", () => {
    expect(dropped(undefined)).toBeUndefined();
    expect(dropped(ownershipTags("other", "w", undefined))).toBeUndefined();
    expect(dropped({})).toBeUndefined();
    expect(dropped({ [tagKeys.project]: project, [tagKeys.workflow]: "w-locks" })).toBeUndefined();
    expect(dropped({ [tagKeys.project]: project })).toBeUndefined();
  });
});
