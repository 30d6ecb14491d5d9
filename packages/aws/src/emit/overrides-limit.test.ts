import { fargate, input, job, workflow } from "@batchflow/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { PayloadTemplate, TaskState } from "../asl/asl-types.js";
import { compileResolving, tryCompile } from "../compile.js";
import { maxOverridesLength, overridesLength, overridesLengthBound } from "./overrides-limit.js";

const task = fargate({ image: "busybox", cpu: 256, memory: 512 });
const options = { cluster: "c", network: { subnets: ["subnet-a"] }, defaults: { task } };

/** The workflow of one job running `command` with `env`, compiled. */
const compileJob = (command: string[], env: Record<string, string | ReturnType<typeof input>> = {}) =>
  tryCompile(workflow("w", options, job("big", { command, env })));

const overridesOf = (command: string[]) => {
  const state = compileJob(command).compiled?.stateMachine.States.big as TaskState;
  return state.Parameters?.Overrides as PayloadTemplate;
};

describe("container overrides limit", () => {
  it("counts the minified JSON of the overrides, escapes included", () => {
    for (const value of [
      {},
      [],
      { a: [] },
      { ContainerOverrides: [{ Name: "main", Command: ["echo", 'say "hi"\\', "\n", "ünï"] }], Cpu: "256" },
      { n: 1.5, t: true, f: null, nested: [[], [{}], ["\ud800"]] },
      { gone: undefined, fn: () => 1, list: [undefined, () => 1, "x"] },
    ]) {
      expect(overridesLength(value as PayloadTemplate)).toBe(JSON.stringify(value).length);
    }
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (value) => {
        // No key ending in ".$" at any depth: in JSON text such a key, and only such a key, is `.$":`.
        fc.pre(!JSON.stringify(value).includes('.$":'));
        expect(overridesLength(value as PayloadTemplate)).toBe(JSON.stringify(value).length);
      }),
      { numRuns: 300 },
    );
  });

  it("counts a value read from the execution input as empty", () => {
    expect(overridesLength({ Environment: [{ Name: "D", "Value.$": "$.date" }] })).toBe(
      JSON.stringify({ Environment: [{ Name: "D", Value: "" }] }).length,
    );
    const withInput = compileJob(["x"], { LOG: "info", DATE: input("date") }).compiled;
    const state = withInput?.stateMachine.States.big as TaskState;
    expect(overridesLength(state.Parameters?.Overrides as PayloadTemplate)).toBe(
      JSON.stringify(state.Parameters?.Overrides).replace('"Value.$":"$.date"', '"Value":""').length,
    );
  });

  it(`takes overrides of ${maxOverridesLength} characters and refuses one more, at the job (BF1320)`, () => {
    const base = JSON.stringify(overridesOf(["x"])).length;
    const atLimit = ["x".repeat(1 + maxOverridesLength - base)];
    expect(JSON.stringify(overridesOf(atLimit)).length).toBe(maxOverridesLength);
    expect(compileJob(atLimit).diagnostics).toEqual([]);

    const over = compileJob([`${atLimit[0]}x`]);
    expect(over.compiled).toBeUndefined();
    const [problem, ...others] = over.diagnostics;
    expect(others).toEqual([]);
    expect(problem).toMatchObject({
      code: "BF1320",
      severity: "error",
      workflow: "w",
      job: "big",
      message: `the job's container overrides (command, env, cpu and memory) are ${maxOverridesLength + 1} characters as JSON; ECS RunTask takes at most ${maxOverridesLength}`,
    });
    expect(problem?.location?.file).toMatch(/overrides-limit\.test\.ts$/);
  });

  it("bounds the overrides' length from the job's strings, above the exact count whatever they hold", () => {
    const name = fc.stringMatching(/^[A-Z_][A-Z0-9_]{0,12}$/);
    fc.assert(
      fc.property(
        fc.array(fc.string({ unit: "binary" }), { minLength: 1, maxLength: 6 }),
        fc.dictionary(name, fc.oneof(fc.string({ unit: "binary" }), fc.constant(input("date")))),
        fc.option(fc.constantFrom(512, 1024), { nil: undefined }),
        (command, env, cpu) => {
          const result = compileResolving(
            workflow("w", options, job("big", { command, env, ...(cpu ? { cpu } : {}) })),
          );
          const resolved = result.resolved?.jobs[0];
          const state = result.compiled?.stateMachine.States.big as TaskState | undefined;
          fc.pre(resolved !== undefined && state !== undefined);
          const exact = overridesLength(state.Parameters?.Overrides as PayloadTemplate);
          expect(overridesLengthBound(resolved, "main")).toBeGreaterThanOrEqual(exact);
        },
      ),
      { numRuns: 200 },
    );
  });

  it("counts a long environment and escaped characters too", () => {
    const env = Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`VAR_${i}`, "value-value"]));
    expect(compileJob(["x"], env).diagnostics.map((d) => d.code)).toEqual(["BF1320"]);
    // 4,100 quotes are 8,200 characters as JSON: over the limit, though 4,100 letters are not.
    expect(compileJob(['"'.repeat(4100)]).diagnostics.map((d) => d.code)).toEqual(["BF1320"]);
    expect(compileJob(["x".repeat(4100)]).diagnostics).toEqual([]);
  });
});
