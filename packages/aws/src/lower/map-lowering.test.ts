import { type Flow, fargate, input, job, map, resolveWorkflow, workflow } from "@batchflow/core";
import { describe, expect, it } from "vitest";
import { lower } from "./lower.js";
import type { MapStateNode } from "./map-states.js";
import type { StateGraph } from "./state-graph.js";
import { stateRoles } from "./state-roles.js";

const options = {
  cluster: "batch",
  network: { subnets: ["subnet-a"] },
  defaults: { task: fargate({ image: "img" }), command: ["run"] },
  infrastructureRetry: false as const,
};

function lowered(body: Flow): StateGraph {
  const resolved = resolveWorkflow(workflow("wf", options, body).toNode());
  if (!resolved.workflow) throw new Error(resolved.diagnostics.map((d) => d.message).join("\n"));
  return lower(resolved.workflow);
}

describe("lower: map()", () => {
  it("makes one typed map node whose body is its own graph, named after the body's first job", () => {
    const graph = lowered(map(input("xs"), () => job("a").then(job("b")), { concurrency: 4 }).then(job("c")));
    expect(graph.startAt).toBe("map-a");
    const [node, after] = graph.states as [MapStateNode, StateGraph["states"][number]];
    expect(node).toMatchObject({
      type: "map",
      name: "map-a",
      items: { kind: "path", path: "$.xs" },
      inputPath: "$",
      concurrency: 4,
      distributed: false,
      after: { next: "c" },
      catch: [],
    });
    expect(node.body.startAt).toBe("a");
    expect(node.body.states.map((s) => s.name)).toEqual(["a", "b"]);
    expect(after.name).toBe("c");
    expect(stateRoles(graph)).toMatchObject({
      "map-a": { kind: "map", distributed: false, items: "list", concurrency: 4 },
      a: { kind: "job", job: "a" },
      b: { kind: "job", job: "b" },
    });
  });

  it("puts a map with a timeout in the group race, the map inside the work branch", () => {
    const graph = lowered(map(input("xs"), () => job("a")).timeout("5m"));
    const group = graph.states[0]!;
    expect(group).toMatchObject({ type: "parallel", group: true });
    const work = group.type === "parallel" ? group.branches[0]! : undefined;
    expect(work?.states[0]).toMatchObject({ type: "map", name: "map-a" });
  });
});
