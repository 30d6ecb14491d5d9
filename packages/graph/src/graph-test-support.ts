import { tryCompile } from "@batchflow/aws";
import { type Flow, fargate, resolveWorkflow, type WorkflowOptions, workflow } from "@batchflow/core";
import type { GraphEdge, WorkflowGraph } from "./graph-model.js";

const task = fargate({
  image: "123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/batch:prod",
  cpu: 256,
  memory: 512,
});
const base: WorkflowOptions = {
  cluster: "batch",
  network: { subnets: ["subnet-a"], securityGroups: ["sg-a"] },
  defaults: { task, command: (name) => ["make", "run", name] },
};

/** A workflow of `body` with a cluster, a network and `make run <job>` commands, compiled and resolved. */
export function sources(body: Flow, options: Partial<WorkflowOptions> = {}, name = "wf") {
  const w = workflow(name, { ...base, ...options }, body);
  const node = w.toNode();
  const resolved = resolveWorkflow(node).workflow;
  const { compiled, diagnostics } = tryCompile(w);
  if (resolved === undefined || compiled === undefined) {
    throw new Error(diagnostics.map((d) => `${d.code} ${d.message}`).join("\n"));
  }
  return { node, resolved, compiled };
}

/** "a -> b" for each edge between nodes, by title (jobs: their names); clusters by their id. */
export function edgeList(graph: WorkflowGraph, kind?: GraphEdge["kind"]): string[] {
  const title = (id: string) => {
    const node = graph.nodes.find((n) => n.id === id);
    return node === undefined ? id : node.kind === "join" ? "*" : node.title;
  };
  return graph.edges
    .filter((e) => kind === undefined || e.kind === kind)
    .map((e) => `${title(e.from)} -> ${title(e.to)}${e.label === undefined ? "" : ` [${e.label}]`}`);
}
