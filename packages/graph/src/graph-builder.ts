import type {
  GraphCluster,
  GraphClusterKind,
  GraphEdge,
  GraphEdgeKind,
  GraphNode,
  WorkflowGraph,
} from "./graph-model.js";

interface OpenCluster {
  readonly id: string;
  readonly kind: GraphClusterKind;
  label: string;
  readonly nodes: string[];
  readonly clusters: OpenCluster[];
}

/** Collects nodes, edges and clusters while a flow is walked; nodes land in the cluster that is open. */
export class GraphBuilder {
  readonly nodes: GraphNode[] = [];
  readonly edges: GraphEdge[] = [];
  private readonly top: OpenCluster = { id: "", kind: "group", label: "", nodes: [], clusters: [] };
  private open: OpenCluster = this.top;
  private readonly taken = new Set<string>();
  private readonly edgeKeys = new Set<string>();

  /**
   * Adds a node to the open cluster (`outside`: to the top level, for the ends a flow reaches from
   * any depth); `id` defaults to a fresh `n<k>`. Returns its id.
   */
  node(node: Omit<GraphNode, "id"> & { readonly id?: string }, outside = false): string {
    const id = this.fresh(node.id ?? "n");
    this.nodes.push({ ...node, id });
    (outside ? this.top : this.open).nodes.push(id);
    return id;
  }

  /** Adds an edge once: the same pair with the same meaning is drawn once. */
  edge(from: string, to: string, kind: GraphEdgeKind = "next", label?: string): void {
    const key = `${from}\n${to}\n${kind}`;
    if (this.edgeKeys.has(key)) return;
    this.edgeKeys.add(key);
    this.edges.push({ from, to, kind, ...(label === undefined ? {} : { label }) });
  }

  /** Every exit to every entry; through a join point when several meet several. */
  connect(exits: ReadonlyArray<string>, entries: ReadonlyArray<string>): void {
    if (exits.length > 1 && entries.length > 1) {
      const join = this.node({ kind: "join", title: "", details: [] });
      for (const from of exits) this.edge(from, join);
      for (const to of entries) this.edge(join, to);
      return;
    }
    for (const from of exits) for (const to of entries) this.edge(from, to);
  }

  /** Runs `draw` with a new cluster open inside the current one; returns the cluster's id and what `draw` did. */
  cluster<T>(kind: GraphClusterKind, label: string, draw: (id: string) => T): { id: string; drawn: T } {
    const cluster: OpenCluster = { id: this.fresh(`cluster_${kind}`), kind, label, nodes: [], clusters: [] };
    const parent = this.open;
    parent.clusters.push(cluster);
    this.open = cluster;
    try {
      return { id: cluster.id, drawn: draw(cluster.id) };
    } finally {
      this.open = parent;
    }
  }

  /** The finished graph. */
  build(head: Pick<WorkflowGraph, "workflow" | "description" | "level" | "jobs">): WorkflowGraph {
    const freeze = (c: OpenCluster): GraphCluster => ({
      id: c.id,
      kind: c.kind,
      label: c.label,
      nodes: [...c.nodes],
      clusters: c.clusters.filter((inner) => !isEmpty(inner)).map(freeze),
    });
    return {
      ...head,
      nodes: this.nodes,
      edges: this.edges,
      topNodes: [...this.top.nodes],
      clusters: this.top.clusters.filter((c) => !isEmpty(c)).map(freeze),
    };
  }

  private fresh(base: string): string {
    let id = base === "n" ? `n${this.taken.size + 1}` : base;
    for (let k = 2; this.taken.has(id); k++) id = `${base}_${k}`;
    this.taken.add(id);
    return id;
  }
}

function isEmpty(c: OpenCluster): boolean {
  return c.nodes.length === 0 && c.clusters.every(isEmpty);
}
