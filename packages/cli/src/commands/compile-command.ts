import {
  bundleManifestFile,
  type CompiledService,
  type CompiledTask,
  type CompiledWorkflow,
  type ManifestSchedule,
} from "@batchflow/aws";
import { exitCode } from "../cli-error.js";
import { checkBundle } from "../output/check-bundle.js";
import { reportRecovered, shown, showRecovered } from "../output/show-recovered.js";
import { writeBundle } from "../output/write-bundle.js";
import { compileProject, reportCompileProblems } from "../project/compile-project.js";
import { colors, type Terminal } from "../terminal.js";

export interface CompileArgs {
  readonly files: ReadonlyArray<string>;
  readonly out?: string | undefined;
  readonly check: boolean;
}

export { defaultOutDir } from "../project/compile-project.js";

/** `batchflow compile`: every workflow to its files, all written or none. */
export async function compileCommand(args: CompileArgs, term: Terminal): Promise<number> {
  const started = performance.now();
  const root = term.cwd;
  const project = await compileProject(root, { files: args.files, out: args.out });
  if (reportCompileProblems(project, term, "nothing was written")) return exitCode.failed;
  const { compiled, services, tasks, outDir, explicit } = project;
  const outputs = [...compiled, ...services, ...tasks];

  const shownOut = shown(root, outDir);
  if (args.check) {
    const { stale, recovered } = await checkBundle(outDir, outputs, !explicit);
    if (stale.length === 0 && recovered.length === 0) {
      term.out(
        `${counted(compiled, services, tasks)} in ${shownOut} ${outputs.length === 1 ? "is" : "are"} up to date.`,
      );
      return exitCode.ok;
    }
    term.err(`${shownOut} is stale; run batchflow compile and commit the result:`);
    for (const r of recovered) term.err(`  ${"stale".padEnd(7)} ${showRecovered(r, root)}`);
    for (const f of stale) term.err(`  ${f.reason.padEnd(7)} ${shownOut}/${f.path}`);
    return exitCode.failed;
  }

  const { pruned, recovered } = await writeBundle(outDir, outputs, { prune: !explicit });
  reportRecovered(recovered, root, term);
  report(compiled, services, tasks, pruned, shownOut, performance.now() - started, term);
  return exitCode.ok;
}

function report(
  compiled: ReadonlyArray<CompiledWorkflow>,
  services: ReadonlyArray<CompiledService>,
  tasks: ReadonlyArray<CompiledTask>,
  pruned: ReadonlyArray<string>,
  out: string,
  ms: number,
  term: Terminal,
): void {
  const c = colors(term);
  for (const w of compiled) {
    const jobs = w.manifest.taskDefinitions.reduce((n, t) => n + t.jobs.length, 0);
    const several = w.manifest.schedules ?? [];
    const schedule =
      several.length > 1
        ? `${several.length} schedules`
        : w.manifest.schedule
          ? scheduleText(w.manifest.schedule)
          : "no schedule";
    term.out(`${c.green("✓")} ${c.bold(w.name)}  ${jobs} job${jobs === 1 ? "" : "s"}, ${schedule}`);
    // Several: one line each, with the name of its rule or Scheduler schedule.
    for (const s of several) term.out(`    ${s.name}  ${scheduleText(s)}`);
    for (const f of w.files) {
      term.out(`    ${c.dim(`${out}/${w.name}/`)}${f.path}  ${c.dim(size(f.contents))}`);
    }
  }
  for (const s of services) {
    const { desiredCount, cluster, capacityProviderStrategy } = s.service;
    const spot = capacityProviderStrategy === undefined ? "" : ", on Fargate Spot";
    term.out(
      `${c.green("✓")} ${c.bold(s.name)}  service, ${plural(desiredCount, "task")} on cluster ${cluster}${spot}`,
    );
    for (const f of s.files)
      term.out(`    ${c.dim(`${out}/${s.name}/`)}${f.path}  ${c.dim(size(f.contents))}`);
  }
  for (const t of tasks) {
    const several = t.manifest.schedules;
    const schedule =
      several.length > 1 ? `${several.length} schedules` : scheduleText(several[0] as ManifestSchedule);
    term.out(
      `${c.green("✓")} ${c.bold(t.name)}  scheduled task, ${schedule}, on cluster ${t.manifest.cluster}`,
    );
    if (several.length > 1) for (const s of several) term.out(`    ${s.name}  ${scheduleText(s)}`);
    for (const f of t.files)
      term.out(`    ${c.dim(`${out}/${t.name}/`)}${f.path}  ${c.dim(size(f.contents))}`);
  }
  // What the whole output holds, after everything in it.
  term.out(
    `${c.dim(`${out}/`)}${bundleManifestFile}  ${c.dim("every workflow of the bundle, with its manifest's sha256")}`,
  );
  for (const name of pruned) term.out(`${c.yellow("-")} ${name}  removed (no longer defined)`);
  term.out(`${counted(compiled, services, tasks)} compiled to ${out} in ${Math.round(ms)} ms`);
}

function scheduleText(s: ManifestSchedule): string {
  return `${s.type} ${s.expression}${s.timezone ? ` ${s.timezone}` : ""}`;
}

function size(text: string): string {
  const bytes = Buffer.byteLength(text);
  return bytes < 1024 ? `${bytes} B` : `${(bytes / 1024).toFixed(1)} KiB`;
}

/** `2 workflows`, or with services and tasks `2 workflows, 1 service and 1 scheduled task`. */
function counted(
  compiled: ReadonlyArray<unknown>,
  services: ReadonlyArray<unknown>,
  tasks: ReadonlyArray<unknown> = [],
): string {
  const parts = [
    plural(compiled.length, "workflow"),
    ...(services.length === 0 ? [] : [plural(services.length, "service")]),
    ...(tasks.length === 0 ? [] : [plural(tasks.length, "scheduled task")]),
  ];
  return parts.length === 1 ? (parts[0] as string) : `${parts.slice(0, -1).join(", ")} and ${parts.at(-1)}`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}
