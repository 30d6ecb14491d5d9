// The state transitions `batchflow explain` counts on the compiled ASL, checked against runs of that
// ASL in simulate() (aws-local-stepfunctions): a run where every job succeeds enters exactly the
// states counted as the best case, and a run where every job fails never enters (or retries) more
// than the worst case.
import { compile, cron, fargate, job, workflow } from "@batchflow/batchflow";
import { simulate } from "@batchflow/batchflow/testing";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import seedConfig from "../examples/seed-migration/batchflow.config.js";
import { hourly } from "../examples/seed-migration/workflows/ads-hourly.js";
import { stateTransitions } from "../packages/cli/src/explain/state-transitions.js";
import { testWorkflow } from "./support/flow-fixtures.js";
import { allJobs, buildFlow, flowSpecArb } from "./support/random-flow.js";

type Trace = Awaited<ReturnType<typeof simulate>>["trace"];

/** Transitions Step Functions bills for the run: every state entered, every retry. */
const transitions = (trace: Trace) =>
  trace.filter((e) => e.type === "StateEntered" || e.type === "StateRetried").length;

describe("state transitions of one run", () => {
  it("best is what an all-succeeding run enters; worst bounds a run where everything fails", async () => {
    await fc.assert(
      fc.asyncProperty(flowSpecArb(), async (spec) => {
        const wf = testWorkflow(buildFlow(spec));
        const counted = stateTransitions(compile(wf));
        const succeeded = await simulate(wf, {});
        expect(transitions(succeeded.trace)).toBe(counted.best);
        const jobs = Object.fromEntries(allJobs(spec).map((name) => [name, { exitCode: 1 }]));
        const failed = await simulate(wf, { jobs } as never);
        expect(transitions(failed.trace)).toBeLessThanOrEqual(counted.worst);
        expect(counted.best).toBeLessThanOrEqual(counted.worst);
      }),
      { numRuns: 40 },
    );
  });

  it("counts the lock machine's calls and the notify machine's run of the seed example", () => {
    const counted = stateTransitions(compile(hourly, { config: seedConfig }));
    // Machine: 3 lock-held Parallels, 3 acquires, 3 checks, 3 jobs, 3 releases and parallel-fuga-foo (16);
    // each acquire and release starts the lock machine (op, take, acquired / op, release, released: 3 each, 18);
    // the success notification (describe, defaults, merge, kind, success fields, link, message,
    // success, webhook, slack, done: 11).
    expect(counted.best).toBe(16 + 18 + 11);
    expect(counted.worst).toBeGreaterThan(120 * 3);
  });

  it("counts a Spot job's interruption retries only at worst", () => {
    const batch = fargate({ image: "example/batch:1", spot: true });
    const wf = workflow(
      "spotty",
      {
        schedule: cron("0 3 * * *"),
        cluster: "batch",
        network: { subnets: ["subnet-0123456789abcdef0"] },
        defaults: { task: batch },
      },
      job("a", { command: ["true"] }),
    );
    const counted = stateTransitions(compile(wf));
    expect(counted.worst).toBeGreaterThan(counted.best);
  });
});
