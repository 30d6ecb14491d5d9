import type { DiagnosticSink } from "../diagnostics/diagnostic-sink.js";
import type { FlowNode, JobNode, MapNode } from "../ir/flow-node.js";
import { childrenOf, endsBefore, type Step, someNode } from "./check-dependencies.js";

interface Placed<N> {
  readonly node: N;
  readonly path: ReadonlyArray<Step>;
}

/**
 * A map over a job's output reads `$.batchflowOutput.<job>` from its own input, so the job must
 * have ended before the map starts (an earlier step of a sequence holding both) and its result
 * must reach the map: nothing between them may drop the payload (a group, a lock, a finally or a
 * dag lowers to a Parallel state, whose output batchflow discards; a catch goes on without the
 * result), and the map may not sit in another map that started after the job (an iteration gets
 * only its item and the execution input). Reported as BF1254.
 */
export function checkMapItems(body: FlowNode, sink: DiagnosticSink): void {
  if (!someNode(body, (node) => node.kind === "map" && node.items.kind === "job-output")) return;
  const jobs = new Map<string, Placed<JobNode>>();
  const maps: Array<Placed<MapNode>> = [];
  const place = (node: FlowNode, path: ReadonlyArray<Step>): void => {
    if (node.kind === "job" && !jobs.has(node.name)) jobs.set(node.name, { node, path });
    if (node.kind === "map" && node.items.kind === "job-output") maps.push({ node, path });
    childrenOf(node).forEach((child, slot) => {
      place(child, [...path, { group: node, role: "child", slot }]);
    });
    node.catch.forEach((c, slot) => {
      place(c.handler, [...path, { group: node, role: "handler", slot }]);
    });
  };
  place(body, []);
  for (const map of maps) {
    const items = map.node.items;
    if (items.kind !== "job-output") continue;
    const job = jobs.get(items.job);
    const problem =
      job === undefined
        ? `iterates over job "${items.job}"'s output, but that job is not in this workflow`
        : !endsBefore(job.path, map.path)
          ? `iterates over job "${items.job}"'s output, but ${items.job} does not always end before the map starts`
          : dropsResult(job, map);
    if (problem === undefined) continue;
    sink.report({
      code: "BF1254",
      message: `map() ${problem}`,
      hint: `run the job right before the map in one sequence: ${items.job}.then(map(${items.job}, ...)), with no group, lock, finally or catch around the job alone`,
      job: items.job,
      site: map.node.site,
    });
  }
}

function dropsResult(job: Placed<JobNode>, map: Placed<MapNode>): string | undefined {
  let k = 0;
  while (k < job.path.length && k < map.path.length && job.path[k]!.group === map.path[k]!.group) {
    if (job.path[k]!.slot !== map.path[k]!.slot || job.path[k]!.role !== map.path[k]!.role) break;
    k++;
  }
  // Below the sequence that holds both, every group around the job must pass its payload on.
  const around = job.path.slice(k + 1).map((s) => s.group);
  const dropping = around.find((g) => g.kind !== "sequence" || g.catch.length > 0 || g.timeout !== undefined);
  if (dropping !== undefined)
    return `reads job "${job.node.name}"'s output, which a ${dropping.kind === "sequence" ? "group with a catch or timeout" : dropping.kind} around the job discards`;
  const { node } = job;
  if (node.options.lock !== undefined || node.catch.some((c) => c.rethrow !== true || c.finally === true))
    return `reads job "${node.name}"'s output, which the job's ${node.options.lock !== undefined ? "lock" : "catch or finally"} does not pass on`;
  if (map.path.slice(k + 1).some((s) => s.group.kind === "map"))
    return `reads job "${node.name}"'s output from inside another map(), whose iterations get only their item and the execution input`;
  return undefined;
}
