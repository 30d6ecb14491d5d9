import { describe, expect, it } from "vitest";
import type { Flow } from "../builders/flow.js";
import { parallel, sequence } from "../builders/groups.js";
import { job } from "../builders/job.js";
import { item, map, s3Items } from "../builders/map.js";
import { fargate, input } from "../builders/values.js";
import { workflow } from "../builders/workflow.js";
import { DefinitionError } from "../diagnostics/batchflow-error.js";
import type { WorkflowOptions } from "../ir/workflow-options.js";
import { resolveWorkflow } from "./resolve-workflow.js";
import type { ResolvedFlow } from "./resolved-workflow.js";

const task = fargate({ image: "img", taskRole: "arn:aws:iam::000000000000:role/task" });
const base: WorkflowOptions = {
  cluster: "batch",
  network: { subnets: ["subnet-a"] },
  defaults: { task, command: (name) => ["make", "run", name] },
};

const resolve = (body: Flow, options: Partial<WorkflowOptions> = {}) =>
  resolveWorkflow(workflow("wf", { ...base, ...options }, body).toNode());
const problems = (body: Flow, options: Partial<WorkflowOptions> = {}) =>
  resolve(body, options).diagnostics.map((d) => `${d.code} ${d.message}`);

function definitionProblem(build: () => unknown): string {
  try {
    build();
  } catch (error) {
    if (error instanceof DefinitionError) return `${error.code} ${error.diagnostics[0]?.message}`;
    throw error;
  }
  throw new Error("no DefinitionError");
}

describe("map(): resolving", () => {
  it("puts item() and input() values at the paths an iteration's input has them, depth by depth", () => {
    const result = resolve(
      map(input("days"), (day) =>
        sequence(
          job("outer", { env: { DAY: day("$.day"), DATE: input("date") } }),
          map(day("$.files"), (file) => job("inner", { command: ["load", file(), input("date")] })),
        ),
      ),
    );
    expect(result.diagnostics).toEqual([]);
    const [outer, inner] = result.workflow!.jobs;
    expect(outer!.env).toEqual([
      ["DATE", expect.objectContaining({ kind: "input", path: "$.batchflowInput.date" })],
      ["DAY", expect.objectContaining({ kind: "item", path: "$.batchflowItem.day" })],
    ]);
    expect(inner!.command).toEqual([
      "load",
      expect.objectContaining({ kind: "item", path: "$.batchflowItem" }),
      expect.objectContaining({ kind: "input", path: "$.batchflowInput.date" }),
    ]);
    const body = result.workflow!.body as ResolvedFlow & { kind: "map" };
    expect(body).toMatchObject({
      items: { kind: "path", path: "$.days" },
      inputPath: "$",
      distributed: false,
    });
    const nested = (body.body as ResolvedFlow & { kind: "sequence" }).steps[1];
    expect(nested).toMatchObject({
      kind: "map",
      items: { kind: "path", path: "$.batchflowItem.files" },
      inputPath: "$.batchflowInput",
    });
  });

  it('leaves input("error...") in a catch handler inside a map reading the caught error of the item', () => {
    const result = resolve(
      map(input("xs"), () =>
        job("a").catch(
          ["States.ALL"],
          job("report", { env: { CAUSE: input("error.Cause"), DAY: input("day") } }),
        ),
      ),
    );
    expect(result.diagnostics).toEqual([]);
    expect(result.workflow!.jobs[1]!.env).toEqual([
      ["CAUSE", expect.objectContaining({ path: "$.error.Cause" })],
      ["DAY", expect.objectContaining({ path: "$.batchflowInput.day" })],
    ]);
  });

  it("reads a job's output at $.batchflowOutput.<job>, with - as _", () => {
    const list = job("list-parts", { output: true });
    const result = resolve(list.then(map(list, () => job("p"))));
    expect(result.diagnostics).toEqual([]);
    expect(result.workflow!.jobs[0]!.output).toBe("$.batchflowOutput.list_parts");
    expect(result.workflow!.body).toMatchObject({
      steps: [{ kind: "job" }, { kind: "map", items: { path: "$.batchflowOutput.list_parts" } }],
    });
  });

  it("refuses item() outside a map and a lock inside one (BF1253, BF1255)", () => {
    expect(problems(job("a", { env: { ID: item("$.id") } }))).toEqual([
      'BF1253 env ID reads item("$.id"), but the job is in no map()',
    ]);
    expect(problems(job("a", { command: ["x", item()] }))).toEqual([
      "BF1253 command[1] reads item(), but the job is in no map()",
    ]);
    expect(problems(map(item("$.xs"), () => job("a")))).toEqual([
      "BF1253 map() takes its items from item(...), but it is in no other map()",
    ]);
    expect(problems(map(input("xs"), () => job("a", { lock: { name: "l" } })))).toEqual([
      'BF1255 job lock "l" is inside a map()',
    ]);
  });

  it("needs the output job to end before the map, with its result passed on (BF1254)", () => {
    const list = job("list", { output: true });
    const body = () => job("p");
    expect(problems(map(list, body))).toEqual([
      'BF1254 map() iterates over job "list"\'s output, but that job is not in this workflow',
    ]);
    expect(problems(parallel(list, map(list, body)))).toEqual([
      'BF1254 map() iterates over job "list"\'s output, but list does not always end before the map starts',
    ]);
    expect(problems(parallel(list, job("other")).then(map(list, body)))).toEqual([
      'BF1254 map() reads job "list"\'s output, which a parallel around the job discards',
    ]);
    expect(problems(list.catch(["States.ALL"], job("alert")).then(map(list, body)))).toEqual([
      "BF1254 map() reads job \"list\"'s output, which the job's catch or finally does not pass on",
    ]);
    expect(problems(list.then(map(input("xs"), () => map(list, body))))).toEqual([
      'BF1254 map() reads job "list"\'s output from inside another map(), whose iterations get only their item and the execution input',
    ]);
    // A map inside a parallel branch after the job gets the job's result with its input.
    expect(problems(list.then(parallel(map(list, body), job("other"))))).toEqual([]);
  });

  it("refuses an output job on Fargate Spot, whose interruption its state would not see (BF1258)", () => {
    const list = job("list", { output: true, spot: true });
    expect(problems(list.then(map(list, () => job("p"))))).toEqual([
      "BF1258 has output: true and runs on Fargate Spot, whose interruption its state would not see",
    ]);
    const onDemand = job("list", { output: true, spot: false });
    expect(
      problems(onDemand.then(map(onDemand, () => job("p"))), { defaults: { ...base.defaults, spot: true } }),
    ).toEqual([]);
  });

  it("warns when an output job cannot send its result on AWS (BF1257), and refuses two results at one key (BF1256)", () => {
    const bare = resolve(job("list", { output: true, task: fargate({ image: "img" }) }));
    expect(bare.diagnostics.map((d) => `${d.severity} ${d.code}`)).toEqual(["warning BF1257"]);
    expect(problems(sequence(job("a-b", { output: true }), job("a_b", { output: true })))).toEqual([
      'BF1256 jobs "a-b" and "a_b" both have output: true and their results would share $.batchflowOutput.a_b',
    ]);
  });
});

describe("map(): checks at the call", () => {
  it("takes input(), a job with output: true, item() or s3Items() as items (BF1250)", () => {
    expect(definitionProblem(() => map(["a"] as never, () => job("a")))).toMatch(
      /^BF1250 map\(\) takes its items/,
    );
    expect(definitionProblem(() => map(job("list"), () => job("a")))).toBe(
      'BF1250 map() iterates over job "list"\'s output, but that job has no output: true',
    );
    expect(definitionProblem(() => map(job("a").then(job("b")), () => job("c")))).toBe(
      "BF1250 map() takes one job's output as items, not a sequence",
    );
  });

  it("checks the body, the options and s3Items() (BF1251, BF1252, BF1011)", () => {
    expect(definitionProblem(() => map(input("xs"), job("a") as never))).toBe(
      "BF1251 map() takes the body as a function of the item, not a flow",
    );
    expect(definitionProblem(() => map(input("xs"), () => job("a"), { concurrency: 41 }))).toMatch(
      /^BF1252 map\(\) concurrency must be a whole number from 1 to 40/,
    );
    expect(() => map(input("xs"), () => job("a"), { concurrency: 41, distributed: true })).not.toThrow();
    expect(definitionProblem(() => map(input("xs"), () => job("a"), { toleratedFailure: 1 }))).toBe(
      "BF1252 map() toleratedFailure needs { distributed: true }",
    );
    expect(
      definitionProblem(() =>
        map(input("xs"), () => job("a"), { distributed: true, toleratedFailure: "101%" }),
      ),
    ).toMatch(/^BF1252 map\(\) toleratedFailure must be/);
    expect(definitionProblem(() => map(s3Items({ bucket: "logs" }), () => job("a")))).toBe(
      "BF1252 map() over s3Items() needs { distributed: true }",
    );
    expect(definitionProblem(() => s3Items({ bucket: "*" }))).toBe(
      'BF1252 s3Items() takes an S3 bucket name, not "*"',
    );
    expect(definitionProblem(() => s3Items({ bucket: "logs", prefix: "a/*" }))).toMatch(
      /^BF1252 s3Items\(\) prefix/,
    );
    expect(definitionProblem(() => map(input("xs"), () => job("a"), { maxConcurrency: 3 } as never))).toMatch(
      /^BF1011 /,
    );
    expect(definitionProblem(() => item("no spaces"))).toMatch(/^BF1253 item\(\) takes a field path/);
  });
});
