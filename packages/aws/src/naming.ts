/*
 * Output is account- and region-free: ARNs carry these placeholders, and deploy fills them in
 * for the account and region it deploys to.
 */
export const placeholder = {
  partition: "${AWS::Partition}",
  region: "${AWS::Region}",
  accountId: "${AWS::AccountId}",
} as const;

const { partition, region, accountId } = placeholder;

/** A Step Functions service integration (`arn:aws:states:::ecs:runTask.sync` in the aws partition). */
export function integrationArn(integration: string): string {
  return `arn:${partition}:states:::${integration}`;
}

export function roleArn(name: string): string {
  return `arn:${partition}:iam::${accountId}:role/${name}`;
}

export function stateMachineArn(name: string): string {
  return `arn:${partition}:states:${region}:${accountId}:stateMachine:${name}`;
}

/** The executions of a state machine (`*` for any), as IAM names them. */
export function executionArnPattern(stateMachine: string): string {
  return `arn:${partition}:states:${region}:${accountId}:execution:${stateMachine}:*`;
}

export function taskDefinitionArnPattern(family: string): string {
  return `arn:${partition}:ecs:${region}:${accountId}:task-definition/${family}:*`;
}

export function clusterArn(cluster: string): string {
  return cluster.startsWith("arn:")
    ? cluster
    : `arn:${partition}:ecs:${region}:${accountId}:cluster/${cluster}`;
}

export function clusterTaskArnPattern(cluster: string): string {
  const name = cluster.startsWith("arn:") ? cluster.slice(cluster.lastIndexOf("/") + 1) : cluster;
  return `arn:${partition}:ecs:${region}:${accountId}:task/${name}/*`;
}

export function logGroupArn(group: string): string {
  return `arn:${partition}:logs:${region}:${accountId}:log-group:${group}`;
}

export function eventsRuleArn(rule: string): string {
  return `arn:${partition}:events:${region}:${accountId}:rule/${rule}`;
}

export function defaultLogGroup(workflow: string): string {
  return `/batchflow/${workflow}`;
}

/** Names batchflow gives the roles it expects (and deploy can create) when the user names none. */
export function defaultRoleNames(workflow: string): {
  stateMachine: string;
  execution: string;
  schedule: string;
  notify: string;
} {
  return {
    stateMachine: `${workflow}-sfn`,
    execution: `${workflow}-execution`,
    schedule: `${workflow}-schedule`,
    // EventBridge starts the notify machine with it.
    notify: `${workflow}-notify`,
  };
}

/** The role name inside a role ARN. */
export function roleNameOf(arn: string): string {
  return arn.slice(arn.lastIndexOf("/") + 1);
}

export function dynamodbTableArn(table: string): string {
  return `arn:${partition}:dynamodb:${region}:${accountId}:table/${table}`;
}

/** EventBridge ends a connection's ARN with an id of its own choosing. */
export function eventsConnectionArnPattern(name: string): string {
  return `arn:${partition}:events:${region}:${accountId}:connection/${name}/*`;
}

/** The secret EventBridge keeps a connection's credentials in. */
export function eventsConnectionSecretArnPattern(name: string): string {
  return `arn:${partition}:secretsmanager:${region}:${accountId}:secret:events!connection/${name}/*`;
}

/**
 * The rule or Scheduler schedule of entry `index` (0-based) of a workflow's schedules. The first
 * is named after the workflow, as a workflow's only schedule always was, so adding a second one
 * leaves it as it is; the others are `<workflow>.2`, `<workflow>.3`, ...: workflow names have no
 * dot, so no other workflow's rule or schedule can take such a name.
 */
export function scheduleName(workflow: string, index: number): string {
  return index === 0 ? workflow : `${workflow}.${index + 1}`;
}

/** The position (0-based) of a rule or schedule named by `scheduleName`, or undefined. */
export function scheduleIndexOf(workflow: string, name: string): number | undefined {
  if (name === workflow) return 0;
  const match = /^\.([2-9]|[1-9][0-9]+)$/.exec(name.slice(workflow.length));
  return name.startsWith(workflow) && match ? Number(match[1]) - 1 : undefined;
}

/** Its file in the bundle: `schedule.json` for the first (as for a workflow's only one), then `schedule-2.json`, ... */
export function scheduleFile(index: number): string {
  return index === 0 ? "schedule.json" : `schedule-${index + 1}.json`;
}
