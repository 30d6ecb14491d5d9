import { type GraphFormat, jobGraph, renderGraphs, stateGraph } from "@batchflow/graph";
import { usageError } from "../args/usage-error.js";
import { cliCode } from "../cli-codes.js";
import { exitCode } from "../cli-error.js";
import { loadExplainedWorkflows } from "../explain/explain-project.js";
import { reportCompileProblems } from "../project/compile-project.js";
import type { Terminal } from "../terminal.js";
import type { GraphArgs } from "./graph-args.js";
import { writeGraphFile } from "./write-graph-file.js";

/**
 * `batchflow graph [workflow ...]`: the project's workflows drawn as Mermaid, DOT, SVG or one HTML
 * page. Compiles in memory; writes only `--out`.
 */
export async function graphCommand(args: GraphArgs, term: Terminal): Promise<number> {
  const { project, workflows } = await loadExplainedWorkflows(term.cwd, args.workflows, {
    name: "graph",
    code: cliCode.graphWorkflow,
  });
  if (reportCompileProblems(project, term, "nothing was drawn")) return exitCode.failed;
  if (workflows.length === 0) {
    term.err("nothing to draw: this project has no workflows (services and scheduled tasks are not drawn)");
    return exitCode.ok;
  }
  if (args.format === "svg" && workflows.length > 1) {
    throw usageError(
      cliCode.graphSvgWorkflows,
      `an SVG draws one workflow; this project has ${workflows.length}: ${workflows.map((w) => w.compiled.name).join(", ")}`,
      "name one (batchflow graph <workflow> --format svg), or draw them all with --format html",
    );
  }
  const graphs = workflows.map((w) =>
    args.level === "states" ? stateGraph(w.compiled, w.resolved) : jobGraph(w.node, w.resolved),
  );
  const text = await renderGraphs(
    graphs,
    args.format as GraphFormat,
    `batchflow graph: ${graphs.map((g) => g.workflow).join(", ")}`,
  );
  if (args.out === undefined) {
    term.out(text.trimEnd());
  } else {
    await writeGraphFile(args.out, text);
    term.err(
      `wrote ${args.format} of ${graphs.length === 1 ? `workflow ${graphs[0]?.workflow}` : `${graphs.length} workflows`} to ${args.out}`,
    );
  }
  return exitCode.ok;
}
