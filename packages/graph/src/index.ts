export type {
  GraphCluster,
  GraphClusterKind,
  GraphEdge,
  GraphEdgeKind,
  GraphNode,
  GraphNodeKind,
  JobOutcome,
  JobOutcomeStatus,
  JobRow,
  WorkflowGraph,
} from "./graph-model.js";
export { jobGraph } from "./job-graph.js";
export { renderDot } from "./render-dot.js";
export { type GraphFormat, graphFormats, renderGraphs } from "./render-graph.js";
export { renderMermaid } from "./render-mermaid.js";
export { renderSvg } from "./render-svg.js";
export { stateGraph } from "./state-graph.js";
