import { defaultLockTable, type PolicyDocument, type PolicyStatement } from "@batchflow/aws";

export interface DeployerPolicyOptions {
  /** Default `aws`. */
  readonly partition?: string;
  /** Default `*`: any region. */
  readonly region?: string;
  /** Default `*`: any account. */
  readonly accountId?: string;
  /** The lock tables deploy may create; default `batchflow-locks` (set `lockTable` in the config to change it). */
  readonly lockTables?: ReadonlyArray<string>;
}

/**
 * The IAM policy the user or CI role that runs `batchflow plan` / `batchflow deploy` needs.
 * docs/deploy.md shows it; an AccessDenied error names the statement that would allow the
 * denied action. The `Roles` statement is only needed with `--create-roles` or `--prune`; the
 * `LockTable` statement only for workflows with locks, the `Notify*` statements only for
 * workflows with Slack notifications, the `BatchflowServices*` statements only for services. A workflow's notify machine, the rule that starts it and
 * that rule's role need nothing more: they are a state machine, a rule and a role like the others
 * (the role is passed to `events.amazonaws.com`).
 */
export function deployerPolicy(options: DeployerPolicyOptions = {}): PolicyDocument {
  const p = options.partition ?? "aws";
  const r = options.region ?? "*";
  const a = options.accountId ?? "*";
  const tables = options.lockTables ?? [defaultLockTable];
  const statements: PolicyStatement[] = [
    {
      Sid: "BatchflowList",
      Effect: "Allow",
      Action: [
        "ecs:DescribeTaskDefinition",
        "ecs:ListClusters",
        "ecs:ListTaskDefinitionFamilies",
        "ecs:ListTaskDefinitions",
        "events:ListRules",
        "iam:ListRoles",
        "scheduler:ListSchedules",
        "states:ListStateMachines",
      ],
      Resource: ["*"],
    },
    {
      Sid: "BatchflowTaskDefinitions",
      Effect: "Allow",
      Action: ["ecs:DeregisterTaskDefinition", "ecs:RegisterTaskDefinition"],
      Resource: ["*"],
    },
    {
      Sid: "BatchflowTagTaskDefinitions",
      Effect: "Allow",
      Action: ["ecs:TagResource"],
      Resource: [`arn:${p}:ecs:${r}:${a}:task-definition/*`],
    },
    {
      Sid: "BatchflowClusters",
      Effect: "Allow",
      Action: ["ecs:DescribeClusters", "ecs:ListServices"],
      Resource: [`arn:${p}:ecs:${r}:${a}:cluster/*`],
    },
    {
      // Services (service(...)): created, updated, tagged and (with --prune) deleted by deploy.
      Sid: "BatchflowServices",
      Effect: "Allow",
      Action: [
        "ecs:CreateService",
        "ecs:DeleteService",
        "ecs:DescribeServices",
        "ecs:TagResource",
        "ecs:UpdateService",
      ],
      Resource: [`arn:${p}:ecs:${r}:${a}:service/*`],
    },
    {
      // The first service of an account creates ECS's service-linked role.
      Sid: "BatchflowServicesLinkedRole",
      Effect: "Allow",
      Action: ["iam:CreateServiceLinkedRole"],
      Resource: [`arn:${p}:iam::${a}:role/aws-service-role/ecs.amazonaws.com/AWSServiceRoleForECS`],
      Condition: { StringEquals: { "iam:AWSServiceName": "ecs.amazonaws.com" } },
    },
    {
      Sid: "BatchflowStateMachines",
      Effect: "Allow",
      Action: [
        "states:CreateStateMachine",
        "states:DeleteStateMachine",
        "states:DescribeStateMachine",
        "states:ListExecutions",
        "states:ListTagsForResource",
        "states:TagResource",
        "states:UpdateStateMachine",
      ],
      Resource: [`arn:${p}:states:${r}:${a}:stateMachine:*`],
    },
    {
      Sid: "BatchflowRules",
      Effect: "Allow",
      Action: [
        "events:DeleteRule",
        "events:DescribeRule",
        "events:ListTagsForResource",
        "events:ListTargetsByRule",
        "events:PutRule",
        "events:PutTargets",
        "events:RemoveTargets",
        "events:TagResource",
      ],
      Resource: [`arn:${p}:events:${r}:${a}:rule/*`],
    },
    {
      Sid: "BatchflowSchedules",
      Effect: "Allow",
      Action: [
        "scheduler:CreateSchedule",
        "scheduler:CreateScheduleGroup",
        "scheduler:DeleteSchedule",
        "scheduler:GetSchedule",
        "scheduler:GetScheduleGroup",
        "scheduler:ListTagsForResource",
        "scheduler:TagResource",
        "scheduler:UpdateSchedule",
      ],
      Resource: [`arn:${p}:scheduler:${r}:${a}:schedule/*`, `arn:${p}:scheduler:${r}:${a}:schedule-group/*`],
    },
    {
      Sid: "BatchflowPassRoles",
      Effect: "Allow",
      Action: ["iam:PassRole"],
      Resource: [`arn:${p}:iam::${a}:role/*`],
      Condition: {
        StringEquals: {
          "iam:PassedToService": [
            "ecs-tasks.amazonaws.com",
            "events.amazonaws.com",
            "scheduler.amazonaws.com",
            "states.amazonaws.com",
          ],
        },
      },
    },
    {
      Sid: "BatchflowReadRoles",
      Effect: "Allow",
      Action: ["iam:GetRole", "iam:GetRolePolicy", "iam:ListRolePolicies"],
      Resource: [`arn:${p}:iam::${a}:role/*`],
    },
    {
      // CreateTable with Tags needs dynamodb:TagResource as well.
      Sid: "BatchflowLockTable",
      Effect: "Allow",
      Action: ["dynamodb:CreateTable", "dynamodb:DescribeTable", "dynamodb:TagResource"],
      Resource: tables.map((t) => `arn:${p}:dynamodb:${r}:${a}:table/${t}`),
    },
    {
      Sid: "BatchflowNotifyConnections",
      Effect: "Allow",
      Action: [
        "events:CreateConnection",
        "events:DeleteConnection",
        "events:DescribeConnection",
        "events:UpdateConnection",
      ],
      Resource: [`arn:${p}:events:${r}:${a}:connection/*`],
    },
    {
      // EventBridge keeps a connection's credentials in a secret it creates, updates and deletes
      // with the caller's permissions (as AmazonEventBridgeFullAccess grants them).
      Sid: "BatchflowNotifyConnectionSecrets",
      Effect: "Allow",
      Action: [
        "secretsmanager:CreateSecret",
        "secretsmanager:DeleteSecret",
        "secretsmanager:DescribeSecret",
        "secretsmanager:GetSecretValue",
        "secretsmanager:PutSecretValue",
        "secretsmanager:UpdateSecret",
      ],
      Resource: [`arn:${p}:secretsmanager:${r}:${a}:secret:events!connection/*`],
    },
    {
      // The first connection of an account creates EventBridge's service-linked role for them.
      Sid: "BatchflowNotifyServiceLinkedRole",
      Effect: "Allow",
      Action: ["iam:CreateServiceLinkedRole"],
      Resource: [
        `arn:${p}:iam::${a}:role/aws-service-role/apidestinations.events.amazonaws.com/AWSServiceRoleForAmazonEventBridgeApiDestinations`,
      ],
      Condition: { StringEquals: { "iam:AWSServiceName": "apidestinations.events.amazonaws.com" } },
    },
    {
      Sid: "BatchflowRoles",
      Effect: "Allow",
      Action: [
        "iam:CreateRole",
        "iam:DeleteRole",
        "iam:DeleteRolePolicy",
        "iam:PutRolePolicy",
        "iam:TagRole",
        "iam:UpdateAssumeRolePolicy",
      ],
      Resource: [`arn:${p}:iam::${a}:role/*`],
    },
  ];
  return { Version: "2012-10-17", Statement: statements };
}

/** The statement of the deployer policy that allows `action` (e.g. `ecs:RegisterTaskDefinition`). */
export function statementAllowing(action: string, policy = deployerPolicy()): PolicyStatement | undefined {
  const wanted = action.toLowerCase();
  return policy.Statement.find((s) => s.Action.some((a) => a.toLowerCase() === wanted));
}
