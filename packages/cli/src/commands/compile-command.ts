import { relative, resolve } from "node:path";
import { type CompiledWorkflow, tryCompile } from "@batchflow/aws";
import { type Diagnostic, formatDiagnostics } from "@batchflow/core";
import { CliError, exitCode } from "../cli-error.js";
import { findWorkflowFiles } from "../load/find-workflow-files.js";
import { loadConfig } from "../load/load-config.js";
import { loadWorkflows } from "../load/load-workflows.js";
import { createModuleLoader } from "../load/module-loader.js";
import { checkBundle } from "../output/check-bundle.js";
import { writeBundle } from "../output/write-bundle.js";
import { colors, diagnosticStyle, type Terminal } from "../terminal.js";

export interface CompileArgs {
  readonly files: ReadonlyArray<string>;
  readonly out?: string | undefined;
  readonly check: boolean;
}

export const defaultOutDir = "dist/batchflow";

/** `batchflow compile`: every workflow to its files, all written or none. */
export async function compileCommand(args: CompileArgs, term: Terminal): Promise<number> {
  const started = performance.now();
  const root = term.cwd;
  const load = createModuleLoader(root);
  const { config } = await loadConfig(root, load);
  const explicit = args.files.length > 0;
  const files = explicit
    ? args.files.map((f) => resolve(root, f))
    : await findWorkflowFiles(root, config.workflows);
  if (files.length === 0) {
    throw CliError.usage(
      `no workflow files found under ${root}`,
      'put workflows in workflows/*.ts, set workflows: ["..."] in batchflow.config.ts, or name files: batchflow compile path/to/file.ts',
    );
  }
  const outDir = resolve(root, args.out ?? config.out ?? defaultOutDir);

  const loaded = await loadWorkflows(files, root, load);
  const diagnostics: Diagnostic[] = [...loaded.diagnostics];
  const compiled: CompiledWorkflow[] = [];
  for (const { workflow } of loaded.workflows) {
    const result = tryCompile(workflow, { config });
    diagnostics.push(...result.diagnostics);
    if (result.compiled) compiled.push(result.compiled);
  }
  const errors = diagnostics.filter((d) => d.severity === "error");
  if (diagnostics.length > 0) term.err(formatDiagnostics(load.original(diagnostics), diagnosticStyle(term)));
  if (errors.length > 0) {
    term.err(
      colors(term).red(
        `\n${errors.length} problem${errors.length === 1 ? "" : "s"} found; nothing was written.`,
      ),
    );
    return exitCode.failed;
  }

  const fromRoot = relative(root, outDir);
  const shownOut = fromRoot === "" ? "." : fromRoot.startsWith("..") ? outDir : fromRoot;
  if (args.check) {
    const stale = await checkBundle(outDir, compiled, !explicit);
    if (stale.length === 0) {
      term.out(
        `${plural(compiled.length, "workflow")} in ${shownOut} ${compiled.length === 1 ? "is" : "are"} up to date.`,
      );
      return exitCode.ok;
    }
    term.err(`${shownOut} is stale; run batchflow compile and commit the result:`);
    for (const f of stale) term.err(`  ${f.reason.padEnd(7)} ${shownOut}/${f.path}`);
    return exitCode.failed;
  }

  const pruned = await writeBundle(outDir, compiled, { prune: !explicit });
  report(compiled, pruned, shownOut, performance.now() - started, term);
  return exitCode.ok;
}

function report(
  compiled: ReadonlyArray<CompiledWorkflow>,
  pruned: ReadonlyArray<string>,
  out: string,
  ms: number,
  term: Terminal,
): void {
  const c = colors(term);
  for (const w of compiled) {
    const jobs = w.manifest.taskDefinitions.reduce((n, t) => n + t.jobs.length, 0);
    const schedule = w.manifest.schedule
      ? `${w.manifest.schedule.type} ${w.manifest.schedule.expression}${w.manifest.schedule.timezone ? ` ${w.manifest.schedule.timezone}` : ""}`
      : "no schedule";
    term.out(`${c.green("✓")} ${c.bold(w.name)}  ${jobs} job${jobs === 1 ? "" : "s"}, ${schedule}`);
    for (const f of w.files) {
      term.out(`    ${c.dim(`${out}/${w.name}/`)}${f.path}  ${c.dim(size(f.contents))}`);
    }
  }
  for (const name of pruned) term.out(`${c.yellow("-")} ${name}  removed (no longer defined)`);
  term.out(
    `${compiled.length} workflow${compiled.length === 1 ? "" : "s"} compiled to ${out} in ${Math.round(ms)} ms`,
  );
}

function size(text: string): string {
  const bytes = Buffer.byteLength(text);
  return bytes < 1024 ? `${bytes} B` : `${(bytes / 1024).toFixed(1)} KiB`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}
