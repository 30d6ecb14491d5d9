import { CreateScheduleGroupCommand } from "@aws-sdk/client-scheduler";
import { awsCall } from "../aws/aws-call.js";
import type { AwsClients } from "../aws/clients.js";
import { DeployError, deployErrorCode } from "../errors.js";
import type { DeployEventHandler } from "../events.js";
import { itemsOf, type PlanItem } from "../plan/plan-items.js";
import type { Plan, PlannedChange } from "../plan/plan-types.js";
import { ownershipTags, upperTagList } from "../tags.js";
import { mapLimit } from "../util/map-limit.js";
import { applyConnection } from "./apply-connection.js";
import { applyDelete } from "./apply-delete.js";
import { createLockTable } from "./apply-lock-table.js";
import { applyService } from "./apply-service.js";
import {
  applyLockMachine,
  applyNotifyMachine,
  applyRole,
  applyRule,
  applySchedule,
  applyStateMachine,
  type Item,
  registerTaskDefinition,
} from "./apply-steps.js";
import type { RoleWait } from "./role-wait.js";

export interface ApplyOptions {
  readonly clients: AwsClients;
  /** AWS calls in flight at once. Default 8. */
  readonly concurrency?: number | undefined;
  readonly onEvent?: DeployEventHandler | undefined;
  /**
   * How long to retry a call AWS refuses because a role this deploy just created or changed is not
   * assumable yet (IAM is eventually consistent). Default 60 s.
   */
  readonly roleWaitMs?: number | undefined;
  /** How long to wait for a lock table deploy created to become ACTIVE. Default 120 s. */
  readonly tableWaitMs?: number | undefined;
}

/** A change deploy made, with what it did (`registered ads-hourly:3`) and how long it took. */
export interface AppliedChange extends PlannedChange {
  readonly detail: string;
  readonly ms: number;
}

/**
 * Applies a plan in dependency order: the lock tables and notification connections (whose ARN
 * the notify machines get), roles, task definitions (a new revision only where the plan says so),
 * lock and notify machines, state machines (which call their lock machines) pinned to
 * `family:revision`, the schedule group, rules (those that start the notify machines included) and
 * schedules; then deletions in reverse order. Every step is idempotent given a fresh plan, so a
 * deploy that stopped anywhere is completed by running it again.
 */
export async function applyPlan(plan: Plan, options: ApplyOptions): Promise<AppliedChange[]> {
  const items = itemsOf(plan);
  const conflicts = items.filter((i) => i.change.action === "conflict");
  if (conflicts.length > 0) {
    throw new DeployError(
      conflicts.map(({ change }) =>
        change.refusal
          ? { ...change.refusal, message: change.summary, workflow: change.workflow }
          : {
              code: deployErrorCode.conflict,
              message: `${change.summary}; batchflow changes and deletes only what this project (${plan.project}) created`,
              hint:
                change.type === "connection"
                  ? "connections cannot be tagged: rename the workflow, or delete the other connection yourself; nothing was changed"
                  : "rename the workflow (or family), delete or retag the other resource yourself, or set project in batchflow.config.ts if this project was renamed; nothing was changed",
              workflow: change.workflow,
            },
      ),
    );
  }
  const { clients } = options;
  const limit = options.concurrency ?? 8;
  const applied: AppliedChange[] = [];
  const project = plan.project;

  const step = async <I extends PlanItem>(item: I, fn: (item: I) => Promise<string>) => {
    options.onEvent?.({ type: "step-start", change: item.change });
    const started = performance.now();
    const detail = await fn(item);
    const ms = performance.now() - started;
    applied.push({ ...item.change, detail, ms });
    options.onEvent?.({ type: "step-done", change: item.change, detail, ms });
  };
  const phase = async <K extends PlanItem["kind"]>(
    kind: K,
    actions: ReadonlyArray<PlannedChange["action"]>,
    fn: (item: Item<K>) => Promise<string>,
    only: (item: Item<K>) => boolean = () => true,
  ) => {
    const selected = items.filter(
      (i): i is Item<K> => i.kind === kind && actions.includes(i.change.action) && only(i as Item<K>),
    );
    await mapLimit(selected, limit, (item) => step(item, fn));
  };
  const upserts = ["create", "update"] as const;

  // Lock tables and connections first: they need nothing, and state machines name them.
  await phase("lock-table", ["create"], (item) =>
    createLockTable(clients, item, {
      ms: options.tableWaitMs ?? 120_000,
      onWait: (reason, ms) => options.onEvent?.({ type: "waiting", change: item.change, reason, ms }),
    }),
  );
  const connectionArns = new Map<string, string>();
  for (const i of items) {
    if (i.kind === "connection" && i.change.action === "unchanged" && i.live) {
      connectionArns.set(i.desired.workflow, i.live.arn);
    }
  }
  await phase("connection", upserts, async (item) => {
    const { arn, detail } = await applyConnection(clients, item);
    connectionArns.set(item.desired.workflow, arn);
    return detail;
  });

  // Roles next: everything after hands them to AWS.
  let rolesChanged = false;
  await phase("role", upserts, async (item) => {
    rolesChanged = true;
    return applyRole(clients, project, item, connectionArns.get(item.desired.workflow));
  });
  const wait = (change: PlannedChange): RoleWait => ({
    ms: rolesChanged ? (options.roleWaitMs ?? 60_000) : 0,
    onWait: (reason, ms) => options.onEvent?.({ type: "waiting", change, reason, ms }),
  });

  const revisions = new Map<string, string>();
  for (const i of items) {
    if (i.kind === "task-definition" && i.change.action === "unchanged" && i.live) {
      revisions.set(i.desired.family, String(i.live.revision));
    }
  }
  await phase("task-definition", upserts, async (item) => {
    const revision = await registerTaskDefinition(clients, project, item);
    revisions.set(item.desired.family, String(revision));
    return `registered ${item.desired.family}:${revision}`;
  });

  // Services once their task definition's revision is known.
  await phase("service", upserts, (item) =>
    applyService(clients, project, item, revisions, plan.environment),
  );

  // Lock machines before the state machines that call them; notify machines before the state
  // machines whose ends start them (their rules come later still).
  await phase("lock-machine", upserts, (item) => applyLockMachine(clients, project, item, wait(item.change)));
  await phase("notify-machine", upserts, (item) =>
    applyNotifyMachine(
      clients,
      project,
      item,
      connectionArns.get(item.change.workflow ?? ""),
      wait(item.change),
    ),
  );
  await phase("state-machine", upserts, (item) =>
    applyStateMachine(
      clients,
      project,
      item,
      revisions,
      connectionArns.get(item.change.workflow ?? ""),
      wait(item.change),
    ),
  );
  await phase("schedule-group", ["create"], async (item) => {
    await awsCall(
      { action: "scheduler:CreateScheduleGroup", resource: `schedule group ${item.change.name}` },
      () =>
        clients.scheduler.send(
          new CreateScheduleGroupCommand({
            Name: item.change.name,
            Tags: upperTagList(ownershipTags(project, undefined, undefined)),
          }),
        ),
    );
    return "created";
  });
  await phase("rule", upserts, (item) => applyRule(clients, project, item, revisions));
  await phase("schedule", upserts, (item) => applySchedule(clients, item, wait(item.change), revisions));

  // Deletions: what starts executions first (a notify machine's rule included), a state machine
  // before the lock machine it calls and the notify machine its end started, roles last.
  for (const stage of [
    "schedule",
    "rule",
    "connection",
    "service",
    "state-machine",
    "lock-machine",
    "notify-machine",
    "task-definition",
    "role",
  ] as const) {
    await phase(
      "delete",
      ["delete"],
      (item) => applyDelete(clients, item, limit),
      (item) => (item.machine ? `${item.machine}-machine` : item.change.type) === stage,
    );
  }
  return applied;
}
