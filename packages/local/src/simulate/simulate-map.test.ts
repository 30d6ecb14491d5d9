import {
  type Flow,
  fargate,
  input,
  isBatchflowError,
  job,
  map,
  s3Items,
  type Workflow,
  workflow,
} from "@batchflow/core";
import { describe, expect, it } from "vitest";
import { simulate } from "./simulate.js";

const minute = 60_000;

function testWorkflow<J extends string>(body: Flow<J>): Workflow<J> {
  return workflow(
    "sim-map",
    {
      cluster: "batch",
      network: { subnets: ["subnet-a"] },
      defaults: {
        task: fargate({ image: "img", taskRole: "arn:aws:iam::000000000000:role/task" }),
        command: (name) => ["make", "run", name],
        timeout: "30m",
      },
    },
    body,
  );
}

const partitions = (n: number) => ({
  partitions: Array.from({ length: n }, (_, i) => ({ id: `p${i + 1}` })),
});
const codeOf = async (promise: Promise<unknown>): Promise<string | undefined> => {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  return isBatchflowError(error) ? error.code : String(error);
};

describe("simulate(): map()", () => {
  const perItem = testWorkflow(
    map(input("$.partitions"), (item) => job("process", { env: { ID: item("$.id") } }), { concurrency: 2 }),
  );

  it("runs the body once per item, concurrency at a time, in virtual time", async () => {
    const run = await simulate(perItem, { input: partitions(5), jobs: { process: { duration: "1m" } } });
    expect(run.status).toBe("SUCCEEDED");
    expect(run.attempts("process")).toBe(5);
    // Five one-minute items, two at a time: three rounds.
    expect(run.duration).toBe(3 * minute);
  });

  it("scripts each item with byItem: one failing item fails the map", async () => {
    const run = await simulate(perItem, {
      input: partitions(4),
      jobs: { process: { byItem: (item) => (item.id === "p3" ? { exitCode: 2 } : {}) } },
    });
    expect(run).toMatchObject({ status: "FAILED", error: "States.TaskFailed" });
    expect(JSON.parse(run.cause ?? "{}").Containers[0].ExitCode).toBe(2);
  });

  it("byItem fields go over the job's own, and retries count per item", async () => {
    const retried = testWorkflow(
      map(input("$.partitions"), (item) => job("process", { env: { ID: item("$.id") } }))
        .retry({ on: ["States.TaskFailed"], maxAttempts: 2, interval: "10s" })
        .catch(["States.ALL"], job("alert")),
    );
    const run = await simulate(retried, {
      input: partitions(3),
      jobs: {
        process: { duration: "1m", byItem: (item) => (item.id === "p2" ? { failTimes: 2 } : {}) },
      },
    });
    expect(run.status).toBe("SUCCEEDED");
    expect(run.attempts("process")).toBe(5);
    expect(run.ran("alert")).toBe(false);
    // p2 (item 1) failed twice, then succeeded; the others succeeded at once.
    expect(
      run
        .history("process")
        .map((a) => `${a.item}#${a.attempt} ${a.outcome}`)
        .sort(),
    ).toEqual(["0#1 succeeded", "1#1 failed", "1#2 failed", "1#3 succeeded", "2#1 succeeded"]);
  });

  it("maps over a job's scripted output; without one the job fails with Batchflow.OutputNotSent", async () => {
    const list = job("list", { output: true });
    const wf = testWorkflow(list.then(map(list, (item) => job("process", { command: ["p", item()] }))));
    const run = await simulate(wf, { jobs: { list: { output: ["a", "b", "c"] } } });
    expect(run.status).toBe("SUCCEEDED");
    expect(run.attempts("process")).toBe(3);

    const silent = await simulate(wf, {});
    expect(silent).toMatchObject({ status: "FAILED", error: "Batchflow.OutputNotSent" });
    const failing = await simulate(wf, { jobs: { list: { exitCode: 1 } } });
    expect(failing).toMatchObject({ status: "FAILED", error: "Batchflow.TaskFailed" });
    expect(await codeOf(simulate(wf, { jobs: { process: { output: [] } } }))).toBe("BF1521");
    expect(await codeOf(simulate(wf, { jobs: { process: { byItem: "x" as never } } }))).toBe("BF1521");
  });

  it("refuses a map over s3Items() (BF1535)", async () => {
    const wf = testWorkflow(map(s3Items({ bucket: "logs" }), () => job("parse"), { distributed: true }));
    expect(await codeOf(simulate(wf, {}))).toBe("BF1535");
  });
});
