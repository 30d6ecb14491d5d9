import { describe, expect, it } from "vitest";
import { dag } from "../builders/dag.js";
import type { Flow } from "../builders/flow.js";
import { parallel, sequence } from "../builders/groups.js";
import { job } from "../builders/job.js";
import { fargate } from "../builders/values.js";
import { workflow } from "../builders/workflow.js";
import type { WorkflowOptions } from "../ir/workflow-options.js";
import { resolveWorkflow } from "./resolve-workflow.js";
import type { ResolvedFlow } from "./resolved-workflow.js";

const base: WorkflowOptions = {
  cluster: "batch",
  network: { subnets: ["subnet-a"] },
  defaults: { task: fargate({ image: "img" }), command: (name) => ["make", "run", name] },
};

const resolve = (body: Flow) => resolveWorkflow(workflow("wf", base, body).toNode());

/** `S(a,P(b,c),d)`, with `G[...]` for a group that carries a catch or a budget. */
function show(flow: ResolvedFlow): string {
  switch (flow.kind) {
    case "job":
      return flow.job.name;
    case "sequence":
    case "parallel": {
      const parts = (flow.kind === "sequence" ? flow.steps : flow.branches).map(show).join(",");
      const policies = [
        ...(flow.timeoutSeconds === undefined ? [] : [`${flow.timeoutSeconds}s`]),
        ...flow.catch.map((c) => `catch ${c.errors.join("+")} → ${show(c.handler)}`),
      ];
      return `${flow.kind === "sequence" ? "S" : "P"}(${parts})${policies.length > 0 ? `[${policies.join("; ")}]` : ""}`;
    }
    case "map":
      return `M(${show(flow.body)})`;
  }
}

const shape = (body: Flow) => {
  const result = resolve(body);
  expect(result.diagnostics).toEqual([]);
  return show(result.workflow!.body);
};

describe("resolveWorkflow: dag()", () => {
  it("turns the dependencies into sequences and parallels, whatever order the jobs are listed in", () => {
    const a = job("a");
    const b = job("b", { after: [a] });
    const c = job("c", { after: [a] });
    const d = job("d", { after: [b, c] });
    expect(shape(dag(a, b, c, d))).toBe("S(a,P(b,c),d)");
    expect(shape(dag(d, c, b, a))).toBe("S(a,P(c,b),d)");
  });

  it("adds one ordering to the N, and lists jobs in definition order", () => {
    const a = job("a");
    const b = job("b");
    expect(shape(dag(a, b, job("c", { after: [a] }), job("d", { after: [a, b] })))).toBe("S(P(a,b),P(c,d))");
  });

  it("is a flow like any other: in a parallel branch, after then(), in a sequence", () => {
    const x = job("x");
    const y = job("y", { after: [x] });
    expect(shape(parallel(dag(x, y), job("z")))).toBe("P(S(x,y),z)");
    expect(
      shape(
        job("first")
          .then(dag(x, y, job("w")))
          .then(job("last")),
      ),
    ).toBe("S(first,P(S(x,y),w),last)");
    expect(shape(sequence(dag(x), job("after")))).toBe("S(x,after)");
  });

  it("gives the dag's retry to the jobs without one of their own", () => {
    const a = job("a");
    const b = job("b", { after: [a] }).retry({ on: ["Custom.Own"] });
    const w = resolve(dag(a, b).retry({ on: ["States.TaskFailed"] })).workflow!;
    const errors = (name: string) => w.jobs.find((j) => j.name === name)!.retry.flatMap((r) => r.errors);
    expect(errors("a")).toContain("States.TaskFailed");
    expect(errors("b")).toContain("Custom.Own");
    expect(errors("b")).not.toContain("States.TaskFailed");
  });

  it("puts the dag's catch and budget on the group as a whole, even around a single job", () => {
    const a = job("a");
    const b = job("b", { after: [a] });
    expect(shape(dag(a, b).timeout("1h").catch("States.ALL", job("h")))).toBe(
      "S(a,b)[3600s; catch States.ALL → h]",
    );
    expect(shape(dag(a, job("c")).catch("States.ALL", job("h")))).toBe("P(a,c)[catch States.ALL → h]");
    expect(shape(dag(a).timeout("10m"))).toBe("S(a)[600s]");
    expect(shape(dag(a.catch("States.ALL", job("fix")), b))).toBe("S(a,b)");
  });

  it("accepts a dependency that always ends before the dag starts", () => {
    const x = job("x");
    expect(shape(x.then(dag(job("a", { after: [x] }), job("b"))))).toBe("S(x,P(a,b))");
    expect(shape(sequence(parallel(x, job("y")), job("z", { after: [x] })))).toBe("S(P(x,y),z)");
  });

  it("reports a job listed twice as a name used twice (BF1203)", () => {
    const a = job("a");
    expect(resolve(dag(a, job("b", { after: [a] }), a)).diagnostics.map((d) => [d.code, d.job])).toEqual([
      ["BF1203", "a"],
    ]);
  });

  it("reports an empty dag", () => {
    expect(resolve(dag()).diagnostics.map((d) => [d.code, d.message])).toEqual([
      ["BF1210", "an empty dag() has nothing to run"],
    ]);
  });
});

describe("resolveWorkflow: dependency diagnostics", () => {
  it("names the jobs of a cycle in order (BF1214)", () => {
    // Dependencies are by name: a job defined earlier under the same name stands for the dag's.
    const early = job("c");
    const a = job("a", { after: [early] });
    const b = job("b", { after: [a] });
    const c = job("c", { after: [b] });
    const [d, ...rest] = resolve(dag(a, b, c, job("free"))).diagnostics;
    expect(rest).toEqual([]);
    expect(d).toMatchObject({
      code: "BF1214",
      severity: "error",
      workflow: "wf",
      job: "a",
      message: "the dependencies form a cycle: a → b → c → a",
    });
    expect(d?.hint).toMatch(/remove one of these after: entries/);
    expect(d?.location?.file).toMatch(/resolve-dag\.test\.ts$/);
  });

  it("reports each cycle once, and a job that runs after itself", () => {
    const x0 = job("x");
    const y0 = job("y");
    const x = job("x", { after: [y0] });
    const y = job("y", { after: [x0] });
    const self = job("s", { after: [job("s")] });
    const problems = resolve(dag(x, y, self)).diagnostics.map((d) => [d.code, d.job, d.message]);
    expect(problems).toEqual([
      ["BF1214", "x", "the dependencies form a cycle: x → y → x"],
      ["BF1214", "s", 'job "s" runs after itself: s → s'],
    ]);
    expect(resolve(job("t", { after: [job("t")] })).diagnostics.map((d) => d.code)).toEqual(["BF1214"]);
  });

  it("names both jobs when a dependency is not in the workflow (BF1215)", () => {
    const ghost = job("ghost");
    const [d] = resolve(dag(job("a"), job("d", { after: [ghost] }))).diagnostics;
    expect(d).toMatchObject({ code: "BF1215", job: "d" });
    expect(d?.message).toMatch(
      /^runs after "ghost", which is not in this workflow \(it is defined at line \d+\)$/,
    );
    expect(d?.hint).toBe("add ghost to the dag(...) that holds d, or take it out of the after: list");
  });

  it("refuses a dependency outside the dag that may still be running (BF1216)", () => {
    const x = job("x");
    const inBranch = resolve(parallel(x, dag(job("a", { after: [x] }))));
    expect(inBranch.diagnostics.map((d) => [d.code, d.job, d.message])).toEqual([
      ["BF1216", "a", 'runs after "x", but x is not in its dag() and does not always end before it starts'],
    ]);
    const later = resolve(sequence(dag(job("a", { after: [x] })), x));
    expect(later.diagnostics.map((d) => d.code)).toEqual(["BF1216"]);
    const handler = resolve(
      job("y")
        .catch("States.ALL", x)
        .then(dag(job("a", { after: [x] }))),
    );
    expect(handler.diagnostics.map((d) => d.code)).toEqual(["BF1216"]);
    const outside = resolve(parallel(x, job("b", { after: [x] })));
    expect(outside.diagnostics.map((d) => [d.code, d.message])).toEqual([
      ["BF1216", 'runs after "x", but x is not in a dag() with it and does not always end before it starts'],
    ]);
  });

  it("collects every problem of a workflow at once", () => {
    const a = job("a", { after: [job("b")] });
    const b = job("b", { after: [a] });
    const codes = resolve(
      sequence(dag(a, b), dag(job("c", { after: [job("nowhere")] })), dag()),
    ).diagnostics.map((d) => d.code);
    expect(codes.sort()).toEqual(["BF1210", "BF1214", "BF1215"]);
  });
});
