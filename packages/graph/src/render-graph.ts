import type { WorkflowGraph } from "./graph-model.js";
import { renderDot } from "./render-dot.js";
import { renderHtml } from "./render-html.js";
import { renderMermaid } from "./render-mermaid.js";
import { renderSvg } from "./render-svg.js";

/** The formats a graph is written in. */
export const graphFormats = ["mermaid", "dot", "svg", "html"] as const;
export type GraphFormat = (typeof graphFormats)[number];

/**
 * The graphs in one format: Mermaid and DOT one after another, SVG of one workflow (an SVG file
 * holds one picture), HTML one page with them all.
 */
export async function renderGraphs(
  graphs: ReadonlyArray<WorkflowGraph>,
  format: GraphFormat,
  title = "batchflow graph",
): Promise<string> {
  switch (format) {
    case "mermaid":
      return graphs.map(renderMermaid).join("\n");
    case "dot":
      return graphs.map(renderDot).join("\n");
    case "svg": {
      const [graph] = graphs;
      if (graph === undefined || graphs.length > 1) {
        throw new Error(`internal error: an SVG holds one workflow's graph, ${graphs.length} were given`);
      }
      return renderSvg(graph);
    }
    case "html":
      return renderHtml(graphs, title);
  }
}
