import { basename, relative } from "node:path";
import { type CompiledWorkflow, tryCompile } from "@batchflow/aws";
import {
  type BatchflowConfigInput,
  diagnostic,
  formatDiagnostics,
  hasErrors,
  type Workflow,
} from "@batchflow/core";
import { nearest } from "../args/did-you-mean.js";
import { CliError, exitCode } from "../cli-error.js";
import { findWorkflowFiles } from "../load/find-workflow-files.js";
import { loadConfig } from "../load/load-config.js";
import { type FoundWorkflow, loadWorkflows } from "../load/load-workflows.js";
import { createModuleLoader } from "../load/module-loader.js";
import { diagnosticStyle, type Terminal } from "../terminal.js";

export interface RunTarget {
  readonly workflow: Workflow;
  readonly compiled: CompiledWorkflow;
  readonly config: BatchflowConfigInput;
}

/**
 * Loads the project as `batchflow compile` does (config, workflow files through jiti) and compiles the
 * named workflow in memory. Problems are usage errors (exit 2); compile warnings are shown and the run
 * goes on.
 */
export async function loadRunWorkflow(name: string, term: Terminal): Promise<RunTarget> {
  const root = term.cwd;
  const load = createModuleLoader(root);
  const { config } = await loadConfig(root, load);
  const files = await findWorkflowFiles(root, config.workflows);
  if (files.length === 0) {
    throw CliError.usage(
      `no workflow files found under ${root}`,
      'put workflows in workflows/*.ts or set workflows: ["..."] in batchflow.config.ts, then batchflow run <workflow>',
    );
  }
  const loaded = await loadWorkflows(files, root, load);
  if (hasErrors(loaded.diagnostics)) throw new CliError(load.original(loaded.diagnostics), exitCode.usage);

  const found = loaded.workflows.find((w) => w.workflow.name === name);
  const service = loaded.services.find((s) => s.service.name === name);
  if (found === undefined && service !== undefined) {
    throw new CliError(
      [
        diagnostic({
          code: "BF1238",
          message: `"${name}" is a service (export ${service.exportName} of ${relative(root, service.file)}); services run only on ECS`,
          hint: `deploy it with batchflow deploy ${name}; to try its container here, run its command yourself (batchflow run runs workflows)`,
          service: name,
          location: service.service.toNode().site?.location,
        }),
      ],
      exitCode.usage,
    );
  }
  const scheduled = loaded.tasks.find((t) => t.task.name === name);
  if (found === undefined && scheduled !== undefined) {
    throw new CliError(
      [
        diagnostic({
          code: "BF1335",
          message: `"${name}" is a scheduled task (export ${scheduled.exportName} of ${relative(root, scheduled.file)}); EventBridge runs it on ECS, with no state machine to run here`,
          hint: `deploy it with batchflow deploy ${name}; to run its command here with batchflow run, write it as a workflow of one job: workflow("${name}", { schedule }, job("${name}", { task, command }))`,
          task: name,
          location: scheduled.task.toNode().site?.location,
        }),
      ],
      exitCode.usage,
    );
  }
  if (found === undefined) throw unknownWorkflow(name, loaded.workflows, root);

  const result = tryCompile(found.workflow, { config });
  const diagnostics = load.original(result.diagnostics);
  if (!result.compiled || hasErrors(diagnostics)) throw new CliError(diagnostics, exitCode.usage);
  if (diagnostics.length > 0) term.err(formatDiagnostics(diagnostics, diagnosticStyle(term)));
  return { workflow: found.workflow, compiled: result.compiled, config };
}

function unknownWorkflow(name: string, workflows: ReadonlyArray<FoundWorkflow>, root: string): CliError {
  const names = workflows.map((w) => w.workflow.name).sort();
  const near = workflows.find(
    (w) => w.exportName === name || basename(w.file).replace(/\.[cm]?[jt]s$/, "") === name,
  );
  const spelt = near === undefined ? nearest(name, names) : undefined;
  const hint =
    near !== undefined
      ? `did you mean ${near.workflow.name}? (export ${near.exportName} of ${relative(root, near.file)}); batchflow run takes the workflow's name`
      : spelt !== undefined
        ? `did you mean batchflow run ${spelt}?`
        : names.length > 0
          ? `run one of them: batchflow run ${names[0]}`
          : "export a workflow from a file under workflows/";
  return new CliError(
    [
      diagnostic({
        code: "BF1501",
        message: `no workflow named "${name}" in this project; its workflows: ${names.join(", ") || "none"}`,
        hint,
      }),
    ],
    exitCode.usage,
  );
}
