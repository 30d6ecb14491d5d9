import { notifyConnectionPlaceholder } from "@batchflow/aws";
import { describe, expect, it } from "vitest";
import type { NotifyConnectionInput } from "../bundle/bundle-resources.js";
import { bundleWorkflow, lockMachine, workflowFiles } from "../bundle/bundle-test-support.js";
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
