import { fargate, job, secret, type WorkflowOptions, workflow } from "@batchflow/core";
import { describe, expect, it } from "vitest";
import { tryCompile } from "../compile.js";

const image = "123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/batch:prod";
const token = secret("arn:aws:secretsmanager:us-east-1:123456789012:secret:token-AbCdEf");
const options = (family?: string): WorkflowOptions => ({
  cluster: "batch",
  network: { subnets: ["subnet-a"], securityGroups: ["sg-a"] },
  defaults: {
    task: fargate({ image, ...(family === undefined ? {} : { family }) }),
    command: (name) => ["make", "run", name],
    env: { TOKEN: token },
  },
});

describe("assignFamilies", () => {
  it("gives a job that sets a default's secret to a plain value its own family, also under a family name", () => {
    const body = job("a").then(job("b", { env: { TOKEN: "plain" } }));
    const result = tryCompile(workflow("wf", options("batch"), body));
    expect(result.diagnostics).toEqual([]);
    expect(result.compiled?.manifest.taskDefinitions.map((t) => [t.family, t.jobs])).toEqual([
      ["batch", ["a"]],
      ["batch-b", ["b"]],
    ]);
    const b = result.compiled!.taskDefinitions["batch-b"]!.containerDefinitions[0]!;
    expect(b.secrets).toBeUndefined();
  });

  it("names the same split after the workflow and the job when the spec has no family", () => {
    const body = job("a").then(job("b", { env: { TOKEN: "plain" } }));
    const result = tryCompile(workflow("wf", options(), body));
    // The spec every other job runs keeps the workflow's name: a variant renames no other family.
    expect(result.compiled?.manifest.taskDefinitions.map((t) => t.family)).toEqual(["wf", "wf-b"]);
    const renamed = tryCompile(
      workflow("wf", options(), job("a2").then(job("b", { env: { TOKEN: "plain" } }))),
    );
    expect(renamed.compiled?.manifest.taskDefinitions.map((t) => t.family)).toEqual(["wf", "wf-b"]);
    const plain = tryCompile(workflow("wf", options(), job("a").then(job("b"))));
    expect(plain.compiled?.manifest.taskDefinitions.map((t) => t.family)).toEqual(["wf"]);
  });

  it("keeps jobs that leave the default's secret alone in one family", () => {
    const result = tryCompile(workflow("wf", options("batch"), job("a").then(job("c"))));
    expect(result.compiled?.manifest.taskDefinitions.map((t) => [t.family, t.jobs])).toEqual([
      ["batch", ["a", "c"]],
    ]);
  });

  it("still refuses two distinct fargate() specs under one family name (BF1305)", () => {
    const body = job("a").then(job("b", { task: fargate({ image: "other", family: "batch" }) }));
    const codes = tryCompile(workflow("wf", options("batch"), body)).diagnostics.map((d) => d.code);
    expect(codes).toContain("BF1305");
  });
});
