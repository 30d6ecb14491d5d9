import { lockMachineName, notifyMachineName } from "@batchflow/aws";
import type { AwsClients } from "../aws/clients.js";
import { type BundleEntry, splitBundle } from "../bundle/bundle.js";
import { type DesiredService, desiredService } from "../desired/desired-service.js";
import {
  type DesiredWorkflow,
  desiredWorkflow,
  ruleArnIn,
  stateMachineArnIn,
} from "../desired/desired-state.js";
import { type DesiredTask, desiredTask } from "../desired/desired-task.js";
import { pinTaskTargets } from "../desired/pin-task-targets.js";
import { DeployError, type DeployProblem, deployErrorCode } from "../errors.js";
import type { DeployEventHandler } from "../events.js";
import { missingClusters } from "../live/clusters.js";
import { readConnection } from "../live/connections.js";
import { readLockTable } from "../live/lock-tables.js";
import { readRole } from "../live/roles.js";
import { findRule } from "../live/rules.js";
import { readSchedule, readScheduleGroup } from "../live/schedules.js";
import { readService } from "../live/services.js";
import { findStateMachine, readStateMachine, runningExecution } from "../live/state-machines.js";
import { plannedConnectionArn } from "../resolve/connection-arn.js";
import { resolveEnvironment } from "../resolve/environment.js";
import { checkRoleOverrides, type RoleOverrides } from "../resolve/role-overrides.js";
import { ownership } from "../tags.js";
import { createLimiter } from "../util/limiter.js";
import { mapLimit } from "../util/map-limit.js";
import { settle } from "../util/settle.js";
import { unique } from "../util/unique.js";
import { checkBundleAsl } from "../validate/check-bundle-asl.js";
import {
  checkFamilies,
  checkLockTables,
  findMissingRoles,
  missingClusterList,
  prerequisiteProblems,
  selectWorkflows,
} from "./plan-checks.js";
import { planConnection } from "./plan-connection.js";
import { attachItems, type PlanItem } from "./plan-items.js";
import { planDroppedLockMachine, planLockMachine } from "./plan-lock-machine.js";
import { planLockTable } from "./plan-lock-table.js";
import { planDroppedNotify, planNotifyMachine } from "./plan-notify.js";
import {
  newRevision,
  planRole,
  planRule,
  planSchedule,
  planScheduleGroup,
  planStateMachine,
  planTaskDefinition,
} from "./plan-resources.js";
import { plannedRevision, planService } from "./plan-service.js";
import { type Plan, summarize } from "./plan-types.js";
import { checkProjectName, defaultScheduleGroup } from "./project.js";
import { planPrune } from "./prune.js";
import { findReplacedRules, findReplacedSchedules } from "./replaced-triggers.js";

export interface PlanOptions {
  readonly clients: AwsClients;
  /** Goes into the `batchflow:project` tag; decides what this project owns. */
  readonly project: string;
  /** Every workflow and service of the project (prune deletes what none of them defines). */
  readonly bundle: ReadonlyArray<BundleEntry>;
  /** Plan only these workflows and services; default: all of the bundle. */
  readonly workflows?: ReadonlyArray<string> | undefined;
  /** Also delete owned resources the bundle no longer defines. */
  readonly prune?: boolean | undefined;
  /** Create (and keep up to date) the roles batchflow names, from the bundle's policies. */
  readonly createRoles?: boolean | undefined;
  readonly roles?: RoleOverrides | undefined;
  /** EventBridge Scheduler group for this project's schedules; default `batchflow-<project>`. */
  readonly scheduleGroup?: string | undefined;
  /** AWS calls in flight at once. Default 8. */
  readonly concurrency?: number | undefined;
  readonly onEvent?: DeployEventHandler | undefined;
}

export { newRevision } from "./plan-resources.js";

/** Reads the live state of everything the bundle defines and says what deploy would do. */
export async function plan(options: PlanOptions): Promise<Plan> {
  const { clients } = options;
  const project = checkProjectName(options.project);
  const bundle = splitBundle(options.bundle);
  const chosen = splitBundle(selectWorkflows(options.bundle, options.workflows));
  const selected = chosen.workflows;
  checkRoleOverrides(options.roles ?? {});
  checkFamilies(options.bundle);
  checkLockTables(bundle.workflows);
  const invalid = checkBundleAsl(selected);
  if (invalid.length > 0) throw new DeployError(invalid);
  const createRoles = options.createRoles ?? false;
  const limit = options.concurrency ?? 8;

  const env = await resolveEnvironment(clients);
  options.onEvent?.({
    type: "environment",
    accountId: env.accountId,
    region: env.region,
    callerArn: env.callerArn,
  });
  const scheduleGroup = options.scheduleGroup ?? defaultScheduleGroup(project);

  const problems: DeployProblem[] = [];
  const desired: DesiredWorkflow[] = [];
  for (const w of selected) {
    try {
      desired.push(desiredWorkflow(w, env, { roles: options.roles, scheduleGroup }));
    } catch (error) {
      if (!(error instanceof DeployError)) throw error;
      problems.push(...error.diagnostics.map((d) => ({ ...d, code: d.code as DeployProblem["code"] })));
    }
  }
  const services: DesiredService[] = [];
  for (const s of chosen.services) {
    try {
      services.push(desiredService(s, env, options.roles));
    } catch (error) {
      if (!(error instanceof DeployError)) throw error;
      problems.push(...error.diagnostics.map((d) => ({ ...d, code: d.code as DeployProblem["code"] })));
    }
  }
  const tasks: DesiredTask[] = [];
  for (const t of chosen.tasks) {
    try {
      tasks.push(desiredTask(t, env, { roles: options.roles, scheduleGroup }));
    } catch (error) {
      if (!(error instanceof DeployError)) throw error;
      problems.push(...error.diagnostics.map((d) => ({ ...d, code: d.code as DeployProblem["code"] })));
    }
  }
  if (problems.length > 0) throw new DeployError(problems);
  options.onEvent?.({
    type: "read",
    what: `${desired.length} workflow${desired.length === 1 ? "" : "s"}${services.length > 0 ? ` and ${services.length} service${services.length === 1 ? "" : "s"}` : ""}${tasks.length > 0 ? ` and ${tasks.length} scheduled task${tasks.length === 1 ? "" : "s"}` : ""}`,
  });
  // What services, tasks and workflows all have: roles, task definitions, a bundle hash and clusters.
  const owners = [...desired, ...services, ...tasks];
  // What workflows and tasks both have: rules and Scheduler schedules named after them.
  const triggered = [...desired, ...tasks];

  // Phase 1: read everything the bundle names, at once.
  const managedRoles = createRoles
    ? unique(
        owners.flatMap((w) => w.roles.filter((r) => r.policy !== undefined && r.inAccount)),
        (r) => r.name,
      )
    : [];
  const families = unique(
    [
      ...desired.flatMap((w) => w.taskDefinitions.map((t) => ({ t, bundleHash: w.bundleHash }))),
      ...services.map((s) => ({ t: s.taskDefinition, bundleHash: s.bundleHash })),
      ...tasks.map((t) => ({ t: t.taskDefinition, bundleHash: t.bundleHash })),
    ],
    (x) => x.t.family,
  );
  const schedules = triggered.flatMap((w) =>
    w.triggers.flatMap((s) => (s.kind === "schedule" ? [{ w, s }] : [])),
  );
  // A task's rules are read once its family's revision is known: their targets name it.
  const taskRules = tasks.flatMap((t) => t.triggers.flatMap((r) => (r.kind === "rule" ? [{ t, r }] : [])));
  // A workflow's UTC schedules and the rule that starts its notify machine.
  const rules = desired.flatMap((w) => [
    ...w.triggers.flatMap((r) => (r.kind === "rule" ? [{ w, r }] : [])),
    ...(w.notifyRule ? [{ w, r: w.notifyRule }] : []),
  ]);
  const groupArn = `arn:${env.partition}:scheduler:${env.region}:${env.accountId}:schedule-group/${scheduleGroup}`;
  const clusters = [...new Set(owners.flatMap((w) => w.clusters))].sort();

  const quiet = desired.filter((w) => !w.notifyMachine);
  // One table however many workflows (and projects) use it.
  const lockTables = unique(
    desired.flatMap((w) => (w.lockTable ? [w.lockTable] : [])),
    (t) => t.name,
  );
  const notifying = desired.flatMap((w) => (w.notifyConnection ? [w.notifyConnection] : []));
  const limiter = createLimiter(limit);
  const each = <T, R>(list: ReadonlyArray<T>, fn: (item: T) => Promise<R>) =>
    Promise.all(list.map((item) => limiter.run(() => fn(item))));
  const live = await settle({
    roles: each(managedRoles, (r) => readRole(clients, r.name, true, r.workflow)),
    taskDefinitions: each(families, ({ t, bundleHash }) =>
      planTaskDefinition(clients, project, t, bundleHash),
    ),
    machines: each(desired, (w) => readStateMachine(clients, w.stateMachine.arn, w.name)),
    services: each(services, (s) => readService(clients, s.input.cluster, s.name, s.name)),
    // Also for a workflow without locks: a lock machine left from when it had some goes.
    lockMachines: each(desired, (w) =>
      w.lockMachine
        ? readStateMachine(clients, w.lockMachine.arn, w.name)
        : findStateMachine(clients, stateMachineArnIn(env, lockMachineName(w.name)), w.name),
    ),
    // Likewise the notify machine and rule of a workflow that no longer sends notifications.
    notifyMachines: each(desired, (w) =>
      w.notifyMachine
        ? readStateMachine(clients, w.notifyMachine.arn, w.name)
        : findStateMachine(clients, stateMachineArnIn(env, notifyMachineName(w.name)), w.name),
    ),
    droppedNotifyRules: each(quiet, (w) =>
      findRule(clients, notifyMachineName(w.name), ruleArnIn(env, notifyMachineName(w.name)), w.name),
    ),
    rules: each(rules, ({ w, r }) => planRule(clients, project, r, w.bundleHash, w.name)),
    groups: each(triggered.length > 0 ? [scheduleGroup] : [], (name) =>
      readScheduleGroup(clients, name, groupArn),
    ),
    schedules: each(schedules, ({ w, s }) => readSchedule(clients, s.group, s.name, w.name)),
    missingClusters: each(clusters.length > 0 ? [clusters] : [], (list) => missingClusters(clients, list)),
    replacedRules: each(triggered, (w) =>
      findReplacedRules(clients, project, w.name, triggerNames(w, "rule"), limit),
    ),
    tables: each(lockTables, (t) => readLockTable(clients, t.name, t.workflow)),
    connections: each(notifying, (c) => readConnection(clients, c.name, c.workflow)),
  });
  const group = live.groups[0];
  const tdItems = live.taskDefinitions;
  const ruleItems = live.rules;

  // Phase 2: what needs no more reads, and schedules a workflow no longer uses.
  const tableItems = lockTables.map((t, i) => {
    const users = desired.filter((w) => w.lockTable?.name === t.name).map((w) => w.name);
    const planned = planLockTable(t, users, live.tables[i]);
    if (planned.problem) problems.push(planned.problem);
    return planned.item;
  });
  // The ARN the notification placeholder stands for: the live connection's, or a marker when
  // deploy is to create it (its id is only known then).
  const connectionArns = new Map(
    notifying.map((c, i) => [c.workflow, live.connections[i]?.arn || plannedConnectionArn(env, c.name)]),
  );
  const roleItems = managedRoles.map((r, i) =>
    planRole(project, r, bundleHashOf(owners, r.workflow), live.roles[i], connectionArns.get(r.workflow)),
  );
  const tdByFamily = new Map(tdItems.map((i) => [i.desired.family, i]));
  // `family:revision` as deploy would run it: the live revision of an unchanged family, else the new one.
  const revisionOf = (family: string) => {
    const td = tdByFamily.get(family);
    return td?.change.action === "unchanged" && td.live ? String(td.live.revision) : newRevision;
  };
  const taskRuleItems = await each(taskRules, ({ t, r }) =>
    planRule(clients, project, pinTaskTargets(r, revisionOf), t.bundleHash, t.name),
  );
  const serviceItems = services.map((s, i) => {
    const td = tdByFamily.get(s.taskDefinition.family);
    const unchanged = td?.change.action === "unchanged" ? td.live?.revision : undefined;
    return planService(project, s, live.services[i], plannedRevision(s.taskDefinition.family, unchanged));
  });
  const smItems = desired.map((w, i) =>
    planStateMachine(project, w, live.machines[i], tdByFamily, connectionArns.get(w.name)),
  );
  const smByWorkflow = new Map(smItems.map((i) => [i.change.workflow, i]));
  const lockMachineItems = desired.flatMap((w, i) =>
    w.lockMachine ? [planLockMachine(project, w, w.lockMachine, live.lockMachines[i])] : [],
  );
  const droppedLockMachines = desired.flatMap((w, i) => {
    const dropped = w.lockMachine ? undefined : planDroppedLockMachine(project, w.name, live.lockMachines[i]);
    return dropped ? [{ dropped, running: live.machines[i] }] : [];
  });
  // A run started before this deploy releases its locks through the lock machine, with the
  // role's lock permissions: both go with this deploy, and that run would fail at its release.
  const inUse = await each(droppedLockMachines, ({ dropped, running }) =>
    running
      ? runningExecution(clients, running.arn, dropped.change.workflow ?? "")
      : Promise.resolve(undefined),
  );
  droppedLockMachines.forEach(({ dropped }, i) => {
    const execution = inUse[i];
    if (execution !== undefined) problems.push(locksInUse(dropped.change.workflow ?? "", execution));
  });
  const notifyMachineItems = desired.flatMap((w, i) =>
    w.notifyMachine
      ? [planNotifyMachine(project, w, w.notifyMachine, live.notifyMachines[i], connectionArns.get(w.name))]
      : [],
  );
  const droppedNotifyRules = new Map(quiet.map((w, i) => [w.name, live.droppedNotifyRules[i]]));
  const droppedNotify = desired.flatMap((w, i) =>
    w.notifyMachine
      ? []
      : planDroppedNotify(project, w.name, live.notifyMachines[i], droppedNotifyRules.get(w.name)),
  );
  const connectionItems = notifying.map((c, i) => {
    const planned = planConnection(c, live.connections[i], smByWorkflow.get(c.workflow)!);
    if (planned.problem) problems.push(planned.problem);
    return planned.item;
  });
  const groupItem =
    schedules.length > 0 ? planScheduleGroup(project, scheduleGroup, groupArn, group) : undefined;
  const scheduleItems = schedules.map(({ w, s }, i) =>
    planSchedule(
      pinTaskTargets(s, revisionOf),
      w.name,
      live.schedules[i],
      groupItem?.change.action === "conflict" ? groupItem.change : undefined,
    ),
  );
  const ownGroup = group !== undefined && ownership(group.tags, project).owned;
  const replacedSchedules = ownGroup
    ? await mapLimit(triggered, limit, (w) =>
        findReplacedSchedules(clients, scheduleGroup, w.name, triggerNames(w, "schedule")),
      )
    : [];
  const replaced = [
    ...replacedSchedules.flat(),
    ...live.replacedRules.flat(),
    ...droppedNotify,
    ...droppedLockMachines.map((d) => d.dropped),
  ].filter((i): i is PlanItem => i !== undefined);

  // Phase 3: roles that changing resources hand to AWS must exist; prune finds what is no longer defined.
  const items: PlanItem[] = [
    ...tableItems,
    ...connectionItems,
    ...roleItems,
    ...tdItems,
    ...serviceItems,
    ...lockMachineItems,
    ...notifyMachineItems,
    ...smItems,
    ...(groupItem ? [groupItem] : []),
    ...ruleItems,
    ...taskRuleItems,
    ...scheduleItems,
    ...replaced,
  ];
  const deleting = new Set(replaced.map((i) => `${i.change.type}/${i.change.name}`));
  const [missingRoles, pruneItems] = await Promise.all([
    findMissingRoles(clients, owners, items, managedRoles, limit),
    options.prune
      ? planPrune(clients, {
          project,
          env,
          bundle: bundle.workflows,
          services: bundle.services,
          tasks: bundle.tasks,
          scheduleGroup,
          group,
          roles: options.roles,
          deleting,
          limit,
          // Their state machine is this project's: a connection left from notifications they
          // no longer send is theirs to delete.
          withoutNotify: smItems
            .filter((i) => i.live && i.change.action !== "conflict")
            .map((i) => i.change.workflow ?? "")
            .filter((name) => !desired.find((w) => w.name === name)?.notifyConnection),
          deploying: owners.map((w) => w.name),
        })
      : [],
  ]);
  problems.push(
    ...prerequisiteProblems(
      [...missingClusterList(live.missingClusters[0] ?? [], owners), ...missingRoles],
      env,
      clients.connection,
    ),
  );
  if (problems.length > 0) throw new DeployError(problems);

  const planned = [...items, ...pruneItems];
  const changes = planned.map((i) => i.change);
  const result: Plan = {
    project,
    environment: env,
    scheduleGroup,
    prune: options.prune ?? false,
    createRoles,
    workflows: owners.map((w) => w.name),
    changes,
    summary: summarize(changes),
    hasChanges: changes.some((c) => c.action === "create" || c.action === "update" || c.action === "delete"),
  };
  return attachItems(result, planned);
}

/** The names of a workflow's rules, or of its Scheduler schedules. */
function triggerNames(w: Pick<DesiredWorkflow, "triggers">, kind: "rule" | "schedule"): ReadonlySet<string> {
  return new Set(w.triggers.filter((t) => t.kind === kind).map((t) => t.name));
}

function bundleHashOf(
  desired: ReadonlyArray<{ name: string; bundleHash: string }>,
  workflow: string,
): string {
  return desired.find((w) => w.name === workflow)?.bundleHash ?? "";
}

/** BF1624: the workflow drops its locks while a run that holds or waits for them is going on. */
function locksInUse(workflow: string, execution: string): DeployProblem {
  return {
    code: deployErrorCode.locksInUse,
    message: `workflow "${workflow}" no longer takes locks, and its execution ${execution.slice(execution.lastIndexOf(":") + 1)} is running: it releases its locks through ${workflow}-locks with the role's lock permissions, which this deploy would delete, and it would fail at the release`,
    hint: `deploy again once it has ended (aws stepfunctions describe-execution --execution-arn ${execution}), or stop it first; nothing was changed`,
    workflow,
  };
}
