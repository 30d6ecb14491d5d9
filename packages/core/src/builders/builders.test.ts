import { describe, expect, it } from "vitest";
import { DefinitionError } from "../diagnostics/batchflow-error.js";
import { isBranded } from "../ir/brand.js";
import { FlowNode } from "../ir/flow-node.js";
import { type Flow, isFlow } from "./flow.js";
import { parallel, sequence } from "./groups.js";
import { job } from "./job.js";
import { fargate, input, secret } from "./values.js";
import { isWorkflow, workflow } from "./workflow.js";

describe("builders", () => {
  it("are immutable: every method returns a new flow and leaves the old one as it was", () => {
    const hoge = job("hoge");
    const before = JSON.stringify(hoge.toNode());
    const chained = hoge.then(job("fuga"));
    const retried = hoge.retry({ maxAttempts: 1 });
    const caught = hoge.catch(["States.ALL"], job("cleanup"));
    const timed = hoge.timeout("5m");

    expect(JSON.stringify(hoge.toNode())).toBe(before);
    expect(new Set([hoge, chained, retried, caught, timed]).size).toBe(5);
    expect(hoge.toNode().retry).toEqual([]);
    expect(Object.isFrozen(hoge)).toBe(true);
    expect(Object.isFrozen(hoge.toNode())).toBe(true);
    expect(Object.isFrozen(retried.toNode().retry)).toBe(true);
  });

  it("lets one chain be reused in several places", () => {
    const shared = job("a").then(job("b"));
    const one = shared.then(job("c"));
    const two = shared.then(job("d"));
    const names = (f: Flow) => FlowNode.jobs(f.toNode()).map((j) => j.name);
    expect(names(one)).toEqual(["a", "b", "c"]);
    expect(names(two)).toEqual(["a", "b", "d"]);
    expect(names(shared)).toEqual(["a", "b"]);
  });

  it("flattens plain chains into one sequence, but keeps a group that carries a policy", () => {
    const flat = job("a").then(job("b")).then(job("c")).toNode();
    expect(flat.kind).toBe("sequence");
    if (flat.kind === "sequence") expect(flat.steps.map((s) => s.kind)).toEqual(["job", "job", "job"]);

    const nested = job("a").then(job("b")).retry({}).then(job("c")).toNode();
    expect(nested.kind).toBe("sequence");
    if (nested.kind === "sequence") {
      expect(nested.steps.map((s) => s.kind)).toEqual(["sequence", "job"]);
      expect(nested.steps[0]!.retry).toHaveLength(1);
    }
  });

  it("puts the design's one-liner's retry on the group", () => {
    const flow = job("hoge")
      .then(job("fuga"))
      .retry({ on: ["States.Timeout"], interval: "3s", maxAttempts: 2, backoff: 1.5 });
    const node = flow.toNode();
    expect(node.kind).toBe("sequence");
    expect(node.retry[0]).toMatchObject({
      on: ["States.Timeout"],
      interval: "3s",
      maxAttempts: 2,
      backoff: 1.5,
    });
  });

  it("fans out with then([...])", () => {
    const node = job("a")
      .then([job("b"), job("c")])
      .toNode();
    expect(node.kind).toBe("sequence");
    if (node.kind === "sequence") {
      const fan = node.steps[1]!;
      expect(fan.kind).toBe("parallel");
      if (fan.kind === "parallel")
        expect(fan.branches.map((b) => b.kind === "job" && b.name)).toEqual(["b", "c"]);
    }
  });

  it("builds sequence() and parallel() from flows", () => {
    const s = sequence(job("a"), job("b")).toNode();
    const p = parallel(job("a"), job("b"), job("c")).toNode();
    expect(s.kind === "sequence" && s.steps.length).toBe(2);
    expect(p.kind === "parallel" && p.branches.length).toBe(3);
  });

  it("records where each builder was called", () => {
    const node = job("located").toNode();
    expect(node.site?.location?.file).toMatch(/builders\.test\.ts$/);
    expect(node.site?.location?.line).toBeGreaterThan(0);
  });

  it("recognises flows and workflows by brand, not by class", () => {
    const flow = job("a");
    const copy = Object.assign(Object.create(null), {
      [Symbol.for("batchflow.brand")]: "flow",
      toNode: () => flow.toNode(),
    });
    expect(isFlow(copy)).toBe(true);
    expect(isFlow({ toNode: () => flow.toNode() })).toBe(false);
    const w = workflow("w", {}, flow);
    expect(isWorkflow(w)).toBe(true);
    expect(isBranded(w, "workflow")).toBe(true);
    expect(w.toNode().body).toBe(flow.toNode());
  });

  it("throws a DefinitionError at the call that passes something that is not a flow", () => {
    const misuse = () => (job("a") as unknown as { then(x: unknown): unknown }).then("b");
    expect(misuse).toThrow(DefinitionError);
    expect(misuse).toThrow(/BF1001|then\(\) takes a flow, not the string "b"/);
    try {
      misuse();
    } catch (error) {
      expect((error as DefinitionError).code).toBe("BF1001");
      expect((error as DefinitionError).diagnostics[0]?.location?.file).toMatch(/builders\.test\.ts$/);
    }
    expect(() => parallel(job("a"), 3 as never)).toThrow(/parallel\(\) argument 2 takes a flow, not number/);
    expect(() => job("a").catch([1 as never], job("b"))).toThrow(/catch\(\) takes error names as strings/);
    expect(() => workflow("w", {}, "job" as never)).toThrow(/workflow\("w"\) takes a flow/);
  });

  it("refuses to be awaited, with an explanation instead of a hang", async () => {
    const flow = job("a");
    // TypeScript already refuses an async function that returns a flow; plain JavaScript does not.
    const asPromise = async (): Promise<unknown> => flow as unknown;
    await expect(asPromise()).rejects.toThrow(/flows are not promises/);
    // No user code is on the stack when a promise job calls then(): the flow's own line is named.
    const error = await asPromise().catch((e: unknown) => e);
    expect(String(error)).toMatch(/builders\.test\.ts:\d+:\d+ error BF1009/);
  });

  it("checks secret() and input() arguments at once", () => {
    expect(secret("arn:aws:secretsmanager:ap-northeast-1:000000000000:secret:slack").arn).toContain(
      "secret:slack",
    );
    expect(secret("arn:aws:ssm:ap-northeast-1:000000000000:parameter/db").kind).toBe("secret");
    expect(() => secret("hunter2")).toThrow(/Secrets Manager or SSM parameter ARN/);
    expect(secret("arn:aws-cn:secretsmanager:cn-north-1:000000000000:secret:db-AbCdEf:password::").arn).toBe(
      "arn:aws-cn:secretsmanager:cn-north-1:000000000000:secret:db-AbCdEf:password::",
    );
    for (const arn of [
      "arn:aws:secretsmanager:hunter2",
      "arn:aws:secretsmanager:ap-northeast-1:000000000000:secret:",
      "arn:aws:secretsmanager:ap-northeast-1:12345:secret:db",
      "arn:aws:ssm:ap-northeast-1:000000000000:db",
      "arn:aws:secretsmanager:ap-northeast-1:000000000000:secret:a b",
    ]) {
      expect(() => secret(arn), arn).toThrow(/Secrets Manager or SSM parameter ARN/);
    }
    expect(input("date").path).toBe("$.date");
    expect(input("$.params.day").path).toBe("$.params.day");
    expect(() => input("no spaces")).toThrow(/field path/);
  });

  it("keeps fargate() options as given", () => {
    const spec = fargate({ image: "img", cpu: 512, memory: 2048 });
    expect(spec.options).toEqual({ image: "img", cpu: 512, memory: 2048 });
    expect(Object.isFrozen(spec.options)).toBe(true);
  });
});
