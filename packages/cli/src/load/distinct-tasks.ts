import { relative } from "node:path";
import { type Diagnostic, diagnostic, type Task } from "@batchflow/core";

export interface FoundTask {
  readonly task: Task;
  readonly file: string;
  readonly exportName: string;
}

/** Something exported under a name: a workflow, a service or a task. */
interface Named {
  readonly file: string;
  readonly exportName: string;
}

/**
 * Tasks whose names are free: a task and a workflow or service of one name (or two tasks) would
 * write one output folder and share the rule, task definition family and roles the name gives
 * (BF1249).
 */
export function distinctTasks(
  tasks: ReadonlyArray<FoundTask>,
  taken: ReadonlyMap<string, Named & { readonly what: string }>,
  root: string,
  diagnostics: Diagnostic[],
): FoundTask[] {
  const byName = new Map<string, FoundTask>();
  for (const t of tasks) {
    const name = t.task.name;
    const other = taken.get(name);
    const earlier = other ?? byName.get(name);
    if (earlier === undefined) {
      byName.set(name, t);
      continue;
    }
    diagnostics.push(
      diagnostic({
        code: "BF1249",
        message: `a ${other?.what ?? "task"} and a task are both named "${name}": export ${earlier.exportName} of ${relative(root, earlier.file)} and export ${t.exportName} of ${relative(root, t.file)}`,
        hint: "a name is one folder of dist/batchflow, one rule, one task definition family and one set of roles; rename one of them",
        task: name,
        location: t.task.toNode().site?.location,
      }),
    );
  }
  return [...byName.values()];
}
