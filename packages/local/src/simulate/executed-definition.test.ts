import { describe, expect, it } from "vitest";
import { collectStates } from "../interpreter/execute-asl.js";
import { executedDefinition, maxBranchesPerParallel } from "./executed-definition.js";

const task = (fields: Record<string, unknown> = {}) => ({
  Type: "Task",
  Resource: "arn:${AWS::Partition}:states:::ecs:runTask.sync",
  ResultPath: null,
  TimeoutSeconds: 60,
  End: true,
  ...fields,
});
const wide = (n: number) => ({
  StartAt: "fan",
  States: {
    fan: {
      Type: "Parallel",
      Branches: Array.from({ length: n }, (_, i) => ({ StartAt: `j${i}`, States: { [`j${i}`]: task() } })),
      ResultPath: null,
      End: true,
    },
  },
});
const parallelWidths = (definition: unknown) =>
  collectStates(definition)
    .filter(({ state }) => state.Type === "Parallel")
    .map(({ name, state }) => [name, (state.Branches as unknown[]).length]);

describe("executedDefinition", () => {
  it("drops FULL jitter (a retry waits its full computed delay) without touching the original", () => {
    const retry = [
      { ErrorEquals: ["States.TaskFailed"], IntervalSeconds: 30, JitterStrategy: "FULL" },
      { ErrorEquals: ["States.ALL"], JitterStrategy: "NONE" },
    ];
    const original = { StartAt: "a", States: { a: task({ Retry: retry }) } };
    const before = structuredClone(original);

    const { definition } = executedDefinition(original);

    expect(collectStates(definition)[0]?.state.Retry).toEqual([
      { ErrorEquals: ["States.TaskFailed"], IntervalSeconds: 30 },
      { ErrorEquals: ["States.ALL"], JitterStrategy: "NONE" },
    ]);
    expect(original).toEqual(before);
  });

  it(`leaves a Parallel state of up to ${maxBranchesPerParallel} branches alone`, () => {
    const { definition, synthetic } = executedDefinition(wide(40));
    expect(parallelWidths(definition)).toEqual([["fan", 40]]);
    expect(synthetic.size).toBe(0);
  });

  it("splits a wider Parallel state into nested ones of at most 40 branches, keeping every branch", () => {
    const { definition, synthetic, ancestors } = executedDefinition(wide(1000));

    const chunks = Array.from({ length: 25 }, (_, i) => `fan~1.${i + 1}`);
    expect(parallelWidths(definition)).toEqual([["fan", 25], ...chunks.map((name) => [name, 40])]);
    expect(synthetic).toEqual(new Set(chunks));
    const tasks = collectStates(definition).filter(({ state }) => state.Type === "Task");
    expect(tasks.map((t) => t.name)).toEqual(Array.from({ length: 1000 }, (_, i) => `j${i}`));
    expect(ancestors.get("j0")).toEqual(["fan~1.1", "fan"]);
    expect(ancestors.get("j999")).toEqual(["fan~1.25", "fan"]);
    for (const name of synthetic) {
      expect(collectStates(definition).find((s) => s.name === name)?.state).toMatchObject({
        Type: "Parallel",
        ResultPath: null,
        End: true,
      });
    }
  });

  it("nests again when there are more than 40 chunks (2,000 branches: 50 chunks in 2 groups)", () => {
    const { definition, ancestors } = executedDefinition(wide(2000));
    const widths = parallelWidths(definition);
    expect(widths.slice(0, 2)).toEqual([
      ["fan", 2],
      ["fan~2.1", 40],
    ]);
    expect(widths.filter(([name]) => String(name).startsWith("fan~1."))).toHaveLength(50);
    expect(widths.every(([, n]) => Number(n) <= 40)).toBe(true);
    expect(ancestors.get("j1999")).toEqual(["fan~1.50", "fan~2.2", "fan"]);
  });

  it("splits 41 branches into 40 + 1", () => {
    expect(parallelWidths(executedDefinition(wide(41)).definition)).toEqual([
      ["fan", 2],
      ["fan~1.1", 40],
      ["fan~1.2", 1],
    ]);
  });

  it("does not split a Parallel state whose output is kept (ResultPath not null)", () => {
    const definition = wide(50);
    delete (definition.States.fan as Record<string, unknown>).ResultPath;
    expect(parallelWidths(executedDefinition(definition).definition)).toEqual([["fan", 50]]);
  });

  it("maps every Task state to the Parallel states around it, innermost first", () => {
    const definition = {
      StartAt: "outer",
      States: {
        outer: {
          Type: "Parallel",
          ResultPath: null,
          Branches: [
            {
              StartAt: "inner",
              States: {
                inner: {
                  Type: "Parallel",
                  ResultPath: null,
                  Branches: [{ StartAt: "a", States: { a: task() } }],
                  Next: "b",
                },
                b: task(),
              },
            },
          ],
          Next: "c",
        },
        c: task(),
      },
    };
    expect(Object.fromEntries(executedDefinition(definition).ancestors)).toEqual({
      a: ["inner", "outer"],
      b: ["outer"],
      c: [],
    });
  });
});

describe("executedDefinition from JSON text", () => {
  it("parses the compiled file instead of cloning, with the same result", () => {
    const original = wide(41);
    expect(executedDefinition(JSON.stringify(original, null, 2))).toEqual(executedDefinition(original));
  });
});
