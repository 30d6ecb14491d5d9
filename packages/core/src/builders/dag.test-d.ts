import { describe, expectTypeOf, it } from "vitest";
import { dag } from "./dag.js";
import type { Flow } from "./flow.js";
import { job } from "./job.js";
import { type Workflow, workflow } from "./workflow.js";

describe("dag() types", () => {
  it("tracks the job names of a dag and of anything built around it", () => {
    const a = job("a");
    const b = job("b");
    const c = job("c", { after: [a] });
    const d = job("d", { after: [a, b] });
    expectTypeOf(c).toEqualTypeOf<Flow<"c">>();
    expectTypeOf(dag(a, b, c, d)).toEqualTypeOf<Flow<"a" | "b" | "c" | "d">>();
    expectTypeOf(dag(d, c).then(job("e"))).toEqualTypeOf<Flow<"d" | "c" | "e">>();
    expectTypeOf(workflow("w", {}, job("x").then(dag(a, c)))).toEqualTypeOf<Workflow<"x" | "a" | "c">>();
  });

  it("takes flows, not names, as dependencies", () => {
    // @ts-expect-error after: lists the flows job() returned, not job names
    job("d", { after: ["a"] });
    // @ts-expect-error after: is a list
    job("d", { after: job("a") });
    // @ts-expect-error dag() takes flows
    dag(job("a"), "b");
  });
});
