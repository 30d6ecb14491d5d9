import type { StateMachineBranch } from "@batchflow/aws";
import { job, parallel } from "@batchflow/core";
import { describe, expect, it } from "vitest";
import { edgeList, sources } from "./graph-test-support.js";
import { stateGraph } from "./state-graph.js";

/** Every state name of a machine, Parallel branches and Map processors included. */
function stateNames(branch: StateMachineBranch): string[] {
  return Object.entries(branch.States).flatMap(([name, state]) => [
    name,
    ...(state.Type === "Parallel" ? state.Branches.flatMap(stateNames) : []),
    ...(state.Type === "Map" ? stateNames(state.ItemProcessor) : []),
  ]);
}

describe("stateGraph", () => {
  it("draws every state of the deployed machine, and tells batchflow's own states from the flow's", () => {
    const { compiled, resolved } = sources(
      job("a", { lock: { name: "l" } })
        .then(parallel(job("b"), job("c")))
        .catch(["States.ALL"], job("alert")),
    );
    const g = stateGraph(compiled, resolved);
    const drawn = g.nodes.filter((n) => n.kind !== "start" && n.kind !== "end" && n.kind !== "join");
    expect(drawn.map((n) => n.title).sort()).toEqual(stateNames(compiled.stateMachine).sort());
    expect(drawn.filter((n) => n.kind === "job").map((n) => n.job)).toEqual(["a", "b", "c", "alert"]);
    for (const n of drawn.filter((d) => d.kind === "machinery")) {
      expect(compiled.stateRoles[n.title]?.kind).toBe(n.role);
    }
    expect(drawn.some((n) => n.role === "lock-acquire")).toBe(true);
  });

  it("draws each Next, Choice rule and Catch of the definition as an edge", () => {
    const { compiled, resolved } = sources(job("a").then(job("b")).catch(["States.Timeout"], job("late")));
    const g = stateGraph(compiled, resolved);
    const expected: string[] = [];
    const visit = (branch: StateMachineBranch) => {
      for (const [name, state] of Object.entries(branch.States)) {
        if ("Catch" in state) for (const c of state.Catch ?? []) expected.push(`${name} -> ${c.Next}`);
        if (state.Type === "Parallel") state.Branches.forEach(visit);
      }
    };
    visit(compiled.stateMachine);
    expect(edgeList(g, "catch").map((e) => e.replace(/ \[.*\]$/, ""))).toEqual(expected);
    expect(edgeList(g, "next")).toContain("a -> b");
  });
});
