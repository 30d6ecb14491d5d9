import type { Project } from "ts-morph";
import type { ImportedJob, ImportedWorkflow } from "./import-plan.js";
import { type Code, code, print } from "./source-printer.js";

/** A ts-morph project to write sources in; ts-morph brings the TypeScript compiler, so it loads on demand. */
export async function sourceProject(): Promise<Project> {
  const { Project } = await import("ts-morph");
  return new Project({ useInMemoryFileSystem: true });
}

export interface SourceOptions {
  /** The container image every imported job runs in. */
  readonly image: string;
  /** Whether `--image` named it, or the placeholder stands in. */
  readonly imageGiven: boolean;
}

/**
 * The TypeScript file of one imported workflow: the crontab lines it came from as comments, one
 * `fargate()` for the image, and the workflow, exported under a camel-case name.
 */
export function workflowSource(
  project: Project,
  workflow: ImportedWorkflow,
  exportName: string,
  options: SourceOptions,
): string {
  const file = project.createSourceFile(`${workflow.name}.ts`, "", { overwrite: true });
  const named = ["cron", "fargate", "job", ...(workflow.jobs.length > 1 ? ["parallel"] : []), "workflow"];
  file.addImportDeclaration({ moduleSpecifier: "@batchflow/batchflow", namedImports: named });
  const task = code.call("fargate", code.object([["image", code.string(options.image)]]));
  const body =
    workflow.jobs.length === 1
      ? jobCall(workflow.jobs[0] as ImportedJob)
      : code.call("parallel", ...workflow.jobs.map(jobCall));
  const call = code.call(
    "workflow",
    code.string(workflow.name),
    code.object([
      ["description", code.string(`Imported from crontab: ${workflow.schedule}`)],
      ["schedule", scheduleCall(workflow)],
      ...(workflow.lock
        ? ([
            [
              "lock",
              code.object([
                ["name", code.string(workflow.lock.name)],
                ["onBusy", code.string(workflow.lock.onBusy)],
              ]),
            ],
          ] as const)
        : []),
      ["defaults", code.object([["task", code.text("task")]])],
    ]),
    body,
  );
  const exported = `export const ${exportName} = `;
  file.addStatements([
    "// Imported by `batchflow import crontab` from:",
    ...workflow.jobs.map((j) => `//   line ${j.line.line}: ${j.line.text}`),
    ...(options.imageGiven
      ? []
      : ["// TODO: the image the commands run in (batchflow import crontab --image IMAGE)."]),
    `const task = ${print(task, "", 13, 1)};`,
    `${exported}${print(call, "", exported.length, 1)};`,
  ]);
  // A blank line after the imports and after the task, as a formatter leaves them.
  return `${file
    .getFullText()
    .trim()
    .replace(/^(import [\s\S]*?;)\n+/, "$1\n\n")
    .replace(/^(const task = [\s\S]*?;)\n+/m, "$1\n\n")}\n`;
}

function scheduleCall(workflow: ImportedWorkflow): Code {
  const calls = workflow.cronSchedules.map((schedule) => {
    const expression = code.string(schedule);
    return workflow.timezone === undefined
      ? code.call("cron", expression)
      : code.call("cron", expression, code.object([["timezone", code.string(workflow.timezone)]]));
  });
  return calls.length === 1 ? (calls[0] as Code) : code.list(calls);
}

function jobCall(job: ImportedJob): Code {
  const options: [string, Code][] = [
    [
      "command",
      typeof job.command === "string" ? code.string(job.command) : code.list(job.command.map(code.string)),
    ],
  ];
  const env = Object.entries(job.env);
  if (env.length > 0) options.push(["env", code.object(env.map(([k, v]) => [k, code.string(v)]))]);
  if (job.timeoutSeconds !== undefined) options.push(["timeout", code.string(duration(job.timeoutSeconds))]);
  if (job.lock) {
    const lock: [string, Code][] = [["name", code.string(job.lock.name)]];
    if (job.lock.onBusy === "skip") lock.push(["onBusy", code.string("skip")]);
    else if (job.lock.waitSeconds !== undefined)
      lock.push(["wait", code.string(duration(job.lock.waitSeconds))]);
    options.push(["lock", code.object(lock)]);
  }
  return code.call("job", code.string(job.name), code.object(options));
}

/** Seconds as users write them: 1800 → "30m", 90 → "90s". */
function duration(seconds: number): string {
  for (const [unit, size] of [
    ["d", 86_400],
    ["h", 3600],
    ["m", 60],
  ] as const) {
    if (seconds >= size && seconds % size === 0) return `${seconds / size}${unit}`;
  }
  return `${seconds}s`;
}
