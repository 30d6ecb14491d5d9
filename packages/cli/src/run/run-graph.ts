import { join } from "node:path";
import { resolveWorkflow } from "@batchflow/core";
import { type RunResult, runOutcomes } from "@batchflow/local";
import { writeGraphFile } from "../graph/write-graph-file.js";
import type { RunTarget } from "./load-run-workflow.js";

/**
 * `batchflow run --graph`: the run's picture, `<run directory>/graph.html`: the job graph with each
 * job coloured by how it ended and labelled with its attempts and timing. Returns its path.
 */
export async function writeRunGraph(target: RunTarget, result: RunResult): Promise<string> {
  // Loaded here: the renderers and Graphviz (WebAssembly) are needed only when --graph is given.
  const { jobGraph, renderGraphs } = await import("@batchflow/graph");
  const node = target.workflow.toNode();
  const resolved = resolveWorkflow(node, target.config).workflow;
  if (resolved === undefined)
    throw new Error(`internal error: "${result.workflow}" ran but does not resolve`);
  const graph = jobGraph(node, resolved, runOutcomes(result));
  const path = join(result.logDir, "graph.html");
  await writeGraphFile(
    path,
    await renderGraphs([graph], "html", `run ${result.runId} of ${result.workflow}: ${result.status}`),
  );
  return path;
}
