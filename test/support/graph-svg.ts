// Reads what `batchflow graph --format svg` drew, from the SVG Graphviz wrote: the node groups
// (`<g id="job-<name>" class="node job …">`) and the edges (`<g class="edge …"><title>from->to</title>`).

export interface SvgGraph {
  /** Node id -> its classes, e.g. "job-hoge" -> ["node", "job", "failed"]. */
  readonly nodes: ReadonlyMap<string, ReadonlyArray<string>>;
  /** "from->to" (node ids) -> the edge's classes, e.g. ["edge", "next"]. */
  readonly edges: ReadonlyMap<string, ReadonlyArray<string>>;
}

export function parseGraphSvg(text: string): SvgGraph {
  const svg = text.replace(/&#45;/g, "-").replace(/&gt;/g, ">");
  const nodes = new Map<string, string[]>();
  const edges = new Map<string, string[]>();
  for (const m of svg.matchAll(/<g id="([^"]+)" class="([^"]*)">\s*<title>([^<]*)<\/title>/g)) {
    const classes = m[2]!.split(" ");
    if (classes[0] === "node") nodes.set(m[1]!, classes);
    if (classes[0] === "edge") edges.set(m[3]!, classes);
  }
  return { nodes, edges };
}

/** The job names drawn, sorted. */
export function drawnJobs(graph: SvgGraph): string[] {
  return [...graph.nodes.keys()]
    .filter((id) => id.startsWith("job-"))
    .map((id) => id.slice(4))
    .sort();
}
