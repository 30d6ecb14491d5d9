import { notifyConnectionPlaceholder } from "@batchflow/aws";
import { describe, expect, it } from "vitest";
import type { NotifyConnectionInput } from "../bundle/bundle-resources.js";
import {
  bundleWorkflow,
  lockMachine,
  notifyMachine,
  notifyRule,
  workflowFiles,
} from "../bundle/bundle-test-support.js";
import { DeployError } from "../errors.js";
import { desiredWorkflow } from "./desired-state.js";

const env = { partition: "aws", region: "ap-northeast-1", accountId: "123456789012", callerArn: "" };
const options = { scheduleGroup: "batchflow-tests" };
const locked = bundleWorkflow(workflowFiles("w", { locks: true }));

describe("desiredWorkflow: the lock machine", () => {
  it("is the bundle's definition with placeholders filled in, named and run as the manifest says", () => {
    const desired = desiredWorkflow(locked, env, options);
    expect(desired.lockMachine).toEqual({
      name: "w-locks",
      arn: "arn:aws:states:ap-northeast-1:123456789012:stateMachine:w-locks",
      roleArn: "arn:aws:iam::123456789012:role/w-sfn",
      type: "STANDARD",
      definition: JSON.parse(JSON.stringify(lockMachine()).replaceAll("${AWS::Partition}", "aws")),
    });
    // What the lock states call, their state machine's ARN plus -locks, is the one deploy creates.
    expect(desired.lockMachine?.arn).toBe(`${desired.stateMachine.arn}-locks`);
  });

  it("is none for a workflow without locks", () => {
    const desired = desiredWorkflow(bundleWorkflow(workflowFiles("p", { locks: false })), env, options);
    expect(desired).not.toHaveProperty("lockMachine");
  });

  it("runs with the role given for the state machine (--state-machine-role-arn)", () => {
    const mine = "arn:aws:iam::123456789012:role/mine";
    const desired = desiredWorkflow(locked, env, { ...options, roles: { stateMachine: mine } });
    expect(desired.stateMachine.roleArn).toBe(mine);
    expect(desired.lockMachine?.roleArn).toBe(mine);
    expect(desired.roles.map((r) => r.arn)).toEqual([mine]);
  });

  it("may not hold a placeholder deploy does not fill in, the notification connection's included (BF1615)", () => {
    const withConnection = {
      ...locked,
      notifyConnection: { Name: "w-notify" } as NotifyConnectionInput,
      lockMachine: {
        ...locked.lockMachine!,
        Comment: `${notifyConnectionPlaceholder} \${AWS::StackName}`,
      },
    };
    const error = (() => {
      try {
        desiredWorkflow(withConnection, env, options);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(DeployError);
    expect((error as DeployError).code).toBe("BF1615");
    expect((error as DeployError).message).toBe(
      "the bundle uses placeholders deploy cannot fill in: ${AWS::StackName}, ${Batchflow::NotifyConnectionArn}",
    );
  });
});

describe("desiredWorkflow: the notify machine and its rule", () => {
  const slack = bundleWorkflow(workflowFiles("w", { locks: false, notify: "slack" }));
  const filled = <T>(value: T): T =>
    JSON.parse(
      JSON.stringify(value)
        .replaceAll("${AWS::Partition}", "aws")
        .replaceAll("${AWS::Region}", "ap-northeast-1")
        .replaceAll("${AWS::AccountId}", "123456789012"),
    );

  it("the machine keeps the connection placeholder (filled in later), the rule is PutRule/PutTargets input", () => {
    const desired = desiredWorkflow(slack, env, options);
    expect(desired.notifyMachine).toEqual({
      name: "w-notify",
      arn: "arn:aws:states:ap-northeast-1:123456789012:stateMachine:w-notify",
      roleArn: "arn:aws:iam::123456789012:role/w-sfn",
      type: "STANDARD",
      definition: filled(notifyMachine("slack")),
    });
    expect(JSON.stringify(desired.notifyMachine?.definition)).toContain(notifyConnectionPlaceholder);
    const rule = filled(notifyRule("w"));
    expect(desired.notifyRule).toEqual({
      kind: "rule",
      name: "w-notify",
      arn: "arn:aws:events:ap-northeast-1:123456789012:rule/w-notify",
      rule: rule.rule,
      targets: rule.targets.Targets,
    });
    // The pattern names the state machine deploy creates.
    expect(JSON.parse(rule.rule.EventPattern).detail.stateMachineArn).toEqual([desired.stateMachine.arn]);
    expect(desired.roles.find((r) => r.use === "notify")).toMatchObject({
      name: "w-notify",
      service: "events.amazonaws.com",
      trust: { Statement: [{ Principal: { Service: "events.amazonaws.com" } }] },
    });
  });

  it("are none for a workflow without notifications", () => {
    const desired = desiredWorkflow(bundleWorkflow(workflowFiles("p", { locks: false })), env, options);
    expect(desired).not.toHaveProperty("notifyMachine");
    expect(desired).not.toHaveProperty("notifyRule");
  });

  it("the machine runs with the role given for the state machine; the rule's role is not overridden", () => {
    const mine = "arn:aws:iam::123456789012:role/mine";
    const desired = desiredWorkflow(slack, env, {
      ...options,
      roles: { stateMachine: mine, schedule: mine },
    });
    expect(desired.notifyMachine?.roleArn).toBe(mine);
    expect(desired.notifyRule?.targets[0]?.RoleArn).toBe("arn:aws:iam::123456789012:role/w-notify");
  });

  it("the rule starts the machine with the role given for notify (--notify-role-arn), which is not batchflow's to create", () => {
    const mine = "arn:aws:iam::123456789012:role/ops/notify";
    const desired = desiredWorkflow(slack, env, { ...options, roles: { notify: mine } });
    expect(desired.notifyRule?.targets[0]?.RoleArn).toBe(mine);
    expect(desired.notifyMachine?.roleArn).toBe("arn:aws:iam::123456789012:role/w-sfn");
    expect(desired.roles.filter((r) => r.name.endsWith("-notify"))).toEqual([]);
  });

  it("the connection placeholder is BF1615 in the machine of a workflow without a connection, and in the rule", () => {
    const sns = bundleWorkflow(workflowFiles("w", { locks: false, notify: "sns" }));
    const code = (w: typeof sns) => {
      try {
        desiredWorkflow(w, env, options);
      } catch (e) {
        return `${(e as DeployError).code} ${(e as DeployError).message}`;
      }
      return "";
    };
    expect(code({ ...sns, notifyMachine: notifyMachine("slack") })).toBe(
      "BF1615 the bundle uses placeholders deploy cannot fill in: ${Batchflow::NotifyConnectionArn}",
    );
    const rule = slack.notifyRule!;
    expect(
      code({
        ...slack,
        notifyRule: { ...rule, rule: { ...rule.rule, Description: notifyConnectionPlaceholder } },
      }),
    ).toBe("BF1615 the bundle uses placeholders deploy cannot fill in: ${Batchflow::NotifyConnectionArn}");
    // Before notify machines, the state machine named the connection: still accepted.
    expect(code({ ...slack, stateMachine: notifyMachine("slack") })).toBe("");
  });
});
