import { fargate, job, parallel, type Workflow, workflow } from "@batchflow/core";
import { describe, expectTypeOf, it } from "vitest";
import type { JobTiming, SimulatedAttempt, Simulation, SimulationEvent, SimulationStatus } from "./result.js";
import type { Scenario, ScenarioJob } from "./scenario.js";
import { simulate } from "./simulate.js";

const hourly = workflow(
  "ads-hourly",
  { defaults: { task: fargate({ image: "batch:1" }) } },
  job("hoge").then(parallel(job("fuga"), job("foo"))),
);
type Jobs = "hoge" | "fuga" | "foo";

describe("simulate() types", () => {
  it("carries the workflow's job names into the scenario and the result", async () => {
    expectTypeOf(hourly).toEqualTypeOf<Workflow<Jobs>>();
    expectTypeOf(simulate(hourly, { jobs: { fuga: { exitCode: 2 } } })).resolves.toEqualTypeOf<
      Simulation<Jobs>
    >();
    expectTypeOf(simulate<Jobs>)
      .parameter(1)
      .toEqualTypeOf<Scenario<Jobs> | undefined>();

    const run = await simulate(hourly, { jobs: { fuga: { exitCode: 2 } } });
    expectTypeOf(run.status).toEqualTypeOf<SimulationStatus>();
    expectTypeOf(run.status).toEqualTypeOf<"SUCCEEDED" | "FAILED" | "TIMED_OUT">();
    expectTypeOf(run.attempts).parameter(0).toEqualTypeOf<Jobs>();
    expectTypeOf(run.attempts("fuga")).toEqualTypeOf<number>();
    expectTypeOf(run.ran("foo")).toEqualTypeOf<boolean>();
    expectTypeOf(run.timing("hoge")).toEqualTypeOf<JobTiming>();
    expectTypeOf(run.history("hoge")).toEqualTypeOf<ReadonlyArray<SimulatedAttempt<Jobs>>>();
    expectTypeOf(run.duration).toEqualTypeOf<number>();
    expectTypeOf(run.error).toEqualTypeOf<string | undefined>();
    expectTypeOf(run.trace).toEqualTypeOf<ReadonlyArray<SimulationEvent<Jobs>>>();
    const started = run.trace.find((e) => e.type === "JobStarted");
    if (started?.type === "JobStarted") expectTypeOf(started.job).toEqualTypeOf<Jobs>();
  });

  it("accepts the scenario fields in their documented forms", () => {
    simulate(hourly);
    simulate(hourly, {});
    simulate(hourly, {
      jobs: {
        hoge: { duration: "45m" },
        fuga: { failTimes: 2, exitCode: 3, duration: 1500 },
        foo: { error: { name: "MyApp.Quota", cause: "full" } },
      },
      input: { date: "2026-01-01" },
      defaultDuration: "250ms",
    });
    simulate(
      hourly,
      { jobs: { hoge: { error: "ECS.AmazonECSException" } } },
      { config: { cluster: "batch" } },
    );
    expectTypeOf<ScenarioJob["duration"]>().toEqualTypeOf<
      number | `${number}${"ms" | "s" | "m" | "h" | "d"}` | undefined
    >();
  });

  it("refuses job names the workflow does not have, at compile time", async () => {
    // @ts-expect-error "fugo" is not a job of hourly
    simulate(hourly, { jobs: { fugo: { exitCode: 2 } } });
    // @ts-expect-error "nope" is not a job of hourly (alongside real ones)
    simulate(hourly, { jobs: { fuga: {}, nope: {} } });

    const run = await simulate(hourly);
    // @ts-expect-error attempts() takes a job of hourly
    run.attempts("fugo");
    // @ts-expect-error timing() takes a job of hourly
    run.timing("other");
    // @ts-expect-error ran() takes a job of hourly
    run.ran("x");
  });

  it("refuses malformed outcomes at compile time", () => {
    // @ts-expect-error exitCode is a number
    simulate(hourly, { jobs: { fuga: { exitCode: "2" } } });
    // @ts-expect-error durations are milliseconds or "<n>ms|s|m|h|d"
    simulate(hourly, { jobs: { fuga: { duration: "5 minutes" } } });
    // @ts-expect-error job outcomes go under "jobs"
    simulate(hourly, { fuga: { exitCode: 2 } });
    // @ts-expect-error the first argument is a workflow
    simulate("ads-hourly", {});
  });

  it("a workflow typed with plain string job names takes any name", async () => {
    const loose = hourly as Workflow;
    const run = await simulate(loose, { jobs: { anything: {} } });
    expectTypeOf(run).toEqualTypeOf<Simulation<string>>();
  });
});
