import { describe, expect, it } from "vitest";
import { bundleWorkflow, workflowFiles } from "../bundle/bundle-test-support.js";
import { desiredWorkflow } from "../desired/desired-state.js";
import type { LiveStateMachine } from "../live/state-machines.js";
import { ownershipTags, type Tags, tagKeys } from "../tags.js";
import { planDroppedNotify, planNotifyMachine } from "./plan-notify.js";

const env = { partition: "aws", region: "ap-northeast-1", accountId: "123456789012", callerArn: "" };
const project = "tests";
const w = desiredWorkflow(bundleWorkflow(workflowFiles("w", { locks: false, notify: "slack" })), env, {
  scheduleGroup: "batchflow-tests",
});
const desired = w.notifyMachine!;
const arn = "arn:aws:states:ap-northeast-1:123456789012:stateMachine:w-notify";
const ruleArn = "arn:aws:events:ap-northeast-1:123456789012:rule/w-notify";
const connection = "arn:aws:events:ap-northeast-1:123456789012:connection/w-notify/0000";
const withConnection = (definition: unknown, to = connection) =>
  JSON.parse(JSON.stringify(definition).replaceAll("${Batchflow::NotifyConnectionArn}", to));

/** `w-notify` as DescribeStateMachine and ListTagsForResource give it: by default, as deploy made it. */
function live(changes: Partial<LiveStateMachine> = {}): LiveStateMachine {
  return {
    arn,
    name: "w-notify",
    definition: withConnection(desired.definition),
    roleArn: desired.roleArn,
    type: "STANDARD",
    status: "ACTIVE",
    tags: ownershipTags(project, "w", "sha256:old"),
    ...changes,
  };
}

const plan = (l: LiveStateMachine | undefined, connectionArn: string | undefined = connection) =>
  planNotifyMachine(project, w, desired, l, connectionArn);

describe("planNotifyMachine", () => {
  it("creates a missing notify machine, shown as a state machine of the workflow", () => {
    expect(plan(undefined)).toEqual({
      kind: "notify-machine",
      desired,
      bundleHash: w.bundleHash,
      live: undefined,
      change: {
        type: "state-machine",
        name: "w-notify",
        workflow: "w",
        action: "create",
        summary:
          "notify machine of w: STANDARD, 1 top-level state, role arn:aws:iam::123456789012:role/w-sfn",
        arn,
      },
    });
  });

  it("compares with the connection's ARN filled in: the live connection's leaves it unchanged", () => {
    expect(plan(live()).change).toMatchObject({ action: "unchanged", summary: arn, arn });
  });

  it("updates it when the connection is new, or its definition or role differs", () => {
    const planned = `arn:aws:events:ap-northeast-1:123456789012:connection/w-notify/(new connection)`;
    const fresh = plan(live(), planned).change;
    expect(fresh.action).toBe("update");
    expect(fresh.diff?.split("\n").filter((line) => /^[-+]/.test(line))).toEqual([
      expect.stringMatching(new RegExp(`^- +"ConnectionArn": "${connection}"$`)),
      expect.stringMatching(/^\+ +"ConnectionArn": ".*\/w-notify\/\(new connection\)"$/),
    ]);
    const role = plan(live({ roleArn: "arn:aws:iam::123456789012:role/old" })).change;
    expect(role).toMatchObject({
      action: "update",
      summary: expect.stringMatching(/^notify machine of w: /),
    });
  });

  it("is a conflict when another project, or nobody batchflow knows, made it", () => {
    expect(plan(live({ tags: ownershipTags("other", "w", undefined) })).change).toMatchObject({
      action: "conflict",
      summary: 'state machine w-notify belongs to batchflow project "other"',
    });
    expect(plan(live({ tags: {} })).change.action).toBe("conflict");
  });
});

describe("planDroppedNotify", () => {
  const mine = ownershipTags(project, "w", "sha256:old");
  const dropped = (machineTags: Tags | undefined, ruleTags: Tags | undefined) =>
    planDroppedNotify(
      project,
      "w",
      machineTags === undefined ? undefined : live({ tags: machineTags }),
      ruleTags === undefined ? undefined : { arn: ruleArn, tags: ruleTags },
    );

  it("deletes the rule, then the machine, that this project made for the workflow", () => {
    const why = "the workflow no longer sends notifications";
    expect(dropped(mine, mine)).toEqual([
      {
        kind: "delete",
        change: {
          type: "rule",
          name: "w-notify",
          workflow: "w",
          action: "delete",
          summary: why,
          arn: ruleArn,
        },
      },
      {
        kind: "delete",
        machine: "notify",
        change: {
          type: "state-machine",
          name: "w-notify",
          workflow: "w",
          action: "delete",
          summary: why,
          arn,
        },
      },
    ]);
    // Either alone, as a deploy that stopped in between leaves them.
    expect(dropped(mine, undefined).map((d) => d.change.type)).toEqual(["state-machine"]);
    expect(dropped(undefined, mine).map((d) => d.change.type)).toEqual(["rule"]);
  });

  it("leaves alone what is missing, another project's, nobody's, or made for another workflow", () => {
    for (const tags of [
      ownershipTags("other", "w", undefined),
      {},
      { [tagKeys.project]: project },
      { [tagKeys.project]: project, [tagKeys.workflow]: "w-notify" },
    ]) {
      expect(dropped(tags, tags)).toEqual([]);
    }
    expect(dropped(undefined, undefined)).toEqual([]);
  });
});
