import type { WorkflowGraph } from "./graph-model.js";
import { renderDot } from "./render-dot.js";

type Viz = Awaited<ReturnType<typeof import("@viz-js/viz").instance>>;

let viz: Promise<Viz> | undefined;

/**
 * SVG of one workflow, laid out by Graphviz compiled to WebAssembly (`@viz-js/viz`): no system
 * Graphviz needed. Loaded on first use (about 1.4 MB of WebAssembly), so nothing else pays for it.
 */
export async function renderSvg(graph: WorkflowGraph): Promise<string> {
  viz ??= import("@viz-js/viz").then((m) => m.instance());
  const result = (await viz).render(renderDot(graph), { format: "svg" });
  if (result.status !== "success") {
    const problems = result.errors.map((e) => e.message).join("; ");
    throw new Error(
      `internal error: Graphviz could not lay out the graph of "${graph.workflow}": ${problems}`,
    );
  }
  // The XML prolog and DOCTYPE are dropped: the SVG is also embedded in the HTML page as it is.
  return `${result.output.slice(result.output.indexOf("<svg")).trimEnd()}\n`;
}
