// A compiled workflow written by hand for the unit tests: the smallest bundle with a lock machine,
// independent of what the compiler emits today.
import { createHash } from "node:crypto";
import {
  lockMachineArnExpression,
  type Manifest,
  type PolicyDocument,
  type StateMachine,
  serialize,
} from "@batchflow/aws";
import type { BundleWorkflow } from "./bundle.js";
import { bundleResources } from "./bundle-resources.js";

const sfnRole = (workflow: string) => `arn:\${AWS::Partition}:iam::\${AWS::AccountId}:role/${workflow}-sfn`;

/** One state that calls the lock machine (its own ARN plus `-locks`), as the lock states do. */
export function callingMachine(): StateMachine {
  return {
    StartAt: "lock",
    States: {
      lock: {
        Type: "Task",
        Resource: "arn:${AWS::Partition}:states:::states:startExecution.sync:2",
        Parameters: {
          "StateMachineArn.$": lockMachineArnExpression,
          Input: { op: "acquire", lock: "fuga.lock" },
        },
        End: true,
      },
    },
  } as StateMachine;
}

const plainMachine = { StartAt: "a", States: { a: { Type: "Pass", End: true } } } as StateMachine;

/** A lock machine of one state that takes the lock in `table`. */
export function lockMachine(table = "batchflow-locks"): StateMachine {
  return {
    StartAt: "take",
    States: {
      take: {
        Type: "Task",
        Resource: "arn:${AWS::Partition}:states:::dynamodb:updateItem",
        Parameters: {
          TableName: table,
          Key: { LockName: { "S.$": "$.lock" } },
          UpdateExpression: "SET #owner = :owner",
          ExpressionAttributeNames: { "#owner": "Owner" },
          ExpressionAttributeValues: { ":owner": { "S.$": "$$.Execution.Id" } },
        },
        End: true,
      },
    },
  } as StateMachine;
}

/**
 * The files of workflow `name` as `batchflow compile` writes them, path → text, `manifest.json`
 * with the hashes of the others; with `locks`, `lock-machine.asl.json` and its manifest entry.
 */
export function workflowFiles(
  name: string,
  options: { locks: boolean; lockMachine?: StateMachine },
): Record<string, string> {
  const policy: PolicyDocument = {
    Version: "2012-10-17",
    Statement: [{ Sid: "LockMachine", Effect: "Allow", Action: ["states:StartExecution"], Resource: ["*"] }],
  };
  const files: Record<string, string> = {
    "state-machine.asl.json": serialize(options.locks ? callingMachine() : plainMachine),
    ...(options.locks ? { "lock-machine.asl.json": serialize(options.lockMachine ?? lockMachine()) } : {}),
    "iam/state-machine-role.json": serialize(policy),
  };
  const hashes = Object.fromEntries(Object.entries(files).map(([path, text]) => [path, sha256(text)]));
  const manifest: Manifest = {
    format: 1,
    workflow: name,
    stateMachine: { name, type: "STANDARD", definition: "state-machine.asl.json", roleArn: sfnRole(name) },
    taskDefinitions: [],
    schedule: null,
    lockMachine: options.locks
      ? {
          name: `${name}-locks`,
          type: "STANDARD",
          definition: "lock-machine.asl.json",
          roleArn: sfnRole(name),
        }
      : null,
    lockTable: null,
    notifyConnection: null,
    roles: [
      {
        use: "stateMachine",
        arn: sfnRole(name),
        service: "states.amazonaws.com",
        policy: "iam/state-machine-role.json",
      },
    ],
    stateRoles: {},
    placeholders: ["${AWS::Partition}", "${AWS::Region}", "${AWS::AccountId}"],
    files: hashes,
    bundleHash: sha256(serialize(hashes)),
  };
  return { ...files, "manifest.json": serialize(manifest) };
}

/** The workflow of `files` as deploy reads it (what readBundle gives for them on disk). */
export function bundleWorkflow(files: Readonly<Record<string, string>>): BundleWorkflow {
  const manifest = JSON.parse(files["manifest.json"] ?? "") as Manifest;
  const json = <T>(path: string) => JSON.parse(files[path] ?? "") as T;
  return {
    name: manifest.workflow,
    manifest,
    stateMachine: json<StateMachine>(manifest.stateMachine.definition),
    taskDefinitions: {},
    schedule: undefined,
    policies: Object.fromEntries(
      manifest.roles.flatMap((r) => (r.policy ? [[r.policy, json<PolicyDocument>(r.policy)] as const] : [])),
    ),
    ...bundleResources(manifest.workflow, manifest, (path) => files[path]),
  };
}

export function sha256(text: string): string {
  return `sha256:${createHash("sha256").update(text).digest("hex")}`;
}
