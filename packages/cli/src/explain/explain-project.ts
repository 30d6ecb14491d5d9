import { resolve } from "node:path";
import {
  type CompiledWorkflow,
  compileResolving,
  compileServiceResolving,
  compileTaskResolving,
} from "@batchflow/aws";
import type {
  Diagnostic,
  ResolvedService,
  ResolvedTask,
  ResolvedWorkflow,
  WorkflowNode,
} from "@batchflow/core";
import { nearest } from "../args/did-you-mean.js";
import { usageError } from "../args/usage-error.js";
import { cliCode } from "../cli-codes.js";
import { CliError } from "../cli-error.js";
import { findWorkflowFiles } from "../load/find-workflow-files.js";
import { loadConfig } from "../load/load-config.js";
import { loadWorkflows } from "../load/load-workflows.js";
import { createModuleLoader } from "../load/module-loader.js";
import type { CompiledProject } from "../project/compile-project.js";

/**
 * A workflow as it deploys (compiled), as the compiler read it (resolved: jobs, retries, timeouts)
 * and as its author wrote it (node: the flow IR, a dag's own dependencies included).
 */
export interface ExplainedSource {
  readonly compiled: CompiledWorkflow;
  readonly resolved: ResolvedWorkflow;
  readonly node: WorkflowNode;
}

/** What a compile of a scheduled task or a service returns, as far as explain reads it. */
interface CompileOutcome {
  readonly compiled?: unknown;
  readonly diagnostics: ReadonlyArray<Diagnostic>;
}

/** The command that loads them, for its message about a workflow the project lacks. */
export interface LoadingCommand {
  readonly name: "explain" | "graph";
  readonly code: typeof cliCode.explainWorkflow | typeof cliCode.graphWorkflow;
}

/**
 * Loads and compiles the project's workflows as `batchflow compile` does (nothing is written),
 * keeping those named (all when none is), and for `explain` its scheduled tasks and services as
 * well. Compile problems come back in `project` to be reported.
 */
export async function loadExplainedWorkflows(
  root: string,
  names: ReadonlyArray<string>,
  command: LoadingCommand = { name: "explain", code: cliCode.explainWorkflow },
): Promise<{
  project: CompiledProject;
  workflows: ReadonlyArray<ExplainedSource>;
  tasks: ReadonlyArray<ResolvedTask>;
  services: ReadonlyArray<ResolvedService>;
}> {
  const load = createModuleLoader(root);
  const { config } = await loadConfig(root, load);
  const files = await findWorkflowFiles(root, config.workflows);
  if (files.length === 0) {
    throw CliError.usage(
      `no workflow files found under ${root}`,
      'put workflows in workflows/*.ts, or set workflows: ["..."] in batchflow.config.ts',
    );
  }
  const loaded = await loadWorkflows(files, root, load);
  const all = loaded.workflows.map((w) => w.workflow);
  // explain covers scheduled tasks and services too; graph draws state machines, which they lack.
  const explains = command.name === "explain";
  const allTasks = explains ? loaded.tasks.map((t) => t.task) : [];
  const allServices = explains ? loaded.services.map((s) => s.service) : [];
  const known = [
    ...all.map((w) => w.name),
    ...allTasks.map((t) => t.name),
    ...allServices.map((s) => s.name),
  ];
  const others = explains
    ? []
    : [...loaded.services.map((s) => s.service.name), ...loaded.tasks.map((t) => t.task.name)];
  const covered = explains ? "workflows, scheduled tasks and services" : "workflows";
  for (const name of names) {
    if (known.includes(name)) continue;
    const near = nearest(name, known);
    throw usageError(
      command.code,
      others.includes(name)
        ? `"${name}" is a service or a scheduled task: ${command.name} covers ${covered} only`
        : `no ${explains ? "workflow, scheduled task or service" : "workflow"} named "${name}" in this project`,
      `${near === undefined ? "" : `did you mean ${near}? `}its ${covered}: ${known.join(", ") || "none"}`,
    );
  }
  const diagnostics: Diagnostic[] = [...loaded.diagnostics];
  const workflows: ExplainedSource[] = [];
  for (const workflow of all.filter((w) => names.length === 0 || names.includes(w.name))) {
    const node = workflow.toNode();
    const result = compileResolving(node, { config });
    diagnostics.push(...result.diagnostics);
    if (result.compiled && result.resolved)
      workflows.push({ compiled: result.compiled, resolved: result.resolved, node });
  }
  const selected = <T extends { readonly name: string }>(items: ReadonlyArray<T>) =>
    items.filter((item) => names.length === 0 || names.includes(item.name));
  // Compiled for its problems (the limits of what it deploys), and explained as it resolved.
  const checked = <R>(result: CompileOutcome & { readonly resolved?: R }): R[] => {
    diagnostics.push(...result.diagnostics);
    return result.compiled === undefined || result.resolved === undefined ? [] : [result.resolved];
  };
  const tasks = selected(allTasks).flatMap((task) =>
    checked(compileTaskResolving(task.toNode(), { config })),
  );
  const services = selected(allServices).flatMap((service) =>
    checked(compileServiceResolving(service.toNode(), { config })),
  );
  const outDir = resolve(root, config.out ?? "dist/batchflow");
  const project = {
    root,
    config,
    outDir,
    explicit: false,
    compiled: workflows.map((w) => w.compiled),
    // Tasks and services are kept resolved, not compiled: only their problems are reported.
    services: [],
    tasks: [],
    diagnostics,
    load,
  };
  return { project, workflows, tasks, services };
}
