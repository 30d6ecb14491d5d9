import type { CrontabFormat } from "./crontab-lines.js";
import type { ImportFinding, ImportPlan } from "./import-plan.js";

export interface ReportContext {
  readonly format: CrontabFormat | undefined;
  readonly source: string;
  readonly out: string;
}

/** What an import did, for the terminal and as the report file it writes beside the workflows. */
export function importReport(
  plan: ImportPlan,
  context: ReportContext,
): { summary: string; markdown: string } {
  const converted = plan.workflows.reduce((n, w) => n + w.jobs.length, 0);
  const headline =
    `${plan.scheduleLines} schedule line${plural(plan.scheduleLines)} read from ${context.source}` +
    `${context.format ? ` (${context.format} crontab)` : ""}: ${converted} converted into ` +
    `${plan.workflows.length} workflow${plural(plan.workflows.length)}, ${plan.unconverted.length} not converted.`;
  const workflows = plan.workflows.map(
    (w) =>
      `${w.name}.ts: ${w.schedule} (${w.timezone ?? "UTC"}), ` +
      `job${plural(w.jobs.length)} ${w.jobs.map((j) => `${j.name} (line ${j.line.line})`).join(", ")}`,
  );
  // cron reads its times in the server's zone, which the crontab does not name.
  const readAsUtc = plan.workflows.some((w) => w.timezone === undefined)
    ? [
        "no CRON_TZ= line or --tz named the server's time zone, so the times are read as UTC; " +
          "if the server ran on local time, import again with --tz <zone> (e.g. --tz Asia/Tokyo)",
      ]
    : [];
  const list = (findings: ReadonlyArray<ImportFinding>) => findings.map((f) => `line ${f.line}: ${f.reason}`);
  const changes = [...readAsUtc, ...list(plan.notes)];
  const summary = [
    headline,
    ...indent(workflows.map((w) => `${context.out}/${w}`)),
    ...(plan.unconverted.length > 0
      ? ["Not converted (each is a // TODO in the report file):", ...indent(list(plan.unconverted))]
      : []),
    ...(changes.length > 0 ? ["Converted, with a change:", ...indent(changes)] : []),
    `Report: ${context.out}/crontab-import.md. Next: batchflow compile, then batchflow run <workflow>.`,
  ].join("\n");
  const markdown = [
    "# Crontab import",
    "",
    headline,
    "",
    "## Workflows",
    "",
    ...(workflows.length > 0 ? workflows.map((w) => `- ${w}`) : ["None."]),
    "",
    "## Not converted",
    "",
    ...(plan.unconverted.length > 0
      ? [
          "These lines are not in any workflow. Each needs a decision:",
          "",
          "```text",
          ...plan.unconverted.flatMap((f) => [`// TODO line ${f.line}: ${f.reason}`, `//   ${f.text}`]),
          "```",
        ]
      : ["None: every schedule line is in a workflow."]),
    "",
    "## Converted, with a change",
    "",
    ...(changes.length > 0 ? changes.map((n) => `- ${n}`) : ["None."]),
    "",
  ].join("\n");
  return { summary, markdown };
}

function plural(n: number): string {
  return n === 1 ? "" : "s";
}

function indent(lines: ReadonlyArray<string>): string[] {
  return lines.map((l) => `  ${l}`);
}
