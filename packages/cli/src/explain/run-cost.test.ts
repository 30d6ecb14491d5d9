import { fargate, job, resolveWorkflow, sequence, workflow } from "@batchflow/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { listPrices } from "./list-prices.js";
import { jobCosts } from "./run-cost.js";

const network = { subnets: ["subnet-0123456789abcdef0"] };

function resolved(
  body: Parameters<typeof workflow>[2],
  task = fargate({ image: "example/batch:1", command: ["true"] }),
) {
  const result = resolveWorkflow(
    workflow("costs", { cluster: "batch", network, defaults: { task } }, body).toNode(),
  );
  if (!result.workflow) throw new Error(JSON.stringify(result.diagnostics));
  return result.workflow;
}

describe("jobCosts", () => {
  it("bills a job's vCPU and GB per second at the list price, at least a minute", () => {
    const task = fargate({ image: "example/batch:1", command: ["true"], cpu: 1024, memory: 2048 });
    const w = resolved(job("a", { timeout: "1h" }), task);
    const [a] = jobCosts(w.body, () => 1800, listPrices);
    const perHour = 1 * listPrices.fargate.x86_64.perVcpuHour + 2 * listPrices.fargate.x86_64.perGbHour;
    expect(a?.best).toBeCloseTo(perHour / 2, 10);
    // The infrastructure preset's 3 retries: 4 attempts of an hour at worst.
    expect(a?.attempts).toBe(4);
    expect(a?.worst).toBeCloseTo(4 * perHour, 10);
    const [short] = jobCosts(w.body, () => 5, listPrices);
    expect(short?.best).toBeCloseTo(perHour / 60, 10);
  });

  it("prices the size the task runs at, as compile sizes it: memory its CPU needs at least, a job's CPU override with it", () => {
    // 1 vCPU and no memory: the task definition gets 2 GB, Fargate's least for 1 vCPU.
    const task = fargate({ image: "example/batch:1", command: ["true"], cpu: 1024 });
    const [a, b] = jobCosts(
      resolved(sequence(job("a"), job("b", { cpu: 4096 })), task).body,
      () => 3600,
      listPrices,
    );
    expect([a?.vcpu, a?.memoryGb]).toEqual([1, 2]);
    // A job that sets only cpu: 4 vCPU cannot run with 2 GB, so its override names 8 GB.
    expect([b?.vcpu, b?.memoryGb]).toEqual([4, 8]);
  });

  it("prices ARM64 at its own rate and Spot at its share at best, on-demand at worst", () => {
    const arm = fargate({ image: "example/batch:1", command: ["true"], architecture: "arm64", spot: true });
    const [a] = jobCosts(resolved(job("a"), arm).body, () => 3600, listPrices);
    const perHour = 0.25 * listPrices.fargate.arm64.perVcpuHour + 0.5 * listPrices.fargate.arm64.perGbHour;
    expect(a?.spot).toBe(true);
    expect(a?.best).toBeCloseTo(perHour * listPrices.fargate.spotShare, 10);
    expect(a?.worst).toBeCloseTo(a ? a.attempts * perHour : Number.NaN, 10);
  });

  it("leaves a catch handler out of the best case and keeps a finally handler in it", () => {
    const w = resolved(
      sequence(job("a").catch(["States.TaskFailed"], job("on-failure")), job("b")).finally(job("cleanup")),
    );
    const costs = Object.fromEntries(jobCosts(w.body, () => 60, listPrices).map((c) => [c.job, c]));
    expect(costs["on-failure"]?.onSuccessPath).toBe(false);
    expect(costs["on-failure"]?.best).toBe(0);
    expect(costs.cleanup?.onSuccessPath).toBe(true);
    expect(Object.keys(costs).sort()).toEqual(["a", "b", "cleanup", "on-failure"]);
  });

  it("never makes the best case dearer than the worst when durations stay within the timeouts", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 7200 }),
        fc.integer({ min: 0, max: 7200 }),
        fc.constantFrom(256, 1024, 4096),
        fc.boolean(),
        (timeout, took, cpu, spot) => {
          const task = fargate({ image: "example/batch:1", command: ["true"], cpu, memory: cpu * 2, spot });
          const w = resolved(job("a", { timeout: timeout }), task);
          const [a] = jobCosts(w.body, () => Math.min(took, timeout), listPrices);
          expect(a?.best).toBeLessThanOrEqual(a?.worst ?? Number.NaN);
        },
      ),
    );
  });
});
