/*
 * The limits AWS puts on what a bundle names and sends, and where each is written down. "Model"
 * means botocore's JSON service model (botocore/data/<service>/<version>/service-2.json), which
 * the AWS SDKs are generated from: the `min`, `max` and `pattern` of the input shape named. A
 * limit a model gives only in its documentation text, or not at all, cites that text or the
 * service's quota page. docs/deploy.md ("Limits checked at compile time") lists them all.
 */

/** A name AWS takes: its length range and character set. */
export interface NameLimit {
  /** What AWS calls it, for messages: "an EventBridge rule name". */
  readonly what: string;
  readonly min: number;
  readonly max: number;
  readonly pattern: RegExp;
  /** The characters, in words, for hints. */
  readonly characters: string;
}

const eventsName = {
  min: 1,
  max: 64,
  pattern: /^[.\-_A-Za-z0-9]+$/,
  characters: 'letters, digits, ".", "-" and "_"',
};

export const nameLimits = {
  // Model stepfunctions 2016-11-23, CreateStateMachineInput.name (shape Name): min 1, max 80; its
  // documentation asks for 0-9, A-Z, a-z, - and _ when logging to CloudWatch Logs. Core holds
  // workflow names to exactly that (BF1201), so the state machine name needs no check here.
  stateMachine: {
    what: "a Step Functions state machine name",
    min: 1,
    max: 80,
    pattern: /^[A-Za-z0-9_-]+$/,
    characters: 'letters, digits, "-" and "_"',
  },
  // Model events 2015-10-07, PutRuleRequest.Name (shape RuleName).
  rule: { what: "an EventBridge rule name", ...eventsName },
  // Model scheduler 2021-06-30, CreateScheduleInput.Name (shape Name); GroupName has the same shape,
  // and deploy makes the group's name from the project name to fit it (defaultScheduleGroup).
  schedule: { what: "an EventBridge Scheduler schedule name", ...eventsName },
  // Model events 2015-10-07, CreateConnectionRequest.Name (shape ConnectionName).
  connection: { what: "an EventBridge connection name", ...eventsName },
  // Model iam 2010-05-08, CreateRoleRequest.RoleName (shape roleNameType).
  role: {
    what: "an IAM role name",
    min: 1,
    max: 64,
    pattern: /^[\w+=,.@-]+$/,
    characters: 'letters, digits and "+=,.@-_"',
  },
} as const satisfies Record<string, NameLimit>;

/*
 * Checked elsewhere, listed here so the table is whole:
 * - ECS task-definition family and container names: 1 to 255 of [A-Za-z0-9_-], from the
 *   documentation of RegisterTaskDefinitionRequest.family and ContainerDefinition.name in model
 *   ecs 2014-11-13 (the shapes are plain strings): BF1311 in compile.ts.
 * - CloudWatch Logs group names: model logs 2014-03-28, CreateLogGroupRequest.logGroupName (shape
 *   LogGroupName: 1 to 512 of [.\-_/#A-Za-z0-9]): BF1313 in ecs/resource-names.ts for a user's
 *   logGroup; batchflow's own `/batchflow/<workflow>` is at most 91 characters of that set.
 * - DynamoDB table names: 3 to 255 of [a-zA-Z0-9_.-] (DynamoDB Developer Guide, "Naming rules";
 *   model dynamodb 2012-08-10 types CreateTableInput.TableName as TableArn, 1 to 1024, since it
 *   takes an ARN too): BF1313 for the lock table.
 */

/** Model events 2015-10-07, PutRuleRequest.Description (RuleDescription) and scheduler 2021-06-30, CreateScheduleInput.Description: max 512. */
export const maxScheduleDescription = 512;

/** Model events 2015-10-07, Target.Input (TargetInput): max 8192. Scheduler's Target.Input has min 1 only. */
export const maxRuleTargetInput = 8192;

/**
 * SNS Publish's Subject: model sns 2010-03-31, PublishInput.Subject documentation ("less than 100
 * characters", no line breaks or control characters); the service, and moto after it, refuses
 * more than 100.
 */
export const maxSnsSubject = 100;

/** SNS Publish's Message: 262,144 bytes of UTF-8 (PublishInput.Message documentation). */
export const maxSnsMessageBytes = 262_144;

/**
 * IAM and AWS STS quotas (IAM User Guide, reference_iam-quotas): the inline policies of a role
 * together hold at most 10,240 characters, white space not counted. Several inline policies do
 * not help: the limit is on their sum. A managed policy holds 6,144, and a role takes 10 of them.
 */
export const maxRoleInlinePolicyCharacters = 10_240;

/**
 * ECS AwsVpcConfiguration (model ecs 2014-11-13, documentation of `subnets` and `securityGroups`):
 * at most 16 subnets and 5 security groups per service or task.
 */
export const maxAwsvpcSubnets = 16;
export const maxAwsvpcSecurityGroups = 5;

/** A list of a network that holds more than awsvpc takes: what the checks of a workflow, a service and a task report. */
export interface AwsvpcOverflow {
  readonly field: "subnets" | "securityGroups";
  /** "subnets" or "security groups", for hints. */
  readonly noun: string;
  readonly count: number;
  readonly max: number;
}

export function awsvpcOverflows(network: {
  readonly subnets: ReadonlyArray<string>;
  readonly securityGroups?: ReadonlyArray<string> | undefined;
}): AwsvpcOverflow[] {
  const lists = [
    { field: "subnets", noun: "subnets", count: network.subnets.length, max: maxAwsvpcSubnets },
    {
      field: "securityGroups",
      noun: "security groups",
      count: network.securityGroups?.length ?? 0,
      max: maxAwsvpcSecurityGroups,
    },
  ] as const;
  return lists.filter((list) => list.count > list.max);
}
