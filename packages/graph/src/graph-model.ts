// The picture of a workflow before it is written in any format: nodes, edges and nested clusters.
// The renderers (Mermaid, DOT, and through DOT the SVG and HTML) only print this model, so every
// format shows the same graph.

/** What a node stands for; the renderers give each its shape and colour. */
export type GraphNodeKind =
  /** The workflow's start, labelled with its schedules. */
  | "start"
  /** A successful end. */
  | "end"
  /** The execution fails (a rethrowing catch or `.finally()` after a failure leads here). */
  | "failed"
  /** A job: one container run (jobs level), or a job's Task state (states level). */
  | "job"
  /** Where branches meet before the flow goes on (drawn as a dot), so a fan-in is not every pair. */
  | "join"
  /** The notifications sent when a run ends. */
  | "notify"
  /** States level: a state batchflow generated (lock, notification, group budget, re-raise, Spot). */
  | "machinery"
  /** States level: a Parallel, Map, Choice, Pass, Wait, Succeed or Fail state of the flow itself. */
  | "state";

/** How a job's run ended, for a picture coloured by outcome. */
export type JobOutcomeStatus = "succeeded" | "failed" | "retried" | "caught" | "skipped";

/** One job's end in a run (`batchflow run` or `simulate()`). */
export interface JobOutcome {
  readonly status: JobOutcomeStatus;
  /** Attempts started (0: it never ran). */
  readonly attempts: number;
  /** From its first start to its last end, retry pauses included; absent when it never ran. */
  readonly durationMs?: number;
  /** Milliseconds from the run's start to the job's first start. */
  readonly startMs?: number;
  readonly exitCode?: number;
  /** The error its last attempt failed with. */
  readonly error?: string;
}

export interface GraphNode {
  /** Unique in the graph; also the SVG element id (`job-<name>` for a job). */
  readonly id: string;
  readonly kind: GraphNodeKind;
  /** The first line, shown bold where the format can. */
  readonly title: string;
  /** Further lines: image, command, timeout, retries, lock; a run's outcome and timing. */
  readonly details: ReadonlyArray<string>;
  /** A job node: the job's name. */
  readonly job?: string;
  /** A picture of a run: how the job ended. */
  readonly outcome?: JobOutcome;
  /** States level: the state's role (`stateRoles` of compile()), e.g. "lock-acquire". */
  readonly role?: string;
}

/** What an edge means: the normal order, a catch, a `.finally()` handler, the failure after it. */
export type GraphEdgeKind = "next" | "catch" | "finally" | "fail" | "notify" | "branch";

export interface GraphEdge {
  /** A node id, or a cluster id: the edge then leaves (or enters) the whole cluster. */
  readonly from: string;
  readonly to: string;
  readonly kind: GraphEdgeKind;
  readonly label?: string;
}

/** What a cluster groups: a `parallel()`, a `map()`, a group with a catch or a time budget, a lock's scope. */
export type GraphClusterKind = "parallel" | "map" | "group" | "lock";

export interface GraphCluster {
  readonly id: string;
  readonly kind: GraphClusterKind;
  readonly label: string;
  /** Ids of the nodes directly inside. */
  readonly nodes: ReadonlyArray<string>;
  readonly clusters: ReadonlyArray<GraphCluster>;
}

/** The graph of one workflow. */
export interface WorkflowGraph {
  readonly workflow: string;
  readonly description?: string;
  readonly level: "jobs" | "states";
  /** Every node, in drawing order (the top level's and every cluster's). */
  readonly nodes: ReadonlyArray<GraphNode>;
  readonly edges: ReadonlyArray<GraphEdge>;
  /** Ids of the nodes outside every cluster. */
  readonly topNodes: ReadonlyArray<string>;
  readonly clusters: ReadonlyArray<GraphCluster>;
  /** The jobs, for the HTML page's table: one row each, in definition order. */
  readonly jobs: ReadonlyArray<JobRow>;
}

/** One job as the HTML page's table lists it. */
export interface JobRow {
  readonly name: string;
  readonly image: string;
  readonly command: string;
  readonly timeout: string;
  readonly retry: string;
  readonly lock: string;
  readonly outcome?: JobOutcome;
}
