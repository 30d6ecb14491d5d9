import { type Flow, fargate, job, parallel, resolveWorkflow, sequence, workflow } from "@batchflow/core";
import { describe, expect, it } from "vitest";
import { lower } from "./lower.js";
import type { StateGraph, StateNode } from "./state-graph.js";

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

/** A compact picture of a graph: `name:type->next`, branches in brackets, catches after `!`. */
function outline(graph: StateGraph): string[] {
  return graph.states.map((s) => describeState(s));
}

function describeState(s: StateNode): string {
  const next =
    s.type === "group-budget"
      ? `->${s.expired}`
      : "after" in s
        ? "next" in s.after
          ? `->${s.after.next}`
          : "->END"
        : "";
  const catches =
    "catch" in s && s.catch.length > 0
      ? ` !${s.catch.map((c) => `${c.errors.join("|")}=>${c.next}`).join(",")}`
      : "";
  const branches =
    s.type === "parallel" ? ` [${s.branches.map((b) => outline(b).join(" ")).join(" || ")}]` : "";
  return `${s.name}:${s.type}${next}${catches}${branches}`;
}

describe("lower", () => {
  it("chains a sequence through Next, in reading order", () => {
    const graph = lowered(job("a").then(job("b")).then(job("c")));
    expect(graph.startAt).toBe("a");
    expect(outline(graph)).toEqual(["a:job->b", "b:job->c", "c:job->END"]);
  });

  it("turns a parallel group into one Parallel state with a branch per flow", () => {
    expect(outline(lowered(job("hoge").then(parallel(job("fuga"), job("foo")))))).toEqual([
      "hoge:job->parallel-fuga-foo",
      "parallel-fuga-foo:parallel->END [fuga:job->END || foo:job->END]",
    ]);
  });

  it("sends a job's catch to its handler, which then continues after the job", () => {
    expect(outline(lowered(job("a").catch("States.TaskFailed", job("cleanup")).then(job("b"))))).toEqual([
      "a:job->b !States.TaskFailed=>cleanup",
      "cleanup:job->b",
      "b:job->END",
    ]);
  });

  it("puts a catch on a parallel group directly on its Parallel state", () => {
    expect(outline(lowered(parallel(job("a"), job("b")).catch("States.ALL", job("h"))))).toEqual([
      "parallel-a-b:parallel->END !States.ALL=>h [a:job->END || b:job->END]",
      "h:job->END",
    ]);
  });

  it("wraps a caught sequence in a one-branch Parallel", () => {
    expect(
      outline(lowered(sequence(job("a"), job("b")).catch("States.ALL", job("h")).then(job("c")))),
    ).toEqual(["group-a-b:parallel->c !States.ALL=>h [a:job->b b:job->END]", "h:job->c", "c:job->END"]);
  });

  it("races a group with a time budget against a Wait, and continues when the group wins", () => {
    expect(
      outline(
        lowered(
          sequence(job("a"), job("b")).timeout("1h").catch("States.Timeout", job("late")).then(job("c")),
        ),
      ),
    ).toEqual([
      "group-a-b:parallel->c !Batchflow.GroupDone=>c,States.Timeout|Batchflow.GroupTimeout=>late " +
        "[a:job->b b:job->group-a-b-done group-a-b-done:group-end || group-a-b-budget:group-budget->group-a-b-expired group-a-b-expired:group-end]",
      "late:job->c",
      "c:job->END",
    ]);
  });

  it("ends a budgeted last group in a Succeed state", () => {
    const graph = lowered(job("x").then(sequence(job("a"), job("b")).timeout("10m")));
    expect(graph.states.map((s) => `${s.name}:${s.type}`)).toEqual([
      "x:job",
      "group-a-b:parallel",
      "group-a-b-finished:succeed",
    ]);
    const race = graph.states[1]!;
    expect(race.type === "parallel" && race.catch[0]).toEqual({
      errors: ["Batchflow.GroupDone"],
      next: "group-a-b-finished",
      resultPath: null,
    });
  });

  it("keeps generated names unique and out of the way of job names", () => {
    const graph = lowered(
      sequence(job("parallel-a-b"), parallel(job("a"), job("b")), parallel(job("a2"), job("b2"))),
    );
    const names = graph.states.map((s) => s.name);
    expect(names).toEqual(["parallel-a-b", "parallel-a-b-2", "parallel-a2-b2"]);
  });

  it("is pure: lowering the same workflow twice gives equal graphs", () => {
    const flow = job("a")
      .then([job("b"), job("c").catch("States.ALL", job("d"))])
      .timeout("2h");
    expect(JSON.stringify(lowered(flow))).toBe(JSON.stringify(lowered(flow)));
  });
});
