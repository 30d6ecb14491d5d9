import type { ResolvedWorkflow } from "@batchflow/core";
import type { Family } from "../ecs/families.js";
import type { RegisterTaskDefinitionInput } from "../ecs/task-definition-types.js";
import { lockMachineName } from "../lock/lock-machine.js";
import { lockHolderExecutions } from "../lock/lock-protocol.js";
import { workflowLocks } from "../lock/workflow-locks.js";
import {
  clusterArn,
  clusterTaskArnPattern,
  dynamodbTableArn,
  eventsConnectionArnPattern,
  eventsConnectionSecretArnPattern,
  eventsRuleArn,
  executionArnPattern,
  logGroupArn,
  placeholder,
  stateMachineArn,
  taskDefinitionArnPattern,
} from "../naming.js";
import { notifyMachineName } from "../notify/notify-machine.js";
import { notifyConnectionName } from "../notify/notify-protocol.js";
import { mapStatements } from "./map-statements.js";
import { type PolicyDocument, type PolicyStatement, policy } from "./policy-document.js";

/** The statement that names every task-definition family: the part of the policy that grows with the workflow. */
export const runTasksSid = "RunTasks";

/** The managed rule Step Functions creates to learn when a `.sync` ECS task stops. */
const ecsSyncRule = "StepFunctionsGetEventsForECSTaskRule";

/** The managed rule Step Functions creates to learn when a `.sync` child execution ends. */
const sfnSyncRule = "StepFunctionsGetEventsForStepFunctionsExecutionRule";

/**
 * What the state machine's role needs: run these families on this cluster, watch and stop the
 * tasks it started, pass their roles to ECS, and manage the `.sync` integration's event rule.
 */
export function stateMachinePolicy(
  workflow: ResolvedWorkflow,
  families: ReadonlyArray<Family>,
  taskDefinitions: ReadonlyArray<RegisterTaskDefinitionInput>,
): PolicyDocument {
  const passRoles = unique(
    taskDefinitions.flatMap((t) => [t.executionRoleArn, ...(t.taskRoleArn ? [t.taskRoleArn] : [])]),
  );
  return policy([
    ...baseStatements(workflow, families, passRoles),
    ...lockStatements(workflow),
    ...notifyStatements(workflow),
    ...mapStatements(workflow),
  ]);
}

function baseStatements(
  workflow: ResolvedWorkflow,
  families: ReadonlyArray<Family>,
  passRoles: string[],
): PolicyStatement[] {
  return [
    {
      Sid: runTasksSid,
      Effect: "Allow",
      Action: ["ecs:RunTask"],
      Resource: families.map((f) => taskDefinitionArnPattern(f.name)),
      Condition: { ArnEquals: { "ecs:cluster": clusterArn(workflow.cluster) } },
    },
    {
      Sid: "WatchAndStopTasks",
      Effect: "Allow",
      Action: ["ecs:DescribeTasks", "ecs:StopTask"],
      Resource: [clusterTaskArnPattern(workflow.cluster)],
    },
    {
      Sid: "PassTaskRoles",
      Effect: "Allow",
      Action: ["iam:PassRole"],
      Resource: passRoles,
      Condition: { StringLike: { "iam:PassedToService": "ecs-tasks.amazonaws.com" } },
    },
    {
      Sid: "SyncIntegrationRule",
      Effect: "Allow",
      Action: ["events:DescribeRule", "events:PutRule", "events:PutTargets"],
      Resource: [eventsRuleArn(ecsSyncRule)],
    },
  ];
}

/** The lock items this workflow's locks use, and nothing else in the table; the holders' executions. */
function lockStatements(workflow: ResolvedWorkflow): PolicyStatement[] {
  const byTable = new Map<string, Set<string>>();
  for (const lock of workflowLocks(workflow)) {
    const names = byTable.get(lock.table) ?? new Set<string>();
    names.add(lock.name);
    byTable.set(lock.table, names);
  }
  const items: PolicyStatement[] = [...byTable].map(([table, names], i) => ({
    Sid: i === 0 ? "Locks" : `Locks${i + 1}`,
    Effect: "Allow",
    Action: ["dynamodb:GetItem", "dynamodb:UpdateItem"],
    Resource: [dynamodbTableArn(table)],
    Condition: { "ForAllValues:StringEquals": { "dynamodb:LeadingKeys": [...names].sort() } },
  }));
  if (items.length === 0) return [];
  const machine = lockMachineName(workflow.name);
  return [
    ...items,
    // A busy lock's holder may be any workflow's execution: whether it still runs decides a
    // take-over. (This covers the `.sync` call's own DescribeExecution of the lock machine too.)
    {
      Sid: "LockHolders",
      Effect: "Allow",
      Action: ["states:DescribeExecution"],
      Resource: [lockHolderExecutions],
    },
    // The lock states call the lock machine, which runs with this same role, and wait for it.
    {
      Sid: "LockMachine",
      Effect: "Allow",
      Action: ["states:StartExecution"],
      Resource: [stateMachineArn(machine)],
    },
    {
      Sid: "LockMachineExecutions",
      Effect: "Allow",
      Action: ["states:StopExecution"],
      Resource: [executionArnPattern(machine)],
    },
    {
      Sid: "LockMachineSyncRule",
      Effect: "Allow",
      Action: ["events:DescribeRule", "events:PutRule", "events:PutTargets"],
      Resource: [eventsRuleArn(sfnSyncRule)],
    },
  ];
}

/**
 * What the notify machine (which runs with this role) does: ask how a run of the workflow ended,
 * post to the webhook through the workflow's connection, read the webhook secret, publish to SNS.
 */
function notifyStatements(workflow: ResolvedWorkflow): PolicyStatement[] {
  const { notify } = workflow;
  if (!notify) return [];
  const statements: PolicyStatement[] = [
    {
      Sid: "NotifyRuns",
      Effect: "Allow",
      Action: ["states:DescribeExecution"],
      Resource: [executionArnPattern(workflow.name)],
    },
  ];
  if (notify.slack) {
    const { webhook } = notify.slack;
    const connection = notifyConnectionName(workflow.name);
    statements.push(
      {
        Sid: "NotifySlack",
        Effect: "Allow",
        Action: ["states:InvokeHTTPEndpoint"],
        Resource: [stateMachineArn(notifyMachineName(workflow.name))],
        Condition: {
          StringEquals: { "states:HTTPMethod": "POST" },
          // A secret webhook's URL is unknown until run time; Slack's webhook host is not.
          StringLike: {
            "states:HTTPEndpoint": webhook.kind === "url" ? webhook.url : "https://hooks.slack.com/*",
          },
        },
      },
      {
        Sid: "NotifyConnection",
        Effect: "Allow",
        Action: ["events:RetrieveConnectionCredentials"],
        Resource: [eventsConnectionArnPattern(connection)],
      },
      {
        Sid: "NotifyConnectionSecret",
        Effect: "Allow",
        Action: ["secretsmanager:DescribeSecret", "secretsmanager:GetSecretValue"],
        Resource: [eventsConnectionSecretArnPattern(connection)],
      },
    );
    if (webhook.kind === "secret") {
      statements.push({
        Sid: "ReadWebhook",
        Effect: "Allow",
        Action: ["secretsmanager:GetSecretValue"],
        Resource: [secretResource(webhook.arn)],
      });
    }
  }
  if (notify.snsTopic !== undefined) {
    statements.push({
      Sid: "NotifySns",
      Effect: "Allow",
      Action: ["sns:Publish"],
      Resource: [notify.snsTopic],
    });
  }
  return statements;
}

/** What ECS needs to start the tasks: pull the images, write the logs, read the secrets. */
export function executionPolicy(taskDefinitions: ReadonlyArray<RegisterTaskDefinitionInput>): PolicyDocument {
  const containers = taskDefinitions.flatMap((t) => t.containerDefinitions);
  const repositories = unique(
    containers.map((c) => ecrRepositoryArn(c.image)).filter((a): a is string => a !== undefined),
  );
  const logGroups = unique(
    containers.flatMap((c) => (c.logConfiguration ? [c.logConfiguration.options["awslogs-group"]!] : [])),
  );
  const secretArns = unique(containers.flatMap((c) => (c.secrets ?? []).map((s) => s.valueFrom)));
  const statements: PolicyStatement[] = [];
  if (repositories.length > 0) {
    statements.push(
      { Sid: "EcrAuth", Effect: "Allow", Action: ["ecr:GetAuthorizationToken"], Resource: ["*"] },
      {
        Sid: "PullImages",
        Effect: "Allow",
        Action: ["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"],
        Resource: repositories,
      },
    );
  }
  if (logGroups.length > 0) {
    statements.push({
      Sid: "WriteLogs",
      Effect: "Allow",
      Action: ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"],
      Resource: logGroups.flatMap((group) => [logGroupArn(group), `${logGroupArn(group)}:*`]),
    });
  }
  const secretsManager = unique(
    secretArns.filter((a) => a.split(":")[2] === "secretsmanager").map(secretResource),
  );
  const ssm = secretArns.filter((a) => a.split(":")[2] === "ssm");
  if (secretsManager.length > 0) {
    statements.push({
      Sid: "ReadSecrets",
      Effect: "Allow",
      Action: ["secretsmanager:GetSecretValue"],
      Resource: secretsManager,
    });
  }
  if (ssm.length > 0) {
    statements.push({ Sid: "ReadParameters", Effect: "Allow", Action: ["ssm:GetParameters"], Resource: ssm });
  }
  return policy(statements);
}

/**
 * The IAM resource of a Secrets Manager secret. A valueFrom may select a JSON key or version
 * (`...:secret:name-AbCdEf:key::`); IAM names the secret. Its ARN ends in `-` and six characters
 * Secrets Manager chose; an ARN without them (a partial ARN, as often copied from a name) is
 * valid for ECS but never equal to the real one in IAM, so it gets IAM's `-??????` for them.
 */
function secretResource(valueFrom: string): string {
  const arn = valueFrom.split(":").slice(0, 7).join(":");
  return /-[A-Za-z0-9]{6}$/.test(arn) ? arn : `${arn}-??????`;
}

/** What EventBridge (a rule or Scheduler) needs to start this workflow. */
export function schedulePolicy(workflow: ResolvedWorkflow): PolicyDocument {
  return policy([
    {
      Sid: "StartWorkflow",
      Effect: "Allow",
      Action: ["states:StartExecution"],
      Resource: [stateMachineArn(workflow.name)],
    },
  ]);
}

/** What EventBridge needs to start the notify machine when a run of the workflow ends. */
export function notifyPolicy(workflow: ResolvedWorkflow): PolicyDocument {
  return policy([
    {
      Sid: "StartNotifyMachine",
      Effect: "Allow",
      Action: ["states:StartExecution"],
      Resource: [stateMachineArn(notifyMachineName(workflow.name))],
    },
  ]);
}

/** `<account>.dkr.ecr.<region>.amazonaws.com/<repo>[:tag|@digest]` to the repository ARN. */
function ecrRepositoryArn(image: string): string | undefined {
  const match = /^(\d{12})\.dkr\.ecr\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?\/([^:@]+)/.exec(image);
  if (!match) return undefined;
  return `arn:${placeholder.partition}:ecr:${match[2]}:${match[1]}:repository/${match[3]}`;
}

function unique(values: ReadonlyArray<string>): string[] {
  return [...new Set(values)];
}
