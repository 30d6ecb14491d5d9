import type { GraphCluster, GraphEdge, GraphNode, WorkflowGraph } from "./graph-model.js";
import { edgeColors, nodeColors, outcomeColors } from "./graph-style.js";

/**
 * A Mermaid flowchart of one workflow, for READMEs and pull requests (GitHub renders a
 * ```` ```mermaid ```` block). Ids are made Mermaid-safe (`end` is a keyword there).
 */
export function renderMermaid(graph: WorkflowGraph): string {
  const ids = mermaidIds(graph);
  const idOf = (id: string): string => ids.get(id) ?? id;
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const lines = ["flowchart TD"];
  const writeNode = (id: string, indent: string): void => {
    const node = byId.get(id);
    if (node !== undefined) lines.push(`${indent}${idOf(node.id)}${shape(node)}`);
  };
  const writeCluster = (c: GraphCluster, indent: string): void => {
    lines.push(`${indent}subgraph ${idOf(c.id)}[${text(c.label)}]`);
    for (const id of c.nodes) writeNode(id, `${indent}  `);
    for (const inner of c.clusters) writeCluster(inner, `${indent}  `);
    lines.push(`${indent}end`);
  };
  for (const id of graph.topNodes) writeNode(id, "  ");
  for (const c of graph.clusters) writeCluster(c, "  ");
  for (const edge of graph.edges) lines.push(`  ${idOf(edge.from)} ${arrow(edge)} ${idOf(edge.to)}`);

  const classes = new Map<string, string[]>();
  for (const node of graph.nodes) {
    const name =
      node.outcome?.status ?? (node.kind === "job" || node.kind === "state" ? undefined : node.kind);
    if (name === undefined) continue;
    classes.set(name, [...(classes.get(name) ?? []), idOf(node.id)]);
  }
  for (const [name, members] of classes) {
    const { fill, stroke } =
      name in outcomeColors ? outcomeColors[name as keyof typeof outcomeColors] : colorsOfKind(graph, name);
    // Prefixed: "end" and other kinds are Mermaid keywords.
    lines.push(`  classDef bf_${name} fill:${fill},stroke:${stroke}`);
    lines.push(`  class ${members.join(",")} bf_${name}`);
  }
  graph.edges.forEach((edge, i) => {
    if (edge.kind !== "next") lines.push(`  linkStyle ${i} stroke:${edgeColors[edge.kind]}`);
  });
  return `${lines.join("\n")}\n`;
}

function colorsOfKind(graph: WorkflowGraph, kind: string): { fill: string; stroke: string } {
  const node = graph.nodes.find((n) => n.kind === kind && n.outcome === undefined);
  return node === undefined ? { fill: "#ffffff", stroke: "#4a5568" } : nodeColors(node);
}

function shape(node: GraphNode): string {
  const label = `"${[`<b>${escapeMermaid(node.title)}</b>`, ...node.details.map(escapeMermaid)].join("<br/>")}"`;
  switch (node.kind) {
    case "join":
      return '(("·"))';
    case "start":
    case "end":
    case "failed":
      return `([${label}])`;
    case "notify":
      return `[/${label}/]`;
    default:
      return `[${label}]`;
  }
}

function arrow(edge: GraphEdge): string {
  const label = edge.label === undefined ? "" : `|${text(edge.label)}|`;
  switch (edge.kind) {
    case "catch":
    case "fail":
    case "notify":
      return `-.->${label}`;
    case "finally":
      return `==>${label}`;
    default:
      return `-->${label}`;
  }
}

/** A quoted Mermaid label. */
function text(value: string): string {
  return `"${escapeMermaid(value)}"`;
}

/** Mermaid's entity codes for the characters that would end or start markup. */
function escapeMermaid(value: string): string {
  return value.replace(/#/g, "#35;").replace(/"/g, "#quot;").replace(/</g, "#lt;").replace(/>/g, "#gt;");
}

/** `job-hoge` -> `job_hoge`; clashes get a number. */
function mermaidIds(graph: WorkflowGraph): Map<string, string> {
  const ids = new Map<string, string>();
  const taken = new Set<string>();
  const add = (id: string): void => {
    const base = `bf_${id.replace(/[^A-Za-z0-9_]/g, "_")}`;
    let safe = base;
    for (let k = 2; taken.has(safe); k++) safe = `${base}_${k}`;
    taken.add(safe);
    ids.set(id, safe);
  };
  for (const node of graph.nodes) add(node.id);
  const visit = (c: GraphCluster): void => {
    add(c.id);
    for (const inner of c.clusters) visit(inner);
  };
  for (const c of graph.clusters) visit(c);
  return ids;
}
