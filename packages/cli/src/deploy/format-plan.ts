import type { AppliedChange, ChangeAction, Plan, PlannedChange, ResourceType } from "@batchflow/deploy";
import { colors, type Terminal } from "../terminal.js";

const typeNames: Readonly<Record<ResourceType, string>> = {
  "lock-table": "lock table",
  connection: "connection",
  role: "role",
  "task-definition": "task definition",
  service: "service",
  "state-machine": "state machine",
  "schedule-group": "schedule group",
  rule: "rule",
  schedule: "schedule",
};

const marks: Readonly<Record<ChangeAction, string>> = {
  create: "+",
  update: "~",
  unchanged: "=",
  delete: "-",
  conflict: "!",
};

export function describeResource(change: Pick<PlannedChange, "type" | "name">): string {
  return `${typeNames[change.type]} ${change.name}`;
}

/** The plan as lines: resources grouped by workflow, a diff under each update, then the totals. */
export function formatPlan(plan: Plan, term: Terminal): string[] {
  const c = colors(term);
  const paint: Readonly<Record<ChangeAction, (s: string) => string>> = {
    create: c.green,
    update: c.yellow,
    unchanged: c.dim,
    delete: c.red,
    conflict: (s) => c.bold(c.red(s)),
  };
  const env = plan.environment;
  const lines = [
    `${c.bold(`batchflow plan for project ${plan.project}`)}: account ${env.accountId}, ${env.region}${env.callerArn ? c.dim(` (as ${env.callerArn})`) : ""}`,
  ];
  // Lock tables belong to no workflow and no project: the account's workflows share them.
  const shared = "\0shared";
  const groups = new Map<string, PlannedChange[]>();
  for (const change of plan.changes) {
    const key = change.type === "lock-table" ? shared : (change.workflow ?? "");
    groups.set(key, [...(groups.get(key) ?? []), change]);
  }
  const width = Math.max(0, ...plan.changes.map((ch) => describeResource(ch).length));
  for (const [workflow, changes] of groups) {
    const title =
      workflow === shared
        ? `shared by every workflow in ${env.region}`
        : workflow === ""
          ? `project ${plan.project}`
          : workflow;
    lines.push("", c.bold(title));
    for (const change of changes) {
      const what = describeResource(change).padEnd(width);
      const label = change.action === "unchanged" ? "unchanged" : change.action;
      lines.push(paint[change.action](`  ${marks[change.action]} ${what}  ${label}: ${change.summary}`));
      if (change.refusal) lines.push(c.dim(`      ${change.refusal.code}: ${change.refusal.hint}`));
      if (change.diff) {
        for (const line of change.diff.split("\n")) {
          const colour = line.startsWith("+") ? c.green : line.startsWith("-") ? c.red : c.dim;
          lines.push(colour(`      ${line}`));
        }
      }
    }
  }
  const s = plan.summary;
  lines.push(
    "",
    `Plan: ${s.create} to create, ${s.update} to update, ${s.delete} to delete, ${s.unchanged} unchanged${s.conflict > 0 ? c.red(`, ${s.conflict} in conflict`) : ""}.`,
  );
  return lines;
}

export function formatApplied(change: AppliedChange, term: Terminal): string {
  const c = colors(term);
  return `  ${c.green("✓")} ${describeResource(change)}  ${change.detail}  ${c.dim(`(${Math.round(change.ms)} ms)`)}`;
}
