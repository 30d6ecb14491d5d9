import { RegisterTaskDefinitionCommand, type RegisterTaskDefinitionCommandInput } from "@aws-sdk/client-ecs";
import {
  PutRuleCommand,
  PutTargetsCommand,
  RemoveTargetsCommand,
  TagResourceCommand as TagRuleCommand,
  type Target,
} from "@aws-sdk/client-eventbridge";
import {
  CreateRoleCommand,
  PutRolePolicyCommand,
  TagRoleCommand,
  UpdateAssumeRolePolicyCommand,
} from "@aws-sdk/client-iam";
import {
  CreateScheduleCommand,
  type CreateScheduleCommandInput,
  UpdateScheduleCommand,
} from "@aws-sdk/client-scheduler";
import {
  CreateStateMachineCommand,
  TagResourceCommand as TagMachineCommand,
  UpdateStateMachineCommand,
} from "@aws-sdk/client-sfn";
import { notifyConnectionPlaceholder } from "@batchflow/aws";
import { awsCall } from "../aws/aws-call.js";
import type { AwsClients } from "../aws/clients.js";
import { pinTaskTargets } from "../desired/pin-task-targets.js";
import { pinTaskDefinitions } from "../desired/task-definition-refs.js";
import { DeployError, deployErrorCode } from "../errors.js";
import { inlinePolicyName } from "../live/roles.js";
import type { PlanItem } from "../plan/plan-items.js";
import { fillConnectionArn } from "../resolve/connection-arn.js";
import { lowerTagList, ownershipTags, upperTagList } from "../tags.js";
import { type RoleWait, withRoleWait } from "./role-wait.js";

/** A planned change of one kind. */
export type Item<K extends PlanItem["kind"]> = Extract<PlanItem, { kind: K }>;

/*
 * The AWS calls of each planned change. Creates put the ownership tags on in the same call;
 * updates write the bundle tag first, so a deploy interrupted in between still sees (and makes)
 * the change; deletes treat "already gone" as done.
 */

export async function applyRole(
  clients: AwsClients,
  project: string,
  item: Item<"role">,
  connectionArn: string | undefined,
): Promise<string> {
  const { desired } = item;
  const policy = fillConnectionArn(desired.policy, connectionArn);
  const ctx = (action: string) => ({
    action,
    resource: `role ${desired.name}`,
    workflow: desired.workflow,
    write: true,
  });
  const tags = ownershipTags(project, desired.workflow, item.bundleHash);
  const putPolicy = () =>
    awsCall(ctx("iam:PutRolePolicy"), () =>
      clients.iam.send(
        new PutRolePolicyCommand({
          RoleName: desired.name,
          PolicyName: inlinePolicyName,
          PolicyDocument: JSON.stringify(policy),
        }),
      ),
    );
  if (item.change.action === "create") {
    // Tags come with the role, so an interrupted deploy never leaves a role it does not own.
    await awsCall(ctx("iam:CreateRole"), () =>
      clients.iam.send(
        new CreateRoleCommand({
          RoleName: desired.name,
          AssumeRolePolicyDocument: JSON.stringify(desired.trust),
          Description: `batchflow: ${desired.use} role of workflow ${desired.workflow}`,
          Tags: upperTagList(tags),
        }),
      ),
    );
    await putPolicy();
    return "created";
  }
  // The bundle tag first: a deploy interrupted after it still sees (and makes) the change.
  await awsCall(ctx("iam:TagRole"), () =>
    clients.iam.send(new TagRoleCommand({ RoleName: desired.name, Tags: upperTagList(tags) })),
  );
  const done: string[] = [];
  if (item.trustDiffers) {
    await awsCall(ctx("iam:UpdateAssumeRolePolicy"), () =>
      clients.iam.send(
        new UpdateAssumeRolePolicyCommand({
          RoleName: desired.name,
          PolicyDocument: JSON.stringify(desired.trust),
        }),
      ),
    );
    done.push("trust policy");
  }
  if (item.policyDiffers) {
    await putPolicy();
    done.push(`inline policy ${inlinePolicyName}`);
  }
  return `updated ${done.join(" and ")}`;
}

export async function registerTaskDefinition(
  clients: AwsClients,
  project: string,
  item: Item<"task-definition">,
): Promise<number> {
  const { desired } = item;
  // The SDK's input types are mutable; the bundle's are read-only JSON.
  const input = JSON.parse(JSON.stringify(desired.input)) as RegisterTaskDefinitionCommandInput;
  const answer = await awsCall(
    {
      action: "ecs:RegisterTaskDefinition",
      resource: `task definition ${desired.family}`,
      workflow: desired.workflow,
      write: true,
    },
    () =>
      clients.ecs.send(
        new RegisterTaskDefinitionCommand({
          ...input,
          tags: lowerTagList(ownershipTags(project, desired.workflow, item.bundleHash)),
        }),
      ),
  );
  const revision = answer.taskDefinition?.revision;
  if (revision === undefined)
    throw new Error(`RegisterTaskDefinition returned no revision for ${desired.family}`);
  return revision;
}

export async function applyStateMachine(
  clients: AwsClients,
  project: string,
  item: Item<"state-machine">,
  revisions: ReadonlyMap<string, string>,
  connectionArn: string | undefined,
  wait: RoleWait,
): Promise<string> {
  const { desired } = item;
  const definition = JSON.stringify(
    pinTaskDefinitions(fillConnectionArn(desired.definition, connectionArn), (family) =>
      revisions.get(family),
    ),
  );
  if (definition.includes(notifyConnectionPlaceholder)) throw noConnection("state machine", item);
  const pinned = item.families.map((f) => `${f}:${revisions.get(f) ?? "?"}`).join(", ");
  const done = await writeStateMachine(clients, project, item, definition, wait);
  return `${done}, running ${pinned}`;
}

/** Creates or updates a workflow's lock machine, with the tags of its state machine. */
export async function applyLockMachine(
  clients: AwsClients,
  project: string,
  item: Item<"lock-machine">,
  wait: RoleWait,
): Promise<string> {
  return writeStateMachine(clients, project, item, JSON.stringify(item.desired.definition), wait);
}

/**
 * Creates or updates a workflow's notify machine, with the tags of its state machine and the
 * notification connection's ARN (Slack) filled in.
 */
export async function applyNotifyMachine(
  clients: AwsClients,
  project: string,
  item: Item<"notify-machine">,
  connectionArn: string | undefined,
  wait: RoleWait,
): Promise<string> {
  const definition = JSON.stringify(fillConnectionArn(item.desired.definition, connectionArn));
  if (definition.includes(notifyConnectionPlaceholder)) throw noConnection("notify machine", item);
  return writeStateMachine(clients, project, item, definition, wait);
}

/** The connection placeholder left in a definition: apply fills it from the connection step. */
function noConnection(what: string, item: Item<"state-machine"> | Item<"notify-machine">): DeployError {
  // Reaching here without a connection is a bundle defect.
  return new DeployError({
    code: deployErrorCode.unresolvedPlaceholder,
    message: `the ${what} uses ${notifyConnectionPlaceholder} but the workflow has no notification connection`,
    hint: "recompile with batchflow compile: the manifest must name notifyConnection when the definition uses it",
    workflow: item.change.workflow,
  });
}

/** `CreateStateMachine` with the ownership tags, or the bundle tag then `UpdateStateMachine`. */
async function writeStateMachine(
  clients: AwsClients,
  project: string,
  item: Item<"state-machine"> | Item<"lock-machine"> | Item<"notify-machine">,
  definition: string,
  wait: RoleWait,
): Promise<"created" | "updated"> {
  const { desired, live } = item;
  const workflow = item.change.workflow;
  const ctx = (action: string) => ({
    action,
    resource: `state machine ${desired.name}`,
    workflow,
    write: true,
  });
  const tags = ownershipTags(project, workflow, item.bundleHash);
  if (item.change.action === "create") {
    await withRoleWait(ctx("states:CreateStateMachine"), wait, () =>
      clients.sfn.send(
        new CreateStateMachineCommand({
          name: desired.name,
          definition,
          roleArn: desired.roleArn,
          type: desired.type,
          tags: lowerTagList(tags),
        }),
      ),
    );
    return "created";
  }
  if (live && (live.type !== desired.type || live.status !== "ACTIVE")) {
    throw new DeployError({
      code: deployErrorCode.stateMachineNotUpdatable,
      message: `state machine ${desired.name} is ${live.status === "ACTIVE" ? `of type ${live.type}, not ${desired.type}` : live.status}; it cannot be updated in place`,
      hint: "wait until a deletion finishes, or delete the state machine (its type cannot change) and deploy again",
      workflow,
    });
  }
  await awsCall(ctx("states:TagResource"), () =>
    clients.sfn.send(new TagMachineCommand({ resourceArn: desired.arn, tags: lowerTagList(tags) })),
  );
  await withRoleWait(ctx("states:UpdateStateMachine"), wait, () =>
    clients.sfn.send(
      new UpdateStateMachineCommand({ stateMachineArn: desired.arn, definition, roleArn: desired.roleArn }),
    ),
  );
  return "updated";
}

/**
 * Creates or updates a rule and its targets; an ECS target (a scheduled task's) runs the
 * `family:revision` deploy registered or found.
 */
export async function applyRule(
  clients: AwsClients,
  project: string,
  item: Item<"rule">,
  revisions: ReadonlyMap<string, string>,
): Promise<string> {
  const desired = pinTaskTargets(item.desired, (family) => revisions.get(family));
  const ctx = (action: string) => ({
    action,
    resource: `rule ${desired.name}`,
    workflow: item.change.workflow,
    write: true,
  });
  const tags = ownershipTags(project, item.change.workflow, item.bundleHash);
  const putTargets = async () => {
    const answer = await awsCall(ctx("events:PutTargets"), () =>
      clients.events.send(
        new PutTargetsCommand({
          Rule: desired.name,
          // The SDK's input types are mutable; the bundle's are read-only JSON.
          Targets: JSON.parse(JSON.stringify(desired.targets)) as Target[],
        }),
      ),
    );
    const failed = answer.FailedEntries ?? [];
    if ((answer.FailedEntryCount ?? failed.length) > 0) {
      throw new DeployError({
        code: deployErrorCode.rejected,
        message: `EventBridge refused targets of rule ${desired.name}: ${failed.map((f) => `${f.TargetId}: ${f.ErrorCode} ${f.ErrorMessage}`).join("; ")}`,
        hint: "check the target's state machine ARN and role; then deploy again",
        workflow: item.change.workflow,
      });
    }
  };
  if (item.change.action === "create") {
    await awsCall(ctx("events:PutRule"), () =>
      clients.events.send(new PutRuleCommand({ ...desired.rule, Tags: upperTagList(tags) })),
    );
    await putTargets();
    return `created, ${desired.targets.length} target${desired.targets.length === 1 ? "" : "s"}`;
  }
  await awsCall(ctx("events:TagResource"), () =>
    clients.events.send(new TagRuleCommand({ ResourceARN: desired.arn, Tags: upperTagList(tags) })),
  );
  const done: string[] = [];
  if (item.ruleDiffers) {
    await awsCall(ctx("events:PutRule"), () => clients.events.send(new PutRuleCommand({ ...desired.rule })));
    done.push("rule");
  }
  if (item.extraTargetIds.length > 0) {
    await awsCall(ctx("events:RemoveTargets"), () =>
      clients.events.send(new RemoveTargetsCommand({ Rule: desired.name, Ids: [...item.extraTargetIds] })),
    );
    done.push(
      `removed target${item.extraTargetIds.length === 1 ? "" : "s"} ${item.extraTargetIds.join(", ")}`,
    );
  }
  if (item.targetsDiffer) {
    await putTargets();
    done.push("targets");
  }
  return `updated ${done.join(", ")}`;
}

export async function applySchedule(
  clients: AwsClients,
  item: Item<"schedule">,
  wait: RoleWait,
  revisions: ReadonlyMap<string, string>,
): Promise<string> {
  const desired = pinTaskTargets(item.desired, (family) => revisions.get(family));
  // The SDK's input types are mutable; the bundle's are read-only JSON.
  const input = JSON.parse(
    JSON.stringify({ ...desired.schedule, GroupName: desired.group }),
  ) as CreateScheduleCommandInput;
  const ctx = (action: string) => ({
    action,
    resource: `schedule ${desired.group}/${desired.name}`,
    workflow: item.change.workflow,
    write: true,
  });
  if (item.change.action === "create") {
    await withRoleWait(ctx("scheduler:CreateSchedule"), wait, () =>
      clients.scheduler.send(new CreateScheduleCommand(input)),
    );
    return "created";
  }
  await withRoleWait(ctx("scheduler:UpdateSchedule"), wait, () =>
    clients.scheduler.send(new UpdateScheduleCommand(input)),
  );
  return "updated";
}
