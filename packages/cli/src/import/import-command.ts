import { readFile, rename, rm } from "node:fs/promises";
import { basename, join, relative } from "node:path";
import { checkTimeZone, diagnostic } from "@batchflow/core";
import { cliCode } from "../cli-codes.js";
import { CliError, exitCode } from "../cli-error.js";
import { makeDirs, present, syncDir, writeDurable } from "../output/durable-fs.js";
import type { Terminal } from "../terminal.js";
import { type CrontabFormat, detectCrontabFormat, readCrontab } from "./crontab-lines.js";
import type { ImportArgs } from "./import-args.js";
import { type ImportPlan, planImport } from "./import-plan.js";
import { importReport } from "./import-report.js";
import { exportNameOf } from "./imported-names.js";
import { sourceProject, workflowSource } from "./workflow-source.js";

/** An image that says what to replace, in the form ECS takes. */
const placeholderImage = "000000000000.dkr.ecr.us-east-1.amazonaws.com/replace-me:latest";
export const reportFile = "crontab-import.md";

/** `batchflow import crontab FILE`: writes the workflow files and the report, or nothing. */
export async function importCommand(args: ImportArgs, term: Terminal): Promise<number> {
  if (args.timezone !== undefined) {
    const problem = checkTimeZone(args.timezone);
    if (problem)
      throw new CliError(
        [diagnostic({ code: cliCode.optionValue, message: `--tz: ${problem.message}`, hint: problem.hint })],
        exitCode.usage,
      );
  }
  let text: string;
  try {
    text = await readFile(args.file, "utf8");
  } catch (error) {
    throw new CliError([
      diagnostic({
        code: cliCode.importRead,
        message: `cannot read the crontab ${relative(term.cwd, args.file) || args.file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
        hint: "save it first: crontab -l > crontab.txt, then batchflow import crontab crontab.txt",
      }),
    ]);
  }
  const format = args.format ?? detectCrontabFormat(text);
  const plan = planImport(readCrontab(text, format), {
    group: args.group,
    ...(args.timezone === undefined ? {} : { timezone: args.timezone }),
  });
  const files = await importFiles(plan, args, format);
  const taken = [...files.keys()].filter((path) => present(path));
  if (taken.length > 0) {
    throw new CliError([
      diagnostic({
        code: cliCode.importExists,
        message: `${taken.map((p) => relative(term.cwd, p)).join(", ")} exist${taken.length === 1 ? "s" : ""} already; nothing was written`,
        hint: "move them away, or write somewhere else with --out DIR",
      }),
    ]);
  }
  await writeAll(args.out, files);
  term.out(
    importReport(plan, {
      format,
      source: relative(term.cwd, args.file),
      out: relative(term.cwd, args.out) || ".",
    }).summary,
  );
  return exitCode.ok;
}

/** Every file the import writes, by absolute path. */
async function importFiles(
  plan: ImportPlan,
  args: ImportArgs,
  format: CrontabFormat,
): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  if (plan.workflows.length > 0) {
    const project = await sourceProject();
    const exportNames = new Set<string>();
    for (const workflow of plan.workflows) {
      const source = workflowSource(project, workflow, exportNameOf(workflow.name, exportNames), {
        image: args.image ?? placeholderImage,
        imageGiven: args.image !== undefined,
      });
      files.set(join(args.out, `${workflow.name}.ts`), source);
    }
  }
  files.set(
    join(args.out, reportFile),
    importReport(plan, { format, source: basename(args.file), out: "." }).markdown,
  );
  return files;
}

/** Each file beside its final name first, then renamed: a killed import leaves no half-written file. */
async function writeAll(out: string, files: ReadonlyMap<string, string>): Promise<void> {
  await makeDirs(out);
  const staged: [string, string][] = [];
  try {
    for (const [path, contents] of files) {
      const temporary = `${path}.batchflow-${process.pid}.tmp`;
      await writeDurable(temporary, contents);
      staged.push([temporary, path]);
    }
    for (const [temporary, path] of staged) await rename(temporary, path);
  } finally {
    await Promise.all(staged.map(([temporary]) => rm(temporary, { force: true })));
  }
  await syncDir(out);
}
