import { existsSync, statSync } from "node:fs";
import { relative } from "node:path";
import {
  type Diagnostic,
  diagnostic,
  isBatchflowError,
  isService,
  isTask,
  isWorkflow,
  type Service,
  type Workflow,
} from "@batchflow/core";
import { CliError, exitCode } from "../cli-error.js";
import { distinctTasks, type FoundTask } from "./distinct-tasks.js";
import { isAbandonedLoad } from "./load-guard.js";
import { missingImport } from "./missing-import.js";
import type { ModuleLoader } from "./module-loader.js";
import { sourceLocation } from "./source-map-remapper.js";
import { userErrorLocation } from "./user-error-location.js";

export interface FoundWorkflow {
  readonly workflow: Workflow;
  readonly file: string;
  /** The export that holds it: `default` or its name. */
  readonly exportName: string;
}

export interface FoundService {
  readonly service: Service;
  readonly file: string;
  readonly exportName: string;
}

export interface LoadResult {
  readonly workflows: ReadonlyArray<FoundWorkflow>;
  /** `service(...)`s exported beside the workflows. */
  readonly services: ReadonlyArray<FoundService>;
  /** `task(...)`s exported beside the workflows. */
  readonly tasks: ReadonlyArray<FoundTask>;
  readonly diagnostics: ReadonlyArray<Diagnostic>;
}

/**
 * Loads every file and collects the workflows and services each exports, reporting every problem
 * at once.
 */
export async function loadWorkflows(
  files: ReadonlyArray<string>,
  root: string,
  load: ModuleLoader,
): Promise<LoadResult> {
  const diagnostics: Diagnostic[] = [];
  const workflows: FoundWorkflow[] = [];
  const services: FoundService[] = [];
  const tasks: FoundTask[] = [];
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
    if (statSync(file).isDirectory()) {
      diagnostics.push(
        diagnostic({
          code: "BF1405",
          message: `${shown} is a directory, not a workflow file`,
          hint: `name its files (batchflow compile ${shown}/*.ts), or leave the files out to compile the config's workflows globs`,
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
      diagnostics.push(
        ...((await importFailure(error, file, shown, userFiles, load)) ??
          loadFailure(error, shown, userFiles)),
      );
      continue;
    }
    const found = Object.entries(mod)
      .filter(([, value]) => isWorkflow(value))
      .map(([exportName, value]) => ({ workflow: value as Workflow, file, exportName }));
    // The same workflow exported twice (`export default hourly` beside `export const hourly`) is one workflow.
    const distinct = found.filter((f, i) => found.findIndex((g) => g.workflow === f.workflow) === i);
    const foundServices = Object.entries(mod)
      .filter(([, value]) => isService(value))
      .map(([exportName, value]) => ({ service: value as Service, file, exportName }));
    const distinctServices = foundServices.filter(
      (f, i) => foundServices.findIndex((g) => g.service === f.service) === i,
    );
    const foundTasks = Object.entries(mod)
      .filter(([, value]) => isTask(value))
      .map(([exportName, value]) => ({ task: value as FoundTask["task"], file, exportName }));
    const distinctFoundTasks = foundTasks.filter(
      (f, i) => foundTasks.findIndex((g) => g.task === f.task) === i,
    );
    if (distinct.length === 0 && distinctServices.length === 0 && distinctFoundTasks.length === 0) {
      diagnostics.push(
        diagnostic({
          code: "BF1401",
          message: `${shown} exports no workflow`,
          hint: 'export each workflow: export const nightly = workflow("nightly", { ... }, job("first")); a module of shared helpers belongs outside workflows/ (lib/, say), or narrow the config\'s workflows globs',
          location: { file, line: 1, column: 1 },
        }),
      );
    }
    workflows.push(...distinct);
    services.push(...distinctServices);
    tasks.push(...distinctFoundTasks);
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
  const keptServices = distinctNames(services, byName, root, diagnostics);
  const taken = new Map<string, { file: string; exportName: string; what: string }>([
    ...[...byName].map(([name, w]): [string, { file: string; exportName: string; what: string }] => [
      name,
      { file: w.file, exportName: w.exportName, what: "workflow" },
    ]),
    ...keptServices.map((s): [string, { file: string; exportName: string; what: string }] => [
      s.service.name,
      { file: s.file, exportName: s.exportName, what: "service" },
    ]),
  ]);
  return {
    workflows: [...byName.values()],
    services: keptServices,
    tasks: distinctTasks(tasks, taken, root, diagnostics),
    diagnostics,
  };
}

/**
 * Services whose names are free: a service and a workflow of one name (or two services) would
 * write one output folder and share the task definition family, log group and roles the name
 * gives (BF1237).
 */
function distinctNames(
  services: ReadonlyArray<FoundService>,
  workflows: ReadonlyMap<string, FoundWorkflow>,
  root: string,
  diagnostics: Diagnostic[],
): FoundService[] {
  const byName = new Map<string, FoundService>();
  for (const s of services) {
    const name = s.service.name;
    const earlier = workflows.get(name) ?? byName.get(name);
    if (earlier === undefined) {
      byName.set(name, s);
      continue;
    }
    const what = "workflow" in earlier ? "workflow" : "service";
    diagnostics.push(
      diagnostic({
        code: "BF1237",
        message: `a ${what} and a service are both named "${name}": export ${earlier.exportName} of ${relative(root, earlier.file)} and export ${s.exportName} of ${relative(root, s.file)}`,
        hint: "a name is one folder of dist/batchflow, one task definition family and one set of roles; rename one of them",
        service: name,
        location: s.service.toNode().site?.location,
      }),
    );
  }
  return [...byName.values()];
}

/**
 * A load that failed on a named import the module it names lacks, said as Node says it, at the
 * import; undefined for any other failure.
 */
async function importFailure(
  error: unknown,
  file: string,
  shown: string,
  userFiles: ReadonlySet<string>,
  load: ModuleLoader,
): Promise<Diagnostic[] | undefined> {
  if (
    !(error instanceof TypeError) ||
    !/of undefined|is not a function|is not a constructor/.test(error.message)
  ) {
    return undefined;
  }
  const at = userErrorLocation(error, userFiles);
  if (at === undefined || at.file !== file) return undefined;
  const [line] = load.original([diagnostic({ code: "BF1402", message: "", hint: "", location: at })]);
  const missing = await missingImport(file, line?.location?.line ?? at.line, (path) => load.load(path));
  if (missing === undefined) return undefined;
  return [
    diagnostic({
      code: "BF1402",
      message: `${shown} failed to load: SyntaxError: the module '${missing.from}' does not provide an export named '${missing.name}'`,
      hint: `export ${missing.name} from ${missing.from}, or import a name it exports`,
      location: sourceLocation(missing.location),
    }),
  ];
}

function loadFailure(error: unknown, shown: string, userFiles: ReadonlySet<string>): Diagnostic[] {
  if (isBatchflowError(error) && error.diagnostics.length > 0) return [...error.diagnostics];
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  // jiti reports Babel's parse error as an Error whose message starts "ParseError:".
  const parse = /^Error: ParseError: /.exec(message);
  return [
    diagnostic({
      code: "BF1402",
      message:
        `${shown} failed to load: ${parse ? `SyntaxError: ${message.slice(parse[0].length)}` : message}`
          .split("\n")[0]!
          .trim(),
      hint: parse
        ? "fix the syntax there (tsc --noEmit names every such error); batchflow runs each workflow file to find the workflows it exports"
        : "fix this error in the file; batchflow runs each workflow file to find the workflows it exports",
      location: userErrorLocation(error, userFiles),
    }),
  ];
}
