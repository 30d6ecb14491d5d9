import {
  CompileError,
  type Diagnostic,
  DiagnosticSink,
  isTask,
  type ResolvedTask,
  resolveTask,
  type Task,
  type TaskNode,
} from "@batchflow/core";
import { fileRecord } from "../bundle/file-digest.js";
import type { ManifestRole } from "../bundle/manifest.js";
import { serialize } from "../bundle/serialize.js";
import type { BundleFile } from "../compile.js";
import { type CompileOptions, compileOptionProblems } from "../compile-options.js";
import { standaloneFamily } from "../ecs/families.js";
import type { RegisterTaskDefinitionInput } from "../ecs/task-definition-types.js";
import { emitTaskDefinition } from "../emit/task-definition-emitter.js";
import { emitResolved, withoutResolved } from "../emit-resolved.js";
import type { PolicyDocument } from "../iam/policy-document.js";
import { executionPolicy } from "../iam/role-policies.js";
import { checkPolicySizes } from "../limits/policy-size.js";
import { defaultRoleNames, placeholder, roleArn, scheduleFile, scheduleName } from "../naming.js";
import { checkTaskLimits } from "./task-limits.js";
import type { TaskManifest } from "./task-manifest.js";
import { taskSchedulePolicy } from "./task-policy.js";
import { emitTaskSchedule } from "./task-target.js";
import type { TaskScheduleArtefact } from "./task-types.js";

/** Everything one scheduled task compiles to, as objects and as the files `batchflow compile` writes. */
export interface CompiledTask {
  readonly kind: "task";
  readonly name: string;
  readonly taskDefinition: RegisterTaskDefinitionInput;
  /** One rule or Scheduler schedule per entry of `schedule:`, in its order. */
  readonly schedules: ReadonlyArray<TaskScheduleArtefact>;
  readonly iam: Readonly<Record<string, PolicyDocument>>;
  readonly manifest: TaskManifest;
  readonly files: ReadonlyArray<BundleFile>;
  /** Problems that did not stop the compile. */
  readonly warnings: ReadonlyArray<Diagnostic>;
}

export interface CompileTaskResult {
  readonly compiled?: CompiledTask;
  readonly diagnostics: ReadonlyArray<Diagnostic>;
}

/**
 * Compiles a scheduled task to its task definition, rules or Scheduler schedules, role policies
 * and manifest. Throws a `CompileError` carrying every problem found.
 *
 * @example
 * expect(compileTask(cleanup).schedules[0]).toMatchSnapshot();
 */
export function compileTask(task: Task | TaskNode, options: CompileOptions = {}): CompiledTask {
  const result = tryCompileTask(task, options);
  if (!result.compiled) throw new CompileError(result.diagnostics);
  return result.compiled;
}

/** `compileTask()` that returns problems instead of throwing them. */
export function tryCompileTask(task: Task | TaskNode, options: CompileOptions = {}): CompileTaskResult {
  return withoutResolved(compileTaskResolving(task, options));
}

/**
 * `tryCompileTask()` that also returns the task as the compiler read it, when it resolved: for the
 * CLI's explain, which would otherwise resolve it again.
 */
export function compileTaskResolving(
  task: Task | TaskNode,
  options: CompileOptions = {},
): CompileTaskResult & { readonly resolved?: ResolvedTask } {
  const optionProblems = compileOptionProblems(options, "compileTask()");
  if (optionProblems.length > 0) return { diagnostics: optionProblems };
  const node = isTask(task) ? task.toNode() : task;
  const { task: resolved, diagnostics } = resolveTask(node, options.config);
  return emitResolved(resolved, diagnostics, () => DiagnosticSink.forTask(node.name), emitAll);
}

const executionPolicyFile = "execution-role";
const schedulePolicyFile = "schedule-role";

function emitAll(task: ResolvedTask, sink: DiagnosticSink): CompiledTask {
  const family = standaloneFamily(task, "task", sink);

  const names = defaultRoleNames(task.name);
  const executionRoleArn = roleArn(names.execution);
  const taskDefinition = emitTaskDefinition(family, { workflow: task.name, executionRoleArn, sink });
  const scheduleRoleArn = roleArn(names.schedule);
  const schedules = task.schedules.map((s, i) =>
    emitTaskSchedule(task, s, i, {
      family: family.name,
      container: family.container,
      roleArn: scheduleRoleArn,
    }),
  );

  const ownExecution = taskDefinition.executionRoleArn === executionRoleArn;
  const iam: Record<string, PolicyDocument> = {
    ...(ownExecution ? { [executionPolicyFile]: executionPolicy([taskDefinition]) } : {}),
    [schedulePolicyFile]: taskSchedulePolicy(task, taskDefinition),
  };
  // Rules and Scheduler schedules mixed: the role is assumed by both services.
  const services = [
    ...new Set(
      task.schedules.map((s) =>
        s.timezone === undefined ? "events.amazonaws.com" : "scheduler.amazonaws.com",
      ),
    ),
  ].sort();
  const roles: ManifestRole[] = [
    {
      use: "execution",
      arn: taskDefinition.executionRoleArn,
      service: "ecs-tasks.amazonaws.com",
      ...(ownExecution ? { policy: `iam/${executionPolicyFile}.json` } : {}),
    },
    {
      use: "schedule",
      arn: scheduleRoleArn,
      service: services.length === 1 ? (services[0] as string) : services,
      policy: `iam/${schedulePolicyFile}.json`,
    },
  ];

  const taskDefinitionFile = `task-definitions/${family.name}.json`;
  const files: BundleFile[] = [
    { path: taskDefinitionFile, contents: serialize(taskDefinition) },
    ...schedules.map((s, i) => ({ path: scheduleFile(i), contents: serialize(s) })),
    ...Object.entries(iam).map(([name, doc]) => ({ path: `iam/${name}.json`, contents: serialize(doc) })),
  ];
  const manifest: TaskManifest = {
    format: 1,
    kind: "task",
    task: task.name,
    taskDefinition: { family: family.name, file: taskDefinitionFile },
    cluster: task.cluster,
    schedules: task.schedules.map((s, i) => ({
      name: scheduleName(task.name, i),
      type: s.timezone === undefined ? ("rule" as const) : ("scheduler" as const),
      file: scheduleFile(i),
      expression: s.expression,
      ...(s.timezone === undefined ? {} : { timezone: s.timezone }),
    })),
    roles,
    ...fileRecord(
      files.map((f) => ({ path: f.path, text: f.contents })),
      Object.values(placeholder),
    ),
  };
  files.push({ path: "manifest.json", contents: serialize(manifest) });
  checkTaskLimits(task, manifest, schedules, sink);
  checkPolicySizes(iam, (path) => files.find((f) => f.path === path)?.contents, sink, task.site);

  return {
    kind: "task",
    name: task.name,
    taskDefinition,
    schedules,
    iam,
    manifest,
    files,
    warnings: sink.items.filter((d) => d.severity === "warning"),
  };
}
