import { existsSync } from "node:fs";
import { relative } from "node:path";
import { type Diagnostic, diagnostic, isBatchflowError, isWorkflow, type Workflow } from "@batchflow/core";
import { CliError, exitCode } from "../cli-error.js";
import { isAbandonedLoad } from "./load-guard.js";
import type { ModuleLoader } from "./module-loader.js";
import { userErrorLocation } from "./user-error-location.js";

export interface FoundWorkflow {
  readonly workflow: Workflow;
  readonly file: string;
  /** The export that holds it: `default` or its name. */
  readonly exportName: string;
}

export interface LoadResult {
  readonly workflows: ReadonlyArray<FoundWorkflow>;
  readonly diagnostics: ReadonlyArray<Diagnostic>;
}

/** Loads every file and collects the workflows each exports, reporting every problem at once. */
export async function loadWorkflows(
  files: ReadonlyArray<string>,
  root: string,
  load: ModuleLoader,
): Promise<LoadResult> {
  const diagnostics: Diagnostic[] = [];
  const workflows: FoundWorkflow[] = [];
  const userFiles = new Set(files);
  for (const file of files) {
    const shown = relative(root, file);
    if (!existsSync(file)) {
      diagnostics.push(
        diagnostic({
          code: "BF1405",
          message: `${shown} does not exist`,
          hint: "check the path, relative to the current directory",
        }),
      );
      continue;
    }
    let mod: Record<string, unknown>;
    try {
      mod = await load.load(file);
    } catch (error) {
      // A file that exited or never finished loading stops the command: its code may still be
      // running, and batchflow must not go on to write or deploy beside it.
      if (isAbandonedLoad(error)) {
        throw new CliError(load.original([...diagnostics, ...error.diagnostics]), exitCode.failed);
      }
      diagnostics.push(...loadFailure(error, shown, userFiles));
      continue;
    }
    const found = Object.entries(mod)
      .filter(([, value]) => isWorkflow(value))
      .map(([exportName, value]) => ({ workflow: value as Workflow, file, exportName }));
    // The same workflow exported twice (`export default hourly` beside `export const hourly`) is one workflow.
    const distinct = found.filter((f, i) => found.findIndex((g) => g.workflow === f.workflow) === i);
    if (distinct.length === 0) {
      diagnostics.push(
        diagnostic({
          code: "BF1401",
          message: `${shown} exports no workflow`,
          hint: 'export each workflow: export const nightly = workflow("nightly", { ... }, job("first"))',
          location: { file, line: 1, column: 1 },
        }),
      );
    }
    workflows.push(...distinct);
  }
  const byName = new Map<string, FoundWorkflow>();
  for (const w of workflows) {
    const earlier = byName.get(w.workflow.name);
    if (earlier) {
      diagnostics.push(
        diagnostic({
          code: "BF1403",
          message: `two workflows are named "${w.workflow.name}": export ${earlier.exportName} of ${relative(root, earlier.file)} and export ${w.exportName} of ${relative(root, w.file)}`,
          hint: "workflow names are state machine names and must be unique in a project; rename one",
          workflow: w.workflow.name,
          location: w.workflow.toNode().site?.location,
        }),
      );
    } else {
      byName.set(w.workflow.name, w);
    }
  }
  return { workflows: [...byName.values()], diagnostics };
}

function loadFailure(error: unknown, shown: string, userFiles: ReadonlySet<string>): Diagnostic[] {
  if (isBatchflowError(error) && error.diagnostics.length > 0) return [...error.diagnostics];
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return [
    diagnostic({
      code: "BF1402",
      message: `${shown} failed to load: ${message.split("\n")[0]!.trim()}`,
      hint: "fix this error in the file; batchflow runs each workflow file to find the workflows it exports",
      location: userErrorLocation(error, userFiles),
    }),
  ];
}
