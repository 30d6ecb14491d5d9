// dag() end to end through the public API: the ASL it compiles to (validated by asl-validator), and
// what that ASL does when simulate() runs it in virtual time: the N, a diamond, policies on the dag
// and on its jobs, failures, and the diagnostics users see.
import { CompileError, compile, dag, job, parallel, tryCompile } from "@batchflow/batchflow";
import { simulate } from "@batchflow/batchflow/testing";
import { describe, expect, it } from "vitest";
import { compileValid, testWorkflow } from "./support/flow-fixtures.js";
import { brokenDependencies, type DagSpec, dagScenario } from "./support/random-dag.js";

const minute = 60_000;

/** Each state of a graph as `name: Type → next`, branches indented. */
function outline(
  graph: { StartAt: string; States: Record<string, Record<string, unknown>> },
  indent = "",
): string[] {
  return Object.entries(graph.States).flatMap(([name, state]) => {
    const next = state.End === true ? "end" : String(state.Next);
    const lines = [`${indent}${name}: ${String(state.Type)} → ${next}`];
    const branches = (state.Branches ?? []) as Array<Parameters<typeof outline>[0]>;
    return [
      ...lines,
      ...branches.flatMap((b, i) => [`${indent}  branch ${i + 1}:`, ...outline(b, `${indent}    `)]),
    ];
  });
}

function nShape() {
  const a = job("a");
  const b = job("b");
  const c = job("c", { after: [a] });
  const d = job("d", { after: [a, b] });
  return testWorkflow(dag(a, b, c, d));
}

describe("dag(): compiled ASL", () => {
  it("runs the N as two Parallel states, c waiting for b too", () => {
    const compiled = compileValid(nShape());
    expect(outline(compiled.stateMachine as never)).toEqual([
      "parallel-a-b: Parallel → parallel-c-d",
      "  branch 1:",
      "    a: Task → end",
      "  branch 2:",
      "    b: Task → end",
      "parallel-c-d: Parallel → end",
      "  branch 1:",
      "    c: Task → end",
      "  branch 2:",
      "    d: Task → end",
    ]);
  });

  it("gives the same bytes every time", () => {
    const wf = nShape();
    expect(compile(wf).files).toEqual(compile(wf).files);
    expect(compile(nShape()).files).toEqual(compile(wf).files);
  });

  it("turns a diamond into a fork and a join, with no state of its own", () => {
    const a = job("a");
    const b = job("b", { after: [a] });
    const c = job("c", { after: [a] });
    const compiled = compileValid(testWorkflow(dag(job("d", { after: [b, c] }), c, b, a)));
    expect(outline(compiled.stateMachine as never)).toEqual([
      "a: Task → parallel-c-b",
      "parallel-c-b: Parallel → d",
      "  branch 1:",
      "    c: Task → end",
      "  branch 2:",
      "    b: Task → end",
      "d: Task → end",
    ]);
  });

  it("wraps a dag with a catch in a one-branch Parallel, as any group", () => {
    const a = job("a");
    const flow = dag(a, job("b", { after: [a] })).catch("States.ALL", job("alert"));
    const compiled = compileValid(testWorkflow(flow));
    expect(outline(compiled.stateMachine as never)).toEqual([
      "group-a-b: Parallel → end",
      "  branch 1:",
      "    a: Task → b",
      "    b: Task → end",
      "alert: Task → end",
    ]);
  });
});

describe("dag(): simulated runs", () => {
  const durations = {
    jobs: { a: { duration: "5m" }, b: { duration: "1m" }, c: { duration: "3m" }, d: { duration: "2m" } },
  } as const;

  it("starts each job of the N only after its dependencies, losing only what ASL cannot express", async () => {
    const run = await simulate(nShape(), durations);
    expect(run.status).toBe("SUCCEEDED");
    expect(
      ["a", "b", "c", "d"].map((j) => [
        j,
        run.timing(j as "a").start / minute,
        run.timing(j as "a").end / minute,
      ]),
    ).toEqual([
      ["a", 0, 5],
      ["b", 0, 1],
      ["c", 5, 8],
      ["d", 5, 7],
    ]);
    // The critical path a → c is 8 minutes: here the N loses nothing.
    expect(run.duration).toBe(8 * minute);
  });

  it("does not run dependents of a job that failed, and fails the execution", async () => {
    const run = await simulate(nShape(), { jobs: { b: { exitCode: 3 } } });
    expect(run).toMatchObject({ status: "FAILED", error: "States.TaskFailed" });
    expect(run.ran("d")).toBe(false);
    expect(run.ran("c")).toBe(false);
  });

  it("runs dependents after a member's catch handler, and the dag's retry on members without their own", async () => {
    const a = job("a").catch("States.ALL", job("fix"));
    const b = job("b", { after: [a] });
    const flow = dag(a, b).retry({ on: ["States.TaskFailed"], maxAttempts: 2, interval: 1 });
    const run = await simulate(testWorkflow(flow), {
      jobs: {
        a: { exitCode: 1, duration: "1m" },
        fix: { duration: "1m" },
        b: { failTimes: 1, duration: "1m" },
      },
    });
    expect(run.status).toBe("SUCCEEDED");
    expect(run.attempts("a")).toBe(3);
    expect(run.timing("b").start).toBeGreaterThanOrEqual(run.timing("fix").end);
    expect(run.attempts("b")).toBe(2);
  });

  it("gives the dag a time budget as a whole", async () => {
    const a = job("a");
    const flow = dag(a, job("b", { after: [a] }))
      .timeout("10m")
      .catch("States.Timeout", job("late"));
    const run = await simulate(testWorkflow(flow), {
      jobs: { a: { duration: "6m" }, b: { duration: "6m" } },
    });
    expect(run.status).toBe("SUCCEEDED");
    expect(run.ran("late")).toBe(true);
    expect(run.history("b").at(-1)?.outcome).toBe("stopped");
  });

  it("works as a branch of parallel() and after then()", async () => {
    const a = job("a");
    const body = job("first").then(parallel(dag(a, job("b", { after: [a] })), job("side")));
    const run = await simulate(testWorkflow(body), {
      jobs: {
        first: { duration: "1m" },
        a: { duration: "2m" },
        b: { duration: "3m" },
        side: { duration: "4m" },
      },
    });
    expect(run.duration).toBe(6 * minute);
    expect(run.timing("b").start).toBe(3 * minute);
  });

  it("has an oracle that does catch a run ignoring the dependencies", async () => {
    const spec: DagSpec = { after: [[], [0]], minutes: [2, 1], listed: [0, 1] };
    const run = await simulate(testWorkflow(parallel(job("j0"), job("j1"))), dagScenario(spec));
    expect(brokenDependencies(spec, run)).toEqual(["j0 → j1"]);
  });
});

describe("dag(): diagnostics", () => {
  it("names the cycle and a missing dependency, with both jobs, in one compile", () => {
    const a = job("a", { after: [job("c")] });
    const b = job("b", { after: [a] });
    const c = job("c", { after: [b, job("ghost")] });
    const result = tryCompile(testWorkflow(dag(a, b, c)));
    expect(result.compiled).toBeUndefined();
    expect(result.diagnostics.map((d) => `${d.code} ${d.job}: ${d.message}`)).toEqual([
      "BF1214 a: the dependencies form a cycle: a → b → c → a",
      expect.stringMatching(
        /^BF1215 c: runs after "ghost", which is not in this workflow \(it is defined at line \d+\)$/,
      ),
    ]);
    expect(result.diagnostics.every((d) => d.location?.file.endsWith("dag.test.ts"))).toBe(true);
    expect(() => compile(testWorkflow(dag(a, b, c)))).toThrow(CompileError);
  });
});
