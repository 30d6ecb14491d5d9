import type { DiagnosticSink } from "../diagnostics/diagnostic-sink.js";
import {
  assertNever,
  type CatchPolicyNode,
  type DagNode,
  type FlowNode,
  type JobNode,
} from "../ir/flow-node.js";
import type { SourceLocation } from "../source/source-location.js";

/** One step down the flow tree: into `group`'s child (step, branch, dag job or map body) or catch handler number `slot`. */
export interface Step {
  readonly group: FlowNode;
  readonly role: "child" | "handler";
  readonly slot: number;
}

interface Placed {
  readonly job: JobNode;
  /** From the workflow body down to the job. */
  readonly path: ReadonlyArray<Step>;
}

/**
 * Checks every `after:` entry that a dag does not order itself: one naming a job outside the
 * job's own dag, or on a job that is in no dag. The named job must be in the workflow (BF1215)
 * and must always have ended before this one starts (BF1216): it sits in an earlier step of a
 * sequence that holds both, outside any catch handler of that step. Entries between jobs of one
 * dag become its edges and are checked for cycles there.
 */
export function checkDependencies(body: FlowNode, sink: DiagnosticSink): void {
  // Most workflows have no after: entry; a walk that builds no paths finds that out.
  if (!someNode(body, (node) => node.kind === "job" && node.after.length > 0)) return;
  const placed: Placed[] = [];
  place(body, [], placed);
  const byName = new Map<string, Placed>();
  for (const p of placed) if (!byName.has(p.job.name)) byName.set(p.job.name, p);
  const members = new Map<DagNode, Set<string>>();
  const memberNames = (node: DagNode): Set<string> => {
    let names = members.get(node);
    if (names === undefined) {
      names = new Set(node.jobs.map((j) => j.name));
      members.set(node, names);
    }
    return names;
  };

  for (const dependent of placed) {
    const dag = ownDag(dependent);
    for (const ref of dependent.job.after) {
      if (dag && memberNames(dag).has(ref.name)) continue;
      const dependency = byName.get(ref.name);
      const where = { job: dependent.job.name, site: dependent.job.site };
      if (dependency === undefined) {
        sink.report({
          code: "BF1215",
          message: `runs after "${ref.name}", which is not in this workflow${definedAt(ref.site?.location, dependent)}`,
          hint: dag
            ? `add ${ref.name} to the dag(...) that holds ${dependent.job.name}, or take it out of the after: list`
            : `put ${ref.name} and ${dependent.job.name} in one dag(...), or take ${ref.name} out of the after: list`,
          ...where,
        });
      } else if (ref.name === dependent.job.name) {
        sink.report({
          code: "BF1214",
          message: `job "${ref.name}" runs after itself: ${ref.name} → ${ref.name}`,
          hint: `remove "${ref.name}" from its own after: list`,
          ...where,
        });
      } else if (!endsBefore(dependency.path, dependent.path)) {
        sink.report({
          code: "BF1216",
          message: `runs after "${ref.name}", but ${ref.name} is not in ${dag ? "its dag()" : "a dag() with it"} and does not always end before it starts`,
          hint: `put ${ref.name} and ${dependent.job.name} in one dag(...), or move ${ref.name} before the group that holds ${dependent.job.name} (${ref.name}.then(...))`,
          ...where,
        });
      }
    }
  }
}

function place(node: FlowNode, path: ReadonlyArray<Step>, out: Placed[]): void {
  const children: ReadonlyArray<FlowNode> = childrenOf(node);
  if (node.kind === "job") out.push({ job: node, path });
  children.forEach((child, slot) => {
    place(child, [...path, { group: node, role: "child", slot }], out);
  });
  node.catch.forEach((c, slot) => {
    place(c.handler, [...path, { group: node, role: "handler", slot }], out);
  });
}

/** Whether `test` holds for a node of the flow, its catch handlers' included. */
export function someNode(node: FlowNode, test: (node: FlowNode) => boolean): boolean {
  if (test(node)) return true;
  const children = childrenOf(node);
  for (let i = 0; i < children.length; i++) if (someNode(children[i] as FlowNode, test)) return true;
  for (let i = 0; i < node.catch.length; i++)
    if (someNode((node.catch[i] as CatchPolicyNode).handler, test)) return true;
  return false;
}

const noChildren: ReadonlyArray<FlowNode> = Object.freeze([]);

export function childrenOf(node: FlowNode): ReadonlyArray<FlowNode> {
  switch (node.kind) {
    case "job":
      return noChildren;
    case "sequence":
      return node.steps;
    case "parallel":
      return node.branches;
    case "dag":
      return node.jobs;
    case "map":
      return [node.body];
    default:
      return assertNever(node);
  }
}

/** The dag the job is a member of (not one it sits in a catch handler inside of). */
function ownDag(p: Placed): DagNode | undefined {
  const last = p.path.at(-1);
  return last?.group.kind === "dag" && last.role === "child" ? last.group : undefined;
}

/**
 * Where the two paths part, they are in one group; the dependency has always ended first only when
 * that group is a sequence, its step comes first, and it is on that step's main path (a job in a
 * catch handler runs only when something failed).
 */
export function endsBefore(dependency: ReadonlyArray<Step>, dependent: ReadonlyArray<Step>): boolean {
  let k = 0;
  while (k < dependency.length && k < dependent.length && sameStep(dependency[k]!, dependent[k]!)) k++;
  const a = dependency[k];
  const b = dependent[k];
  if (a === undefined || b === undefined) return false;
  return (
    a.group.kind === "sequence" &&
    a.role === "child" &&
    b.role === "child" &&
    a.slot < b.slot &&
    dependency.slice(k + 1).every((step) => step.role === "child")
  );
}

function sameStep(a: Step, b: Step): boolean {
  return a.group === b.group && a.role === b.role && a.slot === b.slot;
}

function definedAt(location: SourceLocation | undefined, dependent: Placed): string {
  if (location === undefined) return "";
  const here = dependent.job.site?.location;
  return ` (it is defined at ${here?.file === location.file ? `line ${location.line}` : `${location.file}:${location.line}`})`;
}
