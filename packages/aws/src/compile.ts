import {
  CompileError,
  type Diagnostic,
  DiagnosticSink,
  isWorkflow,
  type ResolvedWorkflow,
  resolveWorkflow,
  type Workflow,
  type WorkflowNode,
} from "@batchflow/core";
import type { StateMachine } from "./asl/asl-types.js";
import { fileRecord } from "./bundle/file-digest.js";
import type { Manifest, ManifestRole } from "./bundle/manifest.js";
import { serialize } from "./bundle/serialize.js";
import { chunkedText } from "./bundle/serialize-chunks.js";
import { type CompileOptions, compileOptionProblems } from "./compile-options.js";
import { assignFamilies, type Family, familyLookup } from "./ecs/families.js";
import { fargateSizeProblem } from "./ecs/fargate-sizes.js";
import { checkEcsNames, checkResourceNames } from "./ecs/resource-names.js";
import type { RegisterTaskDefinitionInput } from "./ecs/task-definition-types.js";
import { jobTaskSize } from "./ecs/task-size.js";
import { emitStateMachine } from "./emit/asl-emitter.js";
import { serializeDefinition } from "./emit/definition-chunks.js";
import { checkStateMachineLimits } from "./emit/limits.js";
import { emitTaskDefinition } from "./emit/task-definition-emitter.js";
import { emitResolved, withoutResolved } from "./emit-resolved.js";
import type { PolicyDocument } from "./iam/policy-document.js";
import { executionPolicy, notifyPolicy, schedulePolicy, stateMachinePolicy } from "./iam/role-policies.js";
import { checkAwsLimits } from "./limits/check-limits.js";
import { lockMachineDefinition, lockMachineName } from "./lock/lock-machine.js";
import { lockTableDefinition } from "./lock/lock-protocol.js";
import { workflowLocks } from "./lock/workflow-locks.js";
import { lower } from "./lower/lower.js";
import { type StateRole, stateRoles } from "./lower/state-roles.js";
import { defaultRoleNames, placeholder, roleArn, scheduleFile, scheduleName } from "./naming.js";
import { type NotifyMachine, notifyMachine, notifyMachineName, notifyRule } from "./notify/notify-machine.js";
import {
  notifyConnectionDefinition,
  notifyConnectionName,
  notifyConnectionPlaceholder,
} from "./notify/notify-protocol.js";
import { emitSchedule, type ScheduleArtefact } from "./schedule/schedule-emitter.js";

export interface BundleFile {
  /** Relative to the workflow's output directory, with "/" separators. */
  readonly path: string;
  readonly contents: string;
}

/** Everything one workflow compiles to, as objects and as the files `batchflow compile` writes. */
export interface CompiledWorkflow {
  readonly name: string;
  readonly stateMachine: StateMachine;
  /** What each state of `stateMachine` is for, by state name, in definition order. */
  readonly stateRoles: Readonly<Record<string, StateRole>>;
  /** The workflow's lock machine (`<workflow>-locks`), which its lock states call; only with locks. */
  readonly lockMachine?: StateMachine;
  /** The workflow's notify machine (`<workflow>-notify`), started when a run ends; only with `notify`. */
  readonly notifyMachine?: NotifyMachine;
  readonly taskDefinitions: Readonly<Record<string, RegisterTaskDefinitionInput>>;
  /** The workflow's schedule; the first of `schedules` when it has several. */
  readonly schedule?: ScheduleArtefact;
  /** One rule or Scheduler schedule per entry of `schedule:`, in its order; empty without. */
  readonly schedules: ReadonlyArray<ScheduleArtefact>;
  readonly iam: Readonly<Record<string, PolicyDocument>>;
  readonly manifest: Manifest;
  readonly files: ReadonlyArray<BundleFile>;
  /** Problems that did not stop the compile. */
  readonly warnings: ReadonlyArray<Diagnostic>;
}

export interface CompileResult {
  readonly compiled?: CompiledWorkflow;
  readonly diagnostics: ReadonlyArray<Diagnostic>;
}

/**
 * Compiles a workflow to its ASL, task definitions, schedule, IAM policies and manifest.
 * Throws a `CompileError` carrying every problem found.
 *
 * @example
 * expect(compile(hourly).stateMachine).toMatchSnapshot();
 */
export function compile(workflow: Workflow | WorkflowNode, options: CompileOptions = {}): CompiledWorkflow {
  const result = tryCompile(workflow, options);
  if (!result.compiled) throw new CompileError(result.diagnostics);
  return result.compiled;
}

/** `compile()` that returns problems instead of throwing them. */
export function tryCompile(workflow: Workflow | WorkflowNode, options: CompileOptions = {}): CompileResult {
  return withoutResolved(compileResolving(workflow, options));
}

/**
 * `tryCompile()` that also returns the workflow as the compiler read it, when it resolved: for
 * the CLI's explain and graph, which would otherwise resolve it (a large dag's lowering) twice.
 */
export function compileResolving(
  workflow: Workflow | WorkflowNode,
  options: CompileOptions = {},
): CompileResult & { readonly resolved?: ResolvedWorkflow } {
  const optionProblems = compileOptionProblems(options, "compile()");
  if (optionProblems.length > 0) return { diagnostics: optionProblems };
  const node = isWorkflow(workflow) ? workflow.toNode() : workflow;
  const { workflow: resolved, diagnostics } = resolveWorkflow(node, options.config);
  return emitResolved(
    resolved,
    diagnostics,
    () => new DiagnosticSink(node.name),
    (read, sink) => {
      const compiled = emitAll(read, sink);
      checkAwsLimits(read, compiled, sink, node.site);
      return compiled;
    },
  );
}

function emitAll(workflow: ResolvedWorkflow, sink: DiagnosticSink): CompiledWorkflow {
  const roleNames = defaultRoleNames(workflow.name);
  const families = assignFamilies(workflow);
  checkFamilies(families, workflow, sink);
  checkResourceNames(workflow, sink);
  const executionRoleArn = roleArn(roleNames.execution);
  const taskDefinitions = families.map((f) =>
    emitTaskDefinition(f, { workflow: workflow.name, executionRoleArn, sink }),
  );

  const graph = lower(workflow);
  const roles = stateRoles(graph);
  const stateMachine = emitStateMachine(graph, {
    workflow,
    familyOf: familyLookup(families),
    sink,
  });
  // Serialized once, in chunks: the limits and the manifest read the text the file holds.
  const definition = serializeDefinition(stateMachine);
  checkStateMachineLimits(stateMachine, definition, sink);

  const access = emitRoles(workflow, families, taskDefinitions);
  const schedules = workflow.schedules.map((s, i) => emitSchedule(workflow, s, access.scheduleRole, i));

  const files: BundleFile[] = [{ path: definitionFile, contents: chunkedText(definition.chunks) }];
  for (const t of taskDefinitions) {
    files.push({ path: `task-definitions/${t.family}.json`, contents: serialize(t) });
  }
  schedules.forEach((s, i) => {
    files.push({ path: scheduleFile(i), contents: serialize(s) });
  });
  const lockTable = lockTableOf(workflow);
  const lockMachine = lockTable === undefined ? undefined : lockMachineDefinition(workflow.name, lockTable);
  if (lockMachine) files.push({ path: lockMachineFile, contents: serialize(lockMachine) });
  if (lockTable) files.push({ path: lockTableFile, contents: serialize(lockTableDefinition(lockTable)) });
  const notify = workflow.notify && notifyMachine(workflow.name, workflow.notify);
  if (notify && workflow.notify) {
    files.push(
      { path: notifyMachineFile, contents: serialize(notify.definition) },
      {
        path: notifyRuleFile,
        contents: serialize(notifyRule(workflow.name, workflow.notify.on, access.notifyRole)),
      },
    );
  }
  if (workflow.notify?.slack) {
    files.push({
      path: notifyConnectionFile,
      contents: serialize(notifyConnectionDefinition(workflow.name)),
    });
  }
  for (const [name, doc] of Object.entries(access.iam)) {
    files.push({ path: `iam/${name}.json`, contents: serialize(doc) });
  }
  const manifest = emitManifest(workflow, families, access, files, lockTable, definition.chunks, roles);
  files.push({ path: "manifest.json", contents: serialize(manifest) });

  return {
    name: workflow.name,
    stateMachine,
    stateRoles: roles,
    ...(lockMachine ? { lockMachine } : {}),
    ...(notify ? { notifyMachine: notify } : {}),
    taskDefinitions: Object.fromEntries(taskDefinitions.map((t) => [t.family, t])),
    ...(schedules[0] ? { schedule: schedules[0] } : {}),
    schedules,
    iam: access.iam,
    manifest,
    files,
    warnings: sink.items.filter((d) => d.severity === "warning"),
  };
}

interface WorkflowAccess {
  readonly roles: ReadonlyArray<ManifestRole>;
  /** Policy documents of the roles batchflow names, by file name. */
  readonly iam: Readonly<Record<string, PolicyDocument>>;
  readonly stateMachineRole: string;
  readonly scheduleRole: string;
  readonly notifyRole: string;
}

/** The roles a workflow runs with: the user's where given, else batchflow's, with their policies. */
function emitRoles(
  workflow: ResolvedWorkflow,
  families: ReadonlyArray<Family>,
  taskDefinitions: ReadonlyArray<RegisterTaskDefinitionInput>,
): WorkflowAccess {
  const names = defaultRoleNames(workflow.name);
  const roles: ManifestRole[] = [];
  const iam: Record<string, PolicyDocument> = {};
  const given = workflow.roles;

  const stateMachineRole = given.stateMachine ?? roleArn(names.stateMachine);
  if (given.stateMachine === undefined)
    iam["state-machine-role"] = stateMachinePolicy(workflow, families, taskDefinitions);
  roles.push(
    role("stateMachine", stateMachineRole, "states.amazonaws.com", given.stateMachine === undefined),
  );

  const executionRoleArn = roleArn(names.execution);
  const usesDefaultExecution = taskDefinitions.filter((t) => t.executionRoleArn === executionRoleArn);
  if (usesDefaultExecution.length > 0) {
    iam["execution-role"] = executionPolicy(usesDefaultExecution);
    roles.push(role("execution", executionRoleArn, "ecs-tasks.amazonaws.com", true));
  }
  const userExecutionRoles = new Set(
    taskDefinitions.map((t) => t.executionRoleArn).filter((arn) => arn !== executionRoleArn),
  );
  for (const arn of [...userExecutionRoles].sort())
    roles.push(role("execution", arn, "ecs-tasks.amazonaws.com", false));

  const scheduleRole = given.schedule ?? roleArn(names.schedule);
  if (workflow.schedules.length > 0) {
    if (given.schedule === undefined) {
      iam["schedule-role"] = schedulePolicy(workflow);
    }
    // Rules and Scheduler schedules mixed: the role is assumed by both services.
    const services = [
      ...new Set(
        workflow.schedules.map((s) =>
          s.timezone === undefined ? "events.amazonaws.com" : "scheduler.amazonaws.com",
        ),
      ),
    ].sort();
    const service = services.length === 1 ? (services[0] as string) : services;
    roles.push(role("schedule", scheduleRole, service, given.schedule === undefined));
  }
  const notifyRole = given.notify ?? roleArn(names.notify);
  if (workflow.notify) {
    if (given.notify === undefined) iam["notify-role"] = notifyPolicy(workflow);
    roles.push(role("notify", notifyRole, "events.amazonaws.com", given.notify === undefined));
  }
  return { roles, iam, stateMachineRole, scheduleRole, notifyRole };
}

const definitionFile = "state-machine.asl.json";
const lockTableFile = "lock-table.json";
const lockMachineFile = "lock-machine.asl.json";
const notifyConnectionFile = "notify-connection.json";
const notifyMachineFile = "notify-machine.asl.json";
const notifyRuleFile = "notify-rule.json";

/** The table a workflow's locks live in: the project config names one for all of them. */
function lockTableOf(workflow: ResolvedWorkflow): string | undefined {
  return workflowLocks(workflow)[0]?.table;
}

function emitManifest(
  workflow: ResolvedWorkflow,
  families: ReadonlyArray<Family>,
  access: WorkflowAccess,
  files: ReadonlyArray<BundleFile>,
  lockTable: string | undefined,
  definition: ReadonlyArray<string>,
  roles: Readonly<Record<string, StateRole>>,
): Manifest {
  const schedules = workflow.schedules.map((s, i) => ({
    name: scheduleName(workflow.name, i),
    type: s.timezone === undefined ? ("rule" as const) : ("scheduler" as const),
    file: scheduleFile(i),
    expression: s.expression,
    ...(s.timezone === undefined ? {} : { timezone: s.timezone }),
  }));
  const several = schedules.length > 1;
  const first = schedules[0];
  return {
    format: several ? 2 : 1,
    workflow: workflow.name,
    stateMachine: {
      name: workflow.name,
      type: "STANDARD",
      definition: definitionFile,
      roleArn: access.stateMachineRole,
    },
    taskDefinitions: families.map((f) => ({
      family: f.name,
      file: `task-definitions/${f.name}.json`,
      jobs: f.jobs,
    })),
    schedule: first
      ? {
          type: first.type,
          file: first.file,
          expression: first.expression,
          ...(first.timezone === undefined ? {} : { timezone: first.timezone }),
        }
      : null,
    ...(several ? { schedules } : {}),
    lockMachine:
      lockTable === undefined
        ? null
        : {
            name: lockMachineName(workflow.name),
            type: "STANDARD",
            definition: lockMachineFile,
            roleArn: access.stateMachineRole,
          },
    lockTable: lockTable === undefined ? null : { name: lockTable, file: lockTableFile },
    notifyMachine: workflow.notify
      ? {
          name: notifyMachineName(workflow.name),
          type: "STANDARD",
          definition: notifyMachineFile,
          roleArn: access.stateMachineRole,
        }
      : null,
    notifyRule: workflow.notify ? { name: notifyMachineName(workflow.name), file: notifyRuleFile } : null,
    notifyConnection: workflow.notify?.slack
      ? { name: notifyConnectionName(workflow.name), file: notifyConnectionFile }
      : null,
    roles: access.roles,
    stateRoles: roles,
    // The definition is read in its chunks, not as its one large text (see serializeChunks); no
    // placeholder holds a line break, so none spans two chunks.
    ...fileRecord(
      files.map((f) => ({ path: f.path, text: f.path === definitionFile ? definition : f.contents })),
      [...Object.values(placeholder), notifyConnectionPlaceholder],
    ),
  };
}

function checkFamilies(
  families: ReadonlyArray<Family>,
  workflow: ResolvedWorkflow,
  sink: DiagnosticSink,
): void {
  const seen = new Set<string>();
  for (const f of families) {
    checkEcsNames(f.name, f.container, sink, { job: f.jobs[0], site: f.spec.site });
    if (seen.has(f.name)) {
      sink.report({
        code: "BF1305",
        message: `two different containers are named family "${f.name}"`,
        hint: "give each distinct fargate() spec its own family name, or make the specs equal",
        job: f.jobs[0],
      });
    }
    seen.add(f.name);
  }
  for (const job of workflow.jobs) {
    const size = jobTaskSize(job);
    const problem = size && fargateSizeProblem(size.cpu, size.memory);
    if (problem) {
      sink.report({
        code: "BF1301",
        message: problem.message,
        hint: problem.hint,
        job: job.name,
        site: job.site,
      });
    }
  }
}

function role(
  use: ManifestRole["use"],
  arn: string,
  service: ManifestRole["service"],
  ours: boolean,
): ManifestRole {
  return { use, arn, service, ...(ours ? { policy: `iam/${policyFileOf(use)}.json` } : {}) };
}

function policyFileOf(use: ManifestRole["use"]): string {
  return use === "stateMachine" ? "state-machine-role" : `${use}-role`;
}
