import type { GraphEdgeKind, GraphNode, JobOutcomeStatus } from "./graph-model.js";

/** Fill and border of each outcome: the same in every format, and in the HTML page's legend. */
export const outcomeColors: Readonly<
  Record<JobOutcomeStatus, { readonly fill: string; readonly stroke: string }>
> = {
  succeeded: { fill: "#c6f6d5", stroke: "#2f855a" },
  failed: { fill: "#fed7d7", stroke: "#c53030" },
  retried: { fill: "#feebc8", stroke: "#c05621" },
  caught: { fill: "#fefcbf", stroke: "#b7791f" },
  skipped: { fill: "#edf2f7", stroke: "#a0aec0" },
};

/** What the legend says each outcome means. */
export const outcomeMeanings: Readonly<Record<JobOutcomeStatus, string>> = {
  succeeded: "succeeded at the first attempt",
  failed: "failed (its last attempt)",
  retried: "succeeded after a retry",
  caught: "failed, and a catch handled it",
  skipped: "did not run",
};

/** The colours of a node that shows no outcome. */
export function nodeColors(node: GraphNode): { readonly fill: string; readonly stroke: string } {
  if (node.outcome !== undefined) return outcomeColors[node.outcome.status];
  switch (node.kind) {
    case "start":
    case "end":
      return { fill: "#ebf8ff", stroke: "#2b6cb0" };
    case "failed":
      return { fill: "#fff5f5", stroke: "#c53030" };
    case "notify":
      return { fill: "#faf5ff", stroke: "#6b46c1" };
    case "machinery":
      return { fill: "#f7fafc", stroke: "#a0aec0" };
    case "join":
      return { fill: "#4a5568", stroke: "#4a5568" };
    default:
      return { fill: "#ffffff", stroke: "#4a5568" };
  }
}

/** The CSS-like class list of a node (SVG `class`, Mermaid `class`): kind, then outcome. */
export function nodeClasses(node: GraphNode): string[] {
  return node.outcome === undefined ? [node.kind] : [node.kind, node.outcome.status];
}

export const edgeColors: Readonly<Record<GraphEdgeKind, string>> = {
  next: "#4a5568",
  branch: "#a0aec0",
  catch: "#c05621",
  finally: "#2b6cb0",
  fail: "#c53030",
  notify: "#6b46c1",
};
