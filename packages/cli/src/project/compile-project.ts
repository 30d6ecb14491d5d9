import { resolve } from "node:path";
import {
  type CompiledService,
  type CompiledTask,
  type CompiledWorkflow,
  tryCompile,
  tryCompileService,
  tryCompileTask,
} from "@batchflow/aws";
import { type BatchflowConfigInput, type Diagnostic, diagnostic, formatDiagnostics } from "@batchflow/core";
import { CliError } from "../cli-error.js";
import { findWorkflowFiles } from "../load/find-workflow-files.js";
import { loadConfig } from "../load/load-config.js";
import { loadWorkflows } from "../load/load-workflows.js";
import { createModuleLoader, type ModuleLoader } from "../load/module-loader.js";
import { checkOutDir } from "../output/output-paths.js";
import { colors, diagnosticStyle, type Terminal } from "../terminal.js";

export const defaultOutDir = "dist/batchflow";

export interface CompileProjectOptions {
  /** Workflow files, relative to the root; empty: those the config's globs match. */
  readonly files?: ReadonlyArray<string> | undefined;
  /** Output directory; default: the config's `out`, else `dist/batchflow`. */
  readonly out?: string | undefined;
}

/** A project's config and every workflow compiled in memory (nothing written yet). */
export interface CompiledProject {
  readonly root: string;
  readonly config: BatchflowConfigInput;
  readonly outDir: string;
  /** Files were named on the command line (so stale output is not pruned). */
  readonly explicit: boolean;
  readonly compiled: ReadonlyArray<CompiledWorkflow>;
  /** The services the workflow files export, compiled; each is a folder of the output too. */
  readonly services: ReadonlyArray<CompiledService>;
  /** The scheduled tasks the workflow files export, compiled; each is a folder of the output too. */
  readonly tasks: ReadonlyArray<CompiledTask>;
  readonly diagnostics: ReadonlyArray<Diagnostic>;
  readonly load: ModuleLoader;
}

/** Loads `batchflow.config.*` and the workflow files of `root` and compiles every workflow and service. */
export async function compileProject(
  root: string,
  options: CompileProjectOptions = {},
): Promise<CompiledProject> {
  const load = createModuleLoader(root);
  const { config } = await loadConfig(root, load);
  const explicit = (options.files?.length ?? 0) > 0;
  const files = explicit
    ? (options.files ?? []).map((f) => resolve(root, f))
    : await findWorkflowFiles(root, config.workflows);
  if (files.length === 0) {
    throw CliError.usage(
      `no workflow files found under ${root}`,
      'put workflows in workflows/*.ts, set workflows: ["..."] in batchflow.config.ts, or name files: batchflow compile path/to/file.ts',
    );
  }
  const outDir = resolve(root, options.out ?? config.out ?? defaultOutDir);
  checkOutDir(root, outDir);

  const loaded = await loadWorkflows(files, root, load);
  const diagnostics: Diagnostic[] = [...loaded.diagnostics];
  const compiled: CompiledWorkflow[] = [];
  for (const { workflow } of loaded.workflows) {
    const result = tryCompile(workflow, { config });
    diagnostics.push(...result.diagnostics);
    if (result.compiled) compiled.push(result.compiled);
  }
  const services: CompiledService[] = [];
  for (const { service } of loaded.services) {
    const result = tryCompileService(service, { config });
    diagnostics.push(...result.diagnostics);
    if (result.compiled) services.push(result.compiled);
  }
  const tasks: CompiledTask[] = [];
  for (const { task } of loaded.tasks) {
    const result = tryCompileTask(task, { config });
    diagnostics.push(...result.diagnostics);
    if (result.compiled) tasks.push(result.compiled);
  }
  diagnostics.push(...machineNameClashes(compiled));
  return { root, config, outDir, explicit, compiled, services, tasks, diagnostics, load };
}

/**
 * A workflow with locks gets a second state machine, `<workflow>-locks`, one with notifications a
 * third, `<workflow>-notify` (and a rule and role of that name): another workflow of such a name
 * would be the same state machine.
 */
function machineNameClashes(compiled: ReadonlyArray<CompiledWorkflow>): Diagnostic[] {
  const names = new Set(compiled.map((c) => c.name));
  return compiled.flatMap((c) =>
    [
      ["lock machine", c.manifest.lockMachine?.name, "locks", "<workflow>-locks"],
      ["notify machine", c.manifest.notifyMachine?.name, "notifications", "<workflow>-notify"],
    ].flatMap(([what, machine, feature, pattern]) =>
      machine !== undefined && names.has(machine)
        ? [
            diagnostic({
              code: "BF1419",
              message: `workflow "${machine}" has the name of the ${what} of workflow "${c.name}"`,
              hint: `a workflow with ${feature} gets a second state machine named ${pattern}; rename workflow "${machine}"`,
              workflow: machine,
            }),
          ]
        : [],
    ),
  );
}

/**
 * Prints the compile's problems; returns true when there were errors (then nothing may be written
 * or deployed, and `outcome` says so: "nothing was written").
 */
export function reportCompileProblems(project: CompiledProject, term: Terminal, outcome: string): boolean {
  const { diagnostics, load } = project;
  const errors = diagnostics.filter((d) => d.severity === "error");
  if (diagnostics.length > 0) term.err(formatDiagnostics(load.original(diagnostics), diagnosticStyle(term)));
  if (errors.length > 0) {
    term.err(
      colors(term).red(`\n${errors.length} problem${errors.length === 1 ? "" : "s"} found; ${outcome}.`),
    );
  }
  return errors.length > 0;
}
