// A compiled workflow written by hand for the unit and deploy tests: the smallest bundle with a lock
// machine, or a notify machine and its rule, independent of what the compiler emits today.
import { createHash } from "node:crypto";
import {
  httpInvoke,
  lockMachineArnExpression,
  type Manifest,
  type ManifestRole,
  notifyConnectionDefinition,
  notifyConnectionPlaceholder,
  type PolicyDocument,
  type StateMachine,
  serialize,
  snsPublish,
  stateMachineArn,
} from "@batchflow/aws";
import type { BundleWorkflow } from "./bundle.js";
import { bundleResources, type NotifyRuleInput } from "./bundle-resources.js";

const role = (name: string) => `arn:\${AWS::Partition}:iam::\${AWS::AccountId}:role/${name}`;
const sfnRole = (workflow: string) => role(`${workflow}-sfn`);

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
 * A notify machine of one state: Slack posts through the HTTP task and its connection (the
 * placeholder deploy fills in), SNS publishes to `topic`.
 */
export function notifyMachine(
  via: "slack" | "sns",
  topic = "arn:aws:sns:ap-northeast-1:123456789012:batch",
): StateMachine {
  const send =
    via === "slack"
      ? {
          Type: "Task",
          Resource: httpInvoke,
          Parameters: {
            ApiEndpoint: "https://hooks.slack.com/services/T0/B0/x",
            Method: "POST",
            Authentication: { ConnectionArn: notifyConnectionPlaceholder },
            "RequestBody.$": "$.detail",
          },
          End: true,
        }
      : {
          Type: "Task",
          Resource: snsPublish,
          Parameters: { TopicArn: topic, "Message.$": "$.detail.status" },
          End: true,
        };
  return { StartAt: "send", States: { send } } as StateMachine;
}

/** The rule that starts `<name>-notify` when an execution of `name` ends as one of `statuses`. */
export function notifyRule(
  name: string,
  statuses: ReadonlyArray<string> = ["FAILED", "SUCCEEDED"],
): NotifyRuleInput {
  const pattern = {
    source: ["aws.states"],
    "detail-type": ["Step Functions Execution Status Change"],
    detail: { stateMachineArn: [stateMachineArn(name)], status: [...statuses] },
  };
  return {
    rule: {
      Name: `${name}-notify`,
      EventPattern: JSON.stringify(pattern),
      State: "ENABLED",
      Description: `batchflow: notifications of workflow ${name}`,
    },
    targets: {
      Rule: `${name}-notify`,
      Targets: [
        { Id: "notify-machine", Arn: stateMachineArn(`${name}-notify`), RoleArn: role(`${name}-notify`) },
      ],
    },
  };
}

export interface WorkflowFileOptions {
  readonly locks: boolean;
  readonly lockMachine?: StateMachine;
  /** A notify machine and its rule (Slack: and a connection); default none. */
  readonly notify?: "slack" | "sns" | undefined;
  readonly notifyMachine?: StateMachine;
  readonly notifyRule?: NotifyRuleInput;
}

/**
 * The files of workflow `name` as `batchflow compile` writes them, path → text, `manifest.json`
 * with the hashes of the others; with `locks`, `lock-machine.asl.json` and its manifest entry;
 * with `notify`, `notify-machine.asl.json`, `notify-rule.json`, the notify role's policy (and for
 * Slack `notify-connection.json`) and their manifest entries.
 */
export function workflowFiles(name: string, options: WorkflowFileOptions): Record<string, string> {
  const policy: PolicyDocument = {
    Version: "2012-10-17",
    Statement: [{ Sid: "LockMachine", Effect: "Allow", Action: ["states:StartExecution"], Resource: ["*"] }],
  };
  const notify = options.notify;
  const notifyPolicy: PolicyDocument = {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "StartNotifyMachine",
        Effect: "Allow",
        Action: ["states:StartExecution"],
        Resource: [stateMachineArn(`${name}-notify`)],
      },
    ],
  };
  const files: Record<string, string> = {
    "state-machine.asl.json": serialize(options.locks ? callingMachine() : plainMachine),
    ...(options.locks ? { "lock-machine.asl.json": serialize(options.lockMachine ?? lockMachine()) } : {}),
    ...(notify
      ? {
          "notify-machine.asl.json": serialize(options.notifyMachine ?? notifyMachine(notify)),
          "notify-rule.json": serialize(options.notifyRule ?? notifyRule(name)),
          "iam/notify-role.json": serialize(notifyPolicy),
        }
      : {}),
    ...(notify === "slack" ? { "notify-connection.json": serialize(notifyConnectionDefinition(name)) } : {}),
    "iam/state-machine-role.json": serialize(policy),
  };
  const hashes = Object.fromEntries(Object.entries(files).map(([path, text]) => [path, sha256(text)]));
  const notifyRole: ManifestRole = {
    use: "notify",
    arn: role(`${name}-notify`),
    service: "events.amazonaws.com",
    policy: "iam/notify-role.json",
  };
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
    notifyMachine: notify
      ? {
          name: `${name}-notify`,
          type: "STANDARD",
          definition: "notify-machine.asl.json",
          roleArn: sfnRole(name),
        }
      : null,
    notifyRule: notify ? { name: `${name}-notify`, file: "notify-rule.json" } : null,
    notifyConnection: notify === "slack" ? { name: `${name}-notify`, file: "notify-connection.json" } : null,
    roles: [
      {
        use: "stateMachine",
        arn: sfnRole(name),
        service: "states.amazonaws.com",
        policy: "iam/state-machine-role.json",
      },
      ...(notify ? [notifyRole] : []),
    ],
    stateRoles: {},
    placeholders: [
      "${AWS::Partition}",
      "${AWS::Region}",
      "${AWS::AccountId}",
      ...(notify === "slack" ? [notifyConnectionPlaceholder] : []),
    ],
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
    schedules: [],
    policies: Object.fromEntries(
      manifest.roles.flatMap((r) => (r.policy ? [[r.policy, json<PolicyDocument>(r.policy)] as const] : [])),
    ),
    ...bundleResources(manifest.workflow, manifest, (path) => files[path]),
  };
}

export function sha256(text: string): string {
  return `sha256:${createHash("sha256").update(text).digest("hex")}`;
}
