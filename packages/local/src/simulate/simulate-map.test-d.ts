import { fargate, input, job, map, type Workflow, workflow } from "@batchflow/core";
import { describe, expectTypeOf, it } from "vitest";
import type { ScenarioJob } from "./scenario.js";
import { simulate } from "./simulate.js";

const list = job("list", { output: true });
const mapped = workflow(
  "mapped",
  { defaults: { task: fargate({ image: "batch:1" }) } },
  list.then(map(list, (item) => job("process", { env: { ID: item("$.id") } }))),
);

describe("simulate() types: map()", () => {
  it("scripts a job's output and each item's outcome", () => {
    expectTypeOf(mapped).toEqualTypeOf<Workflow<"list" | "process">>();
    void simulate(mapped, {
      jobs: {
        list: { output: [{ id: "a" }] },
        process: { byItem: (item) => ({ exitCode: item.id === "a" ? 1 : 0 }) },
      },
    });
    expectTypeOf<ScenarioJob["output"]>().toEqualTypeOf<unknown>();
    // @ts-expect-error byItem returns a job's outcome
    void simulate(mapped, { jobs: { process: { byItem: () => 3 } } });
    // @ts-expect-error the jobs are the workflow's
    void simulate(mapped, { jobs: { other: { output: [] } } });
    void simulate(
      workflow(
        "w",
        {},
        map(input("xs"), () => job("p")),
      ),
      { jobs: { p: { byItem: () => ({}) } } },
    );
  });
});
