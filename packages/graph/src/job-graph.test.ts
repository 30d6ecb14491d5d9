import { cron, dag, input, job, map, parallel, sequence } from "@batchflow/core";
import { describe, expect, it } from "vitest";
import { edgeList, sources } from "./graph-test-support.js";
import { jobGraph } from "./job-graph.js";

const graphOf = (...args: Parameters<typeof sources>) => {
  const { node, resolved } = sources(...args);
  return jobGraph(node, resolved);
};

describe("jobGraph", () => {
  it("draws a chain from the schedule to the end, each job with what it runs", () => {
    const g = graphOf(job("hoge", { timeout: "1h" }).then(job("fuga")), {
      schedule: cron("0 3 * * 1-5", { timezone: "Asia/Tokyo" }),
    });
    expect(edgeList(g).sort()).toEqual(["fuga -> succeeded", "hoge -> fuga", "wf -> hoge"]);
    expect(g.nodes.find((n) => n.id === "start")?.details).toEqual(["cron(0 3 ? * 2-6 *) Asia/Tokyo"]);
    expect(g.nodes.find((n) => n.id === "job-hoge")?.details).toEqual([
      "batch:prod",
      "make run hoge",
      "timeout 1h",
    ]);
  });

  it("fans out to a parallel's branches and joins them, inside a cluster", () => {
    const g = graphOf(
      job("a")
        .then(parallel(job("b"), sequence(job("c"), job("d"))))
        .then(job("e")),
    );
    expect(edgeList(g)).toEqual([
      "c -> d",
      "a -> b",
      "a -> c",
      "b -> e",
      "d -> e",
      "wf -> a",
      "e -> succeeded",
    ]);
    expect(g.clusters).toEqual([
      {
        id: "cluster_parallel",
        kind: "parallel",
        label: "parallel",
        nodes: ["job-b", "job-c", "job-d"],
        clusters: [],
      },
    ]);
  });

  it("meets several exits and several entries at one join point instead of every pair", () => {
    const g = graphOf(parallel(job("a"), job("b")).then(parallel(job("c"), job("d"))));
    expect(edgeList(g)).toEqual([
      "a -> *",
      "b -> *",
      "* -> c",
      "* -> d",
      "wf -> a",
      "wf -> b",
      "c -> succeeded",
      "d -> succeeded",
    ]);
  });

  it("keeps a dag's own dependencies, not the series-parallel order it compiles to", () => {
    // The "N": a->c, a->d, b->d is not series-parallel; compiled, c waits for b too.
    const a = job("a");
    const b = job("b");
    const g = graphOf(dag(a, b, job("c", { after: [a] }), job("d", { after: [a, b] })));
    expect(edgeList(g).filter((e) => !e.startsWith("wf") && !e.includes("succeeded"))).toEqual([
      "a -> c",
      "a -> d",
      "b -> d",
    ]);
    expect(edgeList(g).filter((e) => e.startsWith("wf"))).toEqual(["wf -> a", "wf -> b"]);
    expect(edgeList(g).filter((e) => e.includes("succeeded"))).toEqual(["c -> succeeded", "d -> succeeded"]);
  });

  it("draws the end's edges from the last levels only when a dag ends in many jobs", () => {
    const root = job("root");
    const early = Array.from({ length: 9 }, (_, i) => job(`early${i}`, { after: [root] }));
    const mid = job("mid", { after: [root] });
    const next = job("next", { after: [mid] });
    const last = [job("last1", { after: [next] }), job("last2", { after: [next] })];
    const g = graphOf(dag(root, ...early, mid, next, ...last));
    expect(edgeList(g).filter((e) => e.endsWith("succeeded"))).toEqual([
      "last1 -> succeeded",
      "last2 -> succeeded",
    ]);
    expect(g.nodes.find((n) => n.id === "end")?.details).toEqual([
      "once every job has ended: 9 more end the flow above",
    ]);
  });

  it("draws catch handlers with the errors they catch, and where the flow goes after them", () => {
    const g = graphOf(
      parallel(job("a"), job("b"))
        .catch(["States.Timeout"], job("late"))
        .then(job("c").catch(["States.ALL"], job("alert"), { rethrow: true })),
    );
    expect(edgeList(g, "catch")).toEqual([
      "cluster_parallel -> late [States.Timeout]",
      "c -> alert [any error]",
    ]);
    expect(edgeList(g, "fail")).toEqual(["alert -> failed [rethrow]"]);
    // After the handler of a catch without rethrow, the flow goes on.
    expect(edgeList(g, "next")).toContain("late -> c");
  });

  it("puts the failed end outside every box, whichever box the failure is drawn from", () => {
    const g = graphOf(
      sequence(job("a").catch(["States.ALL"], job("h"), { rethrow: true }), job("b")).timeout("1h"),
    );
    expect(edgeList(g, "fail")).toEqual(["h -> failed [rethrow]"]);
    expect(g.topNodes).toContain("failed");
    expect(g.clusters[0]?.nodes).toEqual(["job-a", "job-h", "job-b"]);
  });

  it("draws .finally() as a handler every way out passes through, failing again after a failure", () => {
    const g = graphOf(sequence(job("a"), job("b")).finally(job("cleanup")).then(job("c")));
    expect(g.clusters.map((c) => [c.kind, c.nodes])).toEqual([["group", ["job-a", "job-b"]]]);
    expect(edgeList(g, "finally")).toEqual(["cluster_group -> cleanup [finally]"]);
    expect(edgeList(g, "fail")).toEqual(["cleanup -> failed [after a failure]"]);
    expect(edgeList(g, "next")).toContain("cleanup -> c");
    expect(edgeList(g, "next")).not.toContain("b -> c");
  });

  it("boxes a map with where its items come from, and a group with its time budget", () => {
    const g = graphOf(
      sequence(
        job("list"),
        map(input("files"), () => job("process"), { concurrency: 3 }),
      ).timeout("2h"),
    );
    expect(g.clusters).toMatchObject([
      {
        kind: "group",
        label: "group · time budget 2h",
        clusters: [{ kind: "map", label: "map over $.files · 3 at once", nodes: ["job-process"] }],
      },
    ]);
  });

  it("shows a workflow lock as a box around the flow, a job lock on the job, and notifications", () => {
    const g = graphOf(job("a", { lock: { name: "nightly", wait: "5m" } }), {
      lock: { name: "whole", onBusy: "skip" },
      notify: { sns: "arn:aws:sns:ap-northeast-1:123456789012:ops", on: ["failure", "success"] },
    });
    expect(g.clusters).toMatchObject([
      { kind: "lock", label: "lock whole (skip when busy)", nodes: ["job-a"] },
    ]);
    expect(g.nodes.find((n) => n.id === "job-a")?.details).toContain("lock nightly (wait 5m, then fail)");
    expect(edgeList(g, "notify")).toEqual(["succeeded -> notify [success]", "failed -> notify [failure]"]);
    expect(g.jobs).toEqual([
      {
        name: "a",
        image: "123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/batch:prod",
        command: "make run a",
        timeout: "1h",
        retry: "none",
        lock: "lock nightly (wait 5m, then fail)",
      },
    ]);
  });

  it("labels a job with its retries (not the infrastructure preset every job has) and its outcome", () => {
    const { node, resolved } = sources(
      job("a").retry({ on: ["States.Timeout"], interval: "3s", maxAttempts: 2, backoff: 1.5 }),
    );
    const g = jobGraph(
      node,
      resolved,
      new Map([
        ["a", { status: "failed", attempts: 3, durationMs: 12_345, startMs: 20, exitCode: 2 } as const],
      ]),
    );
    expect(g.nodes.find((n) => n.id === "job-a")).toMatchObject({
      details: [
        "batch:prod",
        "make run a",
        "timeout 1h",
        "retry 2× on States.Timeout (3s ×1.5)",
        "failed (exit 2) · 3 attempts · 12.3 s · started +20 ms",
      ],
      outcome: { status: "failed" },
    });
  });

  it("labels a retry's cap on its pauses and its jitter", () => {
    const { node, resolved } = sources(
      job("a").retry({
        on: ["States.TaskFailed"],
        interval: "1s",
        maxAttempts: 2,
        backoff: 3,
        maxDelay: "5s",
        jitter: "full",
      }),
    );
    expect(jobGraph(node, resolved).nodes.find((n) => n.id === "job-a")?.details).toContain(
      "retry 2× on States.TaskFailed (1s ×3, at most 5s, jittered)",
    );
  });
});
