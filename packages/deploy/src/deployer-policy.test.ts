import { describe, expect, it } from "vitest";
import { deployerPolicy } from "./deployer-policy.js";

const policy = deployerPolicy({ accountId: "123456789012", region: "ap-northeast-1" });

/** Whether the policy allows `action` on `resource` (IAM's `*` wildcard), and the PassRole condition. */
function allows(action: string, resource: string, passedTo?: string): boolean {
  const matches = (pattern: string) =>
    new RegExp(
      `^${pattern
        .split("*")
        .map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
        .join(".*")}$`,
    ).test(resource);
  return policy.Statement.some((s) => {
    if (!s.Action.includes(action) || !s.Resource.some(matches)) return false;
    const services = s.Condition?.StringEquals?.["iam:PassedToService"];
    return passedTo === undefined || (Array.isArray(services) && services.includes(passedTo));
  });
}

describe("deployerPolicy", () => {
  it("allows what deploy does to a workflow's notify machine, the rule that starts it and that rule's role", () => {
    const machine = "arn:aws:states:ap-northeast-1:123456789012:stateMachine:ads-hourly-notify";
    for (const action of [
      "states:CreateStateMachine",
      "states:UpdateStateMachine",
      "states:DeleteStateMachine",
      "states:DescribeStateMachine",
      "states:ListTagsForResource",
      "states:TagResource",
    ]) {
      expect(allows(action, machine), action).toBe(true);
    }
    const rule = "arn:aws:events:ap-northeast-1:123456789012:rule/ads-hourly-notify";
    for (const action of [
      "events:PutRule",
      "events:PutTargets",
      "events:RemoveTargets",
      "events:DeleteRule",
      "events:DescribeRule",
      "events:ListTargetsByRule",
      "events:ListTagsForResource",
      "events:TagResource",
    ]) {
      expect(allows(action, rule), action).toBe(true);
    }
    const role = "arn:aws:iam::123456789012:role/ads-hourly-notify";
    // PutTargets hands the rule's role to EventBridge.
    expect(allows("iam:PassRole", role, "events.amazonaws.com")).toBe(true);
    for (const action of ["iam:CreateRole", "iam:PutRolePolicy", "iam:DeleteRole", "iam:GetRole"]) {
      expect(allows(action, role), action).toBe(true);
    }
  });
});
