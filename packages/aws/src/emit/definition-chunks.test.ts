import { describe, expect, it } from "vitest";
import type { State, StateMachine } from "../asl/asl-types.js";
import { serialize } from "../bundle/serialize.js";
import { chunkedText } from "../bundle/serialize-chunks.js";
import { serializeDefinition } from "./definition-chunks.js";

const task = (name: string): State => ({
  Type: "Task",
  Resource: "arn:${AWS::Partition}:states:::ecs:runTask.sync",
  Parameters: {
    Cluster: "batch",
    Overrides: { ContainerOverrides: [{ Name: "main", Command: ["make", name] }] },
  },
  End: true,
});

/** job-1, then a Parallel of `branches` one-job branches, then the last job: the bench's fan-out. */
function fanOut(branches: number): StateMachine {
  return {
    StartAt: "first",
    States: {
      first: { ...task("first"), End: undefined, Next: "fan" } as State,
      fan: {
        Type: "Parallel",
        Branches: Array.from({ length: branches }, (_, i) => ({
          StartAt: `j${i}`,
          States: { [`j${i}`]: task(`j${i}`) },
        })),
        ResultPath: null,
        Next: "last",
      },
      last: task("last"),
    },
  };
}

describe("serializeDefinition", () => {
  it("writes a large Parallel branch by branch, in chunks that stay small, with serialize()'s bytes", () => {
    const machine = fanOut(2_000);
    const { chunks } = serializeDefinition(machine);
    expect(chunkedText(chunks)).toBe(serialize(machine));
    // Runs of about 64 K characters: a chunk holds one run, or small pieces up to 32 K and one more.
    expect(Math.max(...chunks.map((c) => c.length))).toBeLessThan(160_000);
  });
});
