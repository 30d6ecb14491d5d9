import { fargate, job, type Workflow, workflow } from "@batchflow/core";
import { describe, expectTypeOf, it } from "vitest";
import type { Simulation } from "./result.js";
import { simulateConcurrent } from "./simulate-concurrent.js";

const task = fargate({ image: "batch:1" });
const hourly = workflow("ads-hourly", { defaults: { task } }, job("hoge").then(job("fuga")));
const nightly = workflow("nightly", { defaults: { task } }, job("extract"));

describe("simulateConcurrent() types", () => {
  it("gives one result per run, each typed with its own workflow's jobs", async () => {
    const runs = await simulateConcurrent([
      { workflow: hourly, scenario: { jobs: { fuga: { exitCode: 2 } } } },
      { workflow: nightly, startAfter: "5m" },
    ]);
    expectTypeOf(runs).toEqualTypeOf<[Simulation<"hoge" | "fuga">, Simulation<"extract">]>();
    expectTypeOf(runs[1].attempts).parameter(0).toEqualTypeOf<"extract">();
  });

  it("takes an array built at run time", async () => {
    const runs = await simulateConcurrent(Array.from({ length: 5 }, () => ({ workflow: hourly })));
    expectTypeOf(runs).toEqualTypeOf<Simulation<"hoge" | "fuga">[]>();
  });

  it("refuses a scenario naming another workflow's job, and a start time that is not a duration", () => {
    // @ts-expect-error "extract" is not a job of hourly
    simulateConcurrent([{ workflow: hourly, scenario: { jobs: { extract: {} } } }]);
    // @ts-expect-error durations are milliseconds or "<n>ms|s|m|h|d"
    simulateConcurrent([{ workflow: hourly, startAfter: "five minutes" }]);
  });

  it("a workflow typed with plain string job names takes any name", async () => {
    const [run] = await simulateConcurrent([{ workflow: hourly as Workflow }]);
    expectTypeOf(run).toEqualTypeOf<Simulation<string>>();
  });
});
