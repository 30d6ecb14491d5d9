import type { CompiledWorkflow } from "@batchflow/aws";
import { type BatchflowConfigInput, didYouMean, resolveWorkflow, type Workflow } from "@batchflow/core";
import type { GraphFormat } from "@batchflow/graph";
import type { Simulation } from "../simulate/result.js";
import { simulateError } from "../simulate/simulate-error.js";
import { simulationOutcomes } from "./simulation-outcomes.js";

/** What `run.graph()` of a simulation takes. */
export interface SimulationGraphOptions {
  /** Default "mermaid"; "svg" and "html" are laid out by Graphviz (WebAssembly), loaded on first use. */
  readonly format?: GraphFormat;
  /** "jobs" (default): the job graph; "states": every state of the compiled state machine. */
  readonly level?: "jobs" | "states";
}

/** The workflow a simulation ran, as its picture needs it. */
export interface GraphSource {
  readonly workflow: Workflow;
  readonly config: BatchflowConfigInput | undefined;
  readonly compiled: CompiledWorkflow;
}

const formats: ReadonlyArray<string> = ["mermaid", "dot", "svg", "html"];
const levels: ReadonlyArray<string> = ["jobs", "states"];

/** The simulated run's picture, each job coloured by how it ended and labelled with its timing. */
export async function simulationGraph(
  run: Simulation,
  source: GraphSource,
  jobs: ReadonlyArray<string>,
  options: SimulationGraphOptions = {},
): Promise<string> {
  const { format, level } = checkedOptions(options, run.workflow);
  const { jobGraph, renderGraphs, stateGraph } = await import("@batchflow/graph");
  const node = source.workflow.toNode();
  const resolved = resolveWorkflow(node, source.config).workflow;
  if (resolved === undefined)
    throw new Error(`internal error: "${run.workflow}" compiled but does not resolve`);
  const outcomes = simulationOutcomes(run, jobs);
  const graph =
    level === "states" ? stateGraph(source.compiled, resolved, outcomes) : jobGraph(node, resolved, outcomes);
  return renderGraphs([graph], format, `simulation of ${run.workflow}: ${run.status}`);
}

function checkedOptions(
  options: unknown,
  workflow: string,
): { format: GraphFormat; level: "jobs" | "states" } {
  const invalid = (message: string, hint: string) => simulateError("BF1526", message, hint, { workflow });
  if (options === null || typeof options !== "object" || Array.isArray(options)) {
    throw invalid(
      `graph() takes an options object, got ${JSON.stringify(options)}`,
      'write run.graph({ format: "svg" })',
    );
  }
  for (const key of Object.keys(options)) {
    if (key === "format" || key === "level") continue;
    const near = didYouMean(key, ["format", "level"]);
    throw invalid(
      `graph() has no option "${key}"`,
      `${near === undefined ? "" : `${near} `}it takes format and level`,
    );
  }
  const { format = "mermaid", level = "jobs" } = options as Record<string, unknown>;
  if (typeof format !== "string" || !formats.includes(format)) {
    throw invalid(
      `graph() format ${JSON.stringify(format)} is not a graph format`,
      `use one of ${formats.join(", ")}`,
    );
  }
  if (typeof level !== "string" || !levels.includes(level)) {
    throw invalid(`graph() level ${JSON.stringify(level)} is not a level`, `use "jobs" or "states"`);
  }
  return { format: format as GraphFormat, level: level as "jobs" | "states" };
}
