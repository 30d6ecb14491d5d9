// Property tests of dag(): random dependency graphs compile to valid ASL (asl-validator) that, run by
// simulate() with random durations in virtual time, starts every job exactly once and never before all
// of its dependencies ended; series-parallel graphs finish in exactly their critical path.
import { compile, type Flow, job, parallel } from "@batchflow/batchflow";
import { simulate } from "@batchflow/batchflow/testing";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  brokenDependencies,
  criticalPathMs,
  type DagSpec,
  dagScenario,
  dagSpecArb,
  dagWorkflow,
  jobName,
  seriesParallelSpecArb,
} from "./support/random-dag.js";
import { validateAsl } from "./support/validate-asl.js";

/** Where the dag sits: alone, or after a job and beside another branch. */
const placements: Record<string, (body: Flow) => Flow> = {
  alone: (body) => body,
  nested: (body) =>
    job("before")
      .then(parallel(body, job("beside")))
      .then(job("after")),
};

async function runOnce(spec: DagSpec, placement: string) {
  const wf = dagWorkflow(spec, placements[placement]);
  const compiled = compile(wf);
  expect(validateAsl(compiled.stateMachine).errors).toEqual([]);
  expect(compile(wf).files).toEqual(compiled.files);
  const run = await simulate(wf, dagScenario(spec));
  expect(run.status).toBe("SUCCEEDED");
  return run;
}

describe("dag() on random graphs", () => {
  it("runs every job once and never before its dependencies ended", async () => {
    await fc.assert(
      fc.asyncProperty(
        dagSpecArb(30),
        fc.constantFrom(...Object.keys(placements)),
        async (spec, placement) => {
          const run = await runOnce(spec, placement);
          for (let v = 0; v < spec.after.length; v++) expect(run.attempts(jobName(v))).toBe(1);
          expect(brokenDependencies(spec, run)).toEqual([]);
          if (placement === "alone") expect(run.duration).toBeGreaterThanOrEqual(criticalPathMs(spec));
        },
      ),
      { seed: 20_260_503, numRuns: 120 },
    );
  });

  it("runs a series-parallel graph in exactly its critical path, whatever the durations", async () => {
    await fc.assert(
      fc.asyncProperty(seriesParallelSpecArb(30), async (spec) => {
        const run = await runOnce(spec, "alone");
        expect(brokenDependencies(spec, run)).toEqual([]);
        expect(run.duration).toBe(criticalPathMs(spec));
      }),
      { seed: 20_260_504, numRuns: 120 },
    );
  });
});
