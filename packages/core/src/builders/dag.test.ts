import { describe, expect, it } from "vitest";
import { DefinitionError } from "../diagnostics/batchflow-error.js";
import { FlowNode } from "../ir/flow-node.js";
import { dag } from "./dag.js";
import { parallel } from "./groups.js";
import { job } from "./job.js";

const codeOf = (build: () => unknown): string | undefined => {
  try {
    build();
  } catch (error) {
    return error instanceof DefinitionError ? error.code : "not a DefinitionError";
  }
  return undefined;
};

describe("dag() and after:", () => {
  it("keep the jobs in the order given and their dependencies by name", () => {
    const a = job("a");
    const b = job("b", { after: [a, a] });
    const node = dag(b, a).toNode();
    expect(node.kind).toBe("dag");
    expect(FlowNode.jobs(node).map((j) => [j.name, j.after.map((r) => r.name)])).toEqual([
      ["b", ["a"]],
      ["a", []],
    ]);
    expect(Object.isFrozen(node)).toBe(true);
    const bNode = b.toNode();
    expect(bNode.kind === "job" && bNode.options).toEqual({});
  });

  it("take jobs that carry their own policies", () => {
    const a = job("a").retry({ maxAttempts: 1 }).catch("States.ALL", job("fix")).timeout("5m");
    const node = dag(a, job("b", { after: [a] })).toNode();
    expect(FlowNode.jobs(node).map((j) => j.name)).toEqual(["a", "fix", "b"]);
  });

  it("are immutable like any flow", () => {
    const flow = dag(job("a"));
    const retried = flow.retry({ maxAttempts: 1 });
    expect(flow.toNode().retry).toEqual([]);
    expect(retried.toNode().kind).toBe("dag");
  });

  it("refuse anything but jobs at the call (BF1010, BF1001)", () => {
    const group = job("a").then(job("b"));
    expect(codeOf(() => dag(job("x"), group))).toBe("BF1010");
    expect(codeOf(() => dag(parallel(job("x"))))).toBe("BF1010");
    expect(codeOf(() => job("c", { after: [group] }))).toBe("BF1010");
    expect(codeOf(() => job("c", { after: job("a") as never }))).toBe("BF1010");
    expect(codeOf(() => job("c", { after: ["a" as never] }))).toBe("BF1001");
    expect(codeOf(() => dag("a" as never))).toBe("BF1001");
  });

  it("say what to do instead", () => {
    try {
      dag(job("x"), job("a").then(job("b")));
    } catch (error) {
      expect((error as DefinitionError).message).toMatch(/dag\(\) argument 2 is a sequence, not a job/);
      expect((error as DefinitionError).diagnostics[0]?.hint).toMatch(/after: \[a\]/);
    }
    expect.assertions(2);
  });
});
