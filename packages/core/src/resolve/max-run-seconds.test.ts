import { describe, expect, it } from "vitest";
import { sequence } from "../builders/groups.js";
import { job } from "../builders/job.js";
import { map } from "../builders/map.js";
import { fargate, input } from "../builders/values.js";
import { workflow } from "../builders/workflow.js";
import { maxRunSeconds } from "./max-run-seconds.js";
import { resolveWorkflow } from "./resolve-workflow.js";

const task = fargate({ image: "example/batch:1", command: ["true"] });
const options = {
  cluster: "batch",
  network: { subnets: ["subnet-a"] },
  defaults: { task },
  infrastructureRetry: false,
} as const;

function body(concurrency?: number, distributed = false) {
  const flow = sequence(
    job("list", { timeout: "5m" }),
    map(input("$.items"), () => job("each", { timeout: "10m" }), {
      ...(concurrency === undefined ? {} : { concurrency }),
      ...(distributed ? { distributed: true } : {}),
    }),
  );
  const resolved = resolveWorkflow(workflow("w", options, flow).toNode()).workflow;
  if (resolved === undefined) throw new Error("did not resolve");
  return resolved.body;
}

describe("maxRunSeconds of a map", () => {
  it("counts one round of the body when the items are not known (the lock lease's figure)", () => {
    expect(maxRunSeconds(body(2))).toBe(300 + 600);
  });

  it("counts a round per `concurrency` items when told how many", () => {
    expect(maxRunSeconds(body(2), () => 5)).toBe(300 + 3 * 600);
    expect(maxRunSeconds(body(2), () => 0)).toBe(300 + 600);
    // Without concurrency: 40 at once inline, 10,000 distributed.
    expect(maxRunSeconds(body(), () => 41)).toBe(300 + 2 * 600);
    expect(maxRunSeconds(body(undefined, true), () => 10_001)).toBe(300 + 2 * 600);
  });
});
