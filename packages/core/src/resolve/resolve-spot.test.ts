import { describe, expect, expectTypeOf, it } from "vitest";
import { job } from "../builders/job.js";
import { fargate } from "../builders/values.js";
import { workflow } from "../builders/workflow.js";
import type { SpotInput } from "../ir/spot-options.js";
import type { WorkflowOptions } from "../ir/workflow-options.js";
import { resolveWorkflow } from "./resolve-workflow.js";

const base: WorkflowOptions = {
  cluster: "batch",
  network: { subnets: ["subnet-a"] },
  defaults: { task: fargate({ image: "img", spot: true }), command: ["run"] },
};

function resolved(options: Partial<WorkflowOptions>, ...jobs: Parameters<typeof job>[]) {
  const body = jobs.map((args) => job(...args)).reduce((a, b) => a.then(b));
  return resolveWorkflow(workflow("wf", { ...base, ...options }, body).toNode());
}

describe("spot", () => {
  it("comes from the job, then the defaults, then the container", () => {
    const { workflow: w } = resolved({}, ["a"], ["b", { spot: false }], ["c", { spot: { weight: 3 } }]);
    expect(w?.jobs.map((j) => j.spot && [j.spot.mixed, j.spot.base, j.spot.weight])).toEqual([
      [false, 0, 1],
      undefined,
      [true, 0, 3],
    ]);
    const off = resolved({ defaults: { ...base.defaults, spot: false } }, ["a"], ["b", { spot: true }]);
    expect(off.workflow?.jobs.map((j) => j.spot !== undefined)).toEqual([false, true]);
  });

  it("keeps the preset for interruptions and the user's retries for the run on Spot", () => {
    const w = resolveWorkflow(
      workflow("wf", base, job("a").retry({ on: ["States.TaskFailed"], maxAttempts: 1 })).toNode(),
    ).workflow;
    const spot = w?.jobs[0]?.spot;
    expect(spot?.interruptionRetry).toMatchObject({ intervalSeconds: 10, maxAttempts: 3, backoffRate: 2 });
    expect(spot?.retry.map((r) => r.errors)).toEqual([["States.TaskFailed"]]);
    expect(w?.jobs[0]?.retry.map((r) => r.errors)).toEqual([
      ["ECS.AmazonECSException", "AmazonECS.Unknown"],
      ["States.TaskFailed"],
    ]);
    const off = resolved({ infrastructureRetry: false }, ["a"]).workflow?.jobs[0]?.spot;
    expect(off).toBeDefined();
    expect(off?.interruptionRetry).toBeUndefined();
  });

  it("refuses base and weight out of ECS's range, and a strategy that never uses Spot (BF1240)", () => {
    for (const spot of [{ weight: 2.5 }, { weight: 1001 }, { base: -1 }, { base: 0, weight: 0 }]) {
      const { diagnostics } = resolved({}, ["a", { spot }]);
      expect(diagnostics.map((d) => [d.code, d.job])).toEqual([["BF1240", "a"]]);
    }
  });

  it("shares one task definition family between containers that differ only in spot", () => {
    const { workflow: w } = resolved(
      {},
      ["a", { task: fargate({ image: "img" }) }],
      ["b", { task: fargate({ image: "img", spot: { weight: 2 } }) }],
    );
    expect(w?.jobs[0]?.container.key).toBe(w?.jobs[1]?.container.key);
  });

  it("checks the option's type at the call, with what it takes", () => {
    expect(() => fargate({ image: "img", spot: "yes" as never })).toThrow(
      /BF1012|true, false or \{ base, weight \}/,
    );
    expect(() => job("a", { spot: { wieght: 3 } as never })).toThrow(/weight/);
    expectTypeOf<NonNullable<Parameters<typeof fargate>[0]["spot"]>>().toEqualTypeOf<SpotInput>();
    // @ts-expect-error spot takes true, false or { base, weight }
    expect(() => job("a", { spot: "FARGATE_SPOT" })).toThrow(
      /spot must be true, false or \{ base, weight \}/,
    );
  });
});
