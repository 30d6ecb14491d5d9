import type { GraphEdge } from "./graph-model.js";

/**
 * Each node's depth: the most edges on a path from a node without predecessors (edges between
 * nodes only; the job graph has no cycles). What Graphviz ranks by, known before it lays anything out.
 */
export function nodeDepths(
  nodeIds: ReadonlyArray<string>,
  edges: ReadonlyArray<GraphEdge>,
): Map<string, number> {
  const known = new Set(nodeIds);
  const successors = new Map<string, string[]>();
  const indegree = new Map<string, number>(nodeIds.map((id) => [id, 0]));
  for (const e of edges) {
    if (!known.has(e.from) || !known.has(e.to)) continue;
    successors.set(e.from, [...(successors.get(e.from) ?? []), e.to]);
    indegree.set(e.to, (indegree.get(e.to) ?? 0) + 1);
  }
  const depth = new Map<string, number>();
  const ready = nodeIds.filter((id) => indegree.get(id) === 0);
  for (const id of ready) depth.set(id, 0);
  for (let i = 0; i < ready.length; i++) {
    const id = ready[i] as string;
    for (const next of successors.get(id) ?? []) {
      depth.set(next, Math.max(depth.get(next) ?? 0, (depth.get(id) ?? 0) + 1));
      const left = (indegree.get(next) ?? 0) - 1;
      indegree.set(next, left);
      if (left === 0) ready.push(next);
    }
  }
  return depth;
}
