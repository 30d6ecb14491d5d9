import { escapeHtml } from "./escape-html.js";
import type { GraphCluster, GraphEdge, GraphNode, WorkflowGraph } from "./graph-model.js";
import { edgeColors, nodeClasses, nodeColors } from "./graph-style.js";

/**
 * Graphviz DOT of one workflow. Every node and edge carries an `id` and a `class`, which Graphviz
 * copies into the SVG: `job-<name>` for a job, classes such as `job failed`, `edge catch`.
 */
export function renderDot(graph: WorkflowGraph): string {
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const clusters = new Map<string, GraphCluster>();
  const index = (c: GraphCluster): void => {
    clusters.set(c.id, c);
    for (const inner of c.clusters) index(inner);
  };
  for (const c of graph.clusters) index(c);

  const lines = [
    `digraph ${quote(graph.workflow)} {`,
    `  graph [id=${quote(`workflow-${graph.workflow}`)}, class="batchflow-graph ${graph.level}", rankdir=TB, compound=true, nodesep=0.3, ranksep=0.45, fontname="Helvetica", fontsize=11, bgcolor="transparent"];`,
    '  node [shape=box, style="rounded,filled", fontname="Helvetica", fontsize=10, margin="0.15,0.06"];',
    '  edge [fontname="Helvetica", fontsize=9, arrowsize=0.7];',
  ];
  const writeNode = (id: string, indent: string): void => {
    const node = byId.get(id);
    if (node !== undefined) lines.push(`${indent}${nodeLine(node)}`);
  };
  const writeCluster = (c: GraphCluster, indent: string): void => {
    lines.push(`${indent}subgraph ${quote(`cluster_${c.id}`)} {`);
    lines.push(
      `${indent}  graph [id=${quote(c.id)}, class=${quote(`cluster ${c.kind}`)}, label=${quote(c.label)}, style=${clusterStyle(c)}, color="#718096", fontcolor="#2d3748", labeljust=l];`,
    );
    for (const id of c.nodes) writeNode(id, `${indent}  `);
    for (const inner of c.clusters) writeCluster(inner, `${indent}  `);
    lines.push(`${indent}}`);
  };
  for (const id of graph.topNodes) writeNode(id, "  ");
  for (const c of graph.clusters) writeCluster(c, "  ");

  const anchorNode = (id: string): string | undefined => {
    if (byId.has(id)) return id;
    const c = clusters.get(id);
    return c === undefined ? undefined : firstNode(c);
  };
  graph.edges.forEach((edge, i) => {
    const from = anchorNode(edge.from);
    const to = anchorNode(edge.to);
    if (from === undefined || to === undefined) return;
    lines.push(`  ${quote(from)} -> ${quote(to)} [${edgeAttributes(edge, i, clusters).join(", ")}];`);
  });
  lines.push("}");
  return `${lines.join("\n")}\n`;
}

function nodeLine(node: GraphNode): string {
  const { fill, stroke } = nodeColors(node);
  const attrs = [`id=${quote(node.id)}`, `class=${quote(nodeClasses(node).join(" "))}`];
  if (node.kind === "join") {
    attrs.push('shape=point, width=0.09, label=""', `color=${quote(stroke)}`);
  } else {
    attrs.push(`label=<${htmlLabel(node)}>`, `fillcolor=${quote(fill)}`, `color=${quote(stroke)}`);
    if (node.kind === "start" || node.kind === "end" || node.kind === "failed")
      attrs.push('shape=box, style="rounded,filled,bold"');
    if (node.kind === "notify") attrs.push("shape=note, style=filled");
    if (node.kind === "machinery") attrs.push('fontsize=8, fontcolor="#4a5568"');
    if (node.outcome?.status === "skipped") attrs.push('style="rounded,filled,dashed"');
    if (node.outcome?.status === "failed") attrs.push("penwidth=2");
  }
  return `${quote(node.id)} [${attrs.join(", ")}];`;
}

function htmlLabel(node: GraphNode): string {
  const lines = [`<B>${escapeHtml(node.title)}</B>`, ...node.details.map(escapeHtml)];
  return lines.join("<BR/>");
}

function edgeAttributes(
  edge: GraphEdge,
  index: number,
  clusters: ReadonlyMap<string, GraphCluster>,
): string[] {
  const attrs = [
    `id=${quote(`edge-${index + 1}`)}`,
    `class=${quote(edge.kind)}`,
    `color=${quote(edgeColors[edge.kind])}`,
  ];
  if (edge.label !== undefined)
    attrs.push(`label=${quote(edge.label)}`, `fontcolor=${quote(edgeColors[edge.kind])}`);
  if (edge.kind === "catch" || edge.kind === "fail") attrs.push("style=dashed");
  if (edge.kind === "notify") attrs.push("style=dotted");
  if (edge.kind === "finally") attrs.push("style=bold");
  if (clusters.has(edge.from)) attrs.push(`ltail=${quote(`cluster_${edge.from}`)}`);
  if (clusters.has(edge.to)) attrs.push(`lhead=${quote(`cluster_${edge.to}`)}`);
  return attrs;
}

function clusterStyle(c: GraphCluster): string {
  switch (c.kind) {
    case "parallel":
      return '"rounded,dashed"';
    case "map":
      return '"rounded,bold"';
    case "lock":
      return '"rounded,filled", fillcolor="#fffff0"';
    default:
      return '"rounded"';
  }
}

function firstNode(c: GraphCluster): string | undefined {
  return c.nodes[0] ?? c.clusters.map(firstNode).find((id) => id !== undefined);
}

/** A DOT double-quoted string. */
function quote(text: string): string {
  return `"${text.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n")}"`;
}
