import { describe, expect, it } from "vitest";
import type { Flow } from "../builders/flow.js";
import { parallel, sequence } from "../builders/groups.js";
import { job } from "../builders/job.js";
import { cron, rate } from "../builders/schedules.js";
import { fargate, input, secret } from "../builders/values.js";
import { workflow } from "../builders/workflow.js";
import { JobNode } from "../ir/flow-node.js";
import { WorkflowNode } from "../ir/workflow-node.js";
import type { WorkflowOptions } from "../ir/workflow-options.js";
import { resolveWorkflow } from "./resolve-workflow.js";
import type { ResolvedFlow } from "./resolved-workflow.js";

const task = fargate({ image: "img" });
const base: WorkflowOptions = {
  cluster: "batch",
  network: { subnets: ["subnet-a"] },
  defaults: { task, command: (name) => ["make", "run", name] },
};

function resolve(body: Flow, options: Partial<WorkflowOptions> = {}, name = "wf") {
  return resolveWorkflow(workflow(name, { ...base, ...options }, body).toNode());
}

function codes(body: Flow, options: Partial<WorkflowOptions> = {}, name = "wf"): string[] {
  return resolve(body, options, name).diagnostics.map((d) => d.code);
}

function jobRetries(body: Flow, options: Partial<WorkflowOptions> = {}) {
  const { workflow: w } = resolve(body, options);
  return Object.fromEntries((w?.jobs ?? []).map((j) => [j.name, j.retry.map((r) => r.errors.join("+"))]));
}

describe("resolveWorkflow: defaults", () => {
  it("takes the command from defaults, called with the job name", () => {
    const w = resolve(job("hoge")).workflow!;
    expect(w.jobs[0]!.command).toEqual(["make", "run", "hoge"]);
  });

  it("prefers the job's own options, then the workflow's defaults, then the config's", () => {
    const node = workflow(
      "wf",
      { cluster: "c", network: { subnets: ["subnet-s"] }, defaults: { timeout: "10m" } },
      job("a").then(job("b", { timeout: 5, command: "echo hi" })),
    ).toNode();
    const w = resolveWorkflow(node, {
      defaults: { task, command: ["run"], timeout: "2h" },
      defaultTimeout: "3h",
    }).workflow!;
    expect(w.jobs.map((j) => [j.name, j.timeoutSeconds, j.command])).toEqual([
      ["a", 600, ["run"]],
      ["b", 5, ["sh", "-c", "echo hi"]],
    ]);
  });

  it("gives every job a timeout: 1 hour when nothing sets one", () => {
    const w = resolve(job("a")).workflow!;
    expect(w.jobs[0]!.timeoutSeconds).toBe(3600);
  });

  it("lets .timeout() on a job win over its timeout option", () => {
    const w = resolve(job("a", { timeout: "1h" }).timeout("90s")).workflow!;
    expect(w.jobs[0]!.timeoutSeconds).toBe(90);
  });

  it("merges env layers and keeps input() references and secrets apart", () => {
    const w = resolve(
      job("a", {
        env: {
          B: "job",
          DATE: input("date"),
          TOKEN: secret("arn:aws:secretsmanager:us-east-1:000000000000:secret:t"),
        },
      }),
      {
        defaults: { ...base.defaults, env: { A: "defaults", B: "defaults" } },
      },
    ).workflow!;
    const a = w.jobs[0]!;
    expect(a.env.map(([k, v]) => [k, typeof v === "string" ? v : v.path])).toEqual([
      ["A", "defaults"],
      ["B", "job"],
      ["DATE", "$.date"],
    ]);
    expect(a.container.options.env).toEqual({
      TOKEN: expect.objectContaining({ arn: "arn:aws:secretsmanager:us-east-1:000000000000:secret:t" }),
    });
    expect(a.container.extendedBy).toBe("a");
  });

  it("gives every job the secrets of the defaults without making each a variant", () => {
    const token = secret("arn:aws:secretsmanager:us-east-1:000000000000:secret:t");
    const w = resolve(job("a").then(job("b")), { defaults: { ...base.defaults, env: { TOKEN: token } } })
      .workflow!;
    const [a, b] = w.jobs;
    expect(a!.container.key).toBe(b!.container.key);
    expect(a!.container.extendedBy).toBeUndefined();
    expect(a!.container.options.env).toEqual({ TOKEN: token });
    expect(a!.env).toEqual([]);
  });

  it("converts schedules to AWS's form", () => {
    expect(resolve(job("a"), { schedule: cron("35 * * * *") }).workflow!.schedules).toEqual([
      { kind: "cron", expression: "cron(35 * * * ? *)", source: "35 * * * *", site: expect.anything() },
    ]);
    expect(
      resolve(job("a"), { schedule: rate("1 hour", { timezone: "Asia/Tokyo" }) }).workflow!.schedules,
    ).toEqual([
      {
        kind: "rate",
        expression: "rate(1 hour)",
        source: "1 hour",
        timezone: "Asia/Tokyo",
        site: expect.anything(),
      },
    ]);
    expect(resolve(job("a"), {}).workflow!.schedules).toEqual([]);
  });
});

describe("resolveWorkflow: retry", () => {
  it("applies a group's retry to every job inside that has none of its own", () => {
    const flow = sequence(
      job("a"),
      job("b").retry({ on: ["States.Timeout"] }),
      parallel(job("c"), job("d")),
    ).retry({
      on: ["States.TaskFailed"],
    });
    expect(jobRetries(flow, { infrastructureRetry: false })).toEqual({
      a: ["States.TaskFailed"],
      b: ["States.Timeout"],
      c: ["States.TaskFailed"],
      d: ["States.TaskFailed"],
    });
  });

  it("lets the innermost group's retry win", () => {
    const flow = sequence(sequence(job("a")).retry({ on: ["Inner"] }), job("b")).retry({ on: ["Outer"] });
    expect(jobRetries(flow, { infrastructureRetry: false })).toEqual({ a: ["Inner"], b: ["Outer"] });
  });

  it("gives catch handlers inside a group the group's retry, and handlers of the group the outer one", () => {
    const flow = sequence(
      sequence(job("a").catch("States.ALL", job("inner-handler")))
        .retry({ on: ["Group"] })
        .catch("States.ALL", job("outer-handler")),
    ).retry({ on: ["Outer"] });
    expect(jobRetries(flow, { infrastructureRetry: false })).toEqual({
      a: ["Group"],
      "inner-handler": ["Group"],
      "outer-handler": ["Outer"],
    });
  });

  it("puts the infrastructure preset first, where States.TaskFailed cannot shadow it", () => {
    const flow = job("a")
      .retry({ on: ["States.TaskFailed"] })
      .retry({ on: ["States.ALL"] });
    expect(jobRetries(flow)).toEqual({
      a: ["ECS.AmazonECSException+AmazonECS.Unknown", "States.TaskFailed", "States.ALL"],
    });
    expect(jobRetries(job("b"))).toEqual({ b: ["ECS.AmazonECSException+AmazonECS.Unknown"] });
    expect(jobRetries(job("c"), { infrastructureRetry: false })).toEqual({ c: [] });
  });

  it("leaves an infrastructure error the user retries explicitly to the user's retry", () => {
    const flow = job("a").retry({ on: ["AmazonECS.Unknown"], maxAttempts: 10 });
    expect(jobRetries(flow)).toEqual({ a: ["ECS.AmazonECSException", "AmazonECS.Unknown"] });
  });

  it("takes a custom preset over the default one, for infrastructure errors only", () => {
    const w = resolve(job("a"), { infrastructureRetry: { maxAttempts: 6, interval: "1m" } }).workflow!;
    expect(w.jobs[0]!.retry).toEqual([
      {
        errors: ["ECS.AmazonECSException", "AmazonECS.Unknown"],
        intervalSeconds: 60,
        maxAttempts: 6,
        backoffRate: 2,
      },
    ]);
    expect(codes(job("a"), { infrastructureRetry: { on: ["States.ALL"] } })).toEqual(["BF1208"]);
  });

  it("checks a group's retry once, not once per job inside", () => {
    expect(codes(sequence(job("a"), job("b"), job("c")).retry({ backoff: 0.1 }))).toEqual(["BF1207"]);
  });

  it("fills retry defaults: States.ALL, 1 s, 3 attempts, backoff 2", () => {
    const w = resolve(job("a").retry(), { infrastructureRetry: false }).workflow!;
    expect(w.jobs[0]!.retry).toEqual([
      { errors: ["States.ALL"], intervalSeconds: 1, maxAttempts: 3, backoffRate: 2 },
    ]);
  });

  it("maps every retry field", () => {
    const w = resolve(
      job("a").retry({
        on: ["X"],
        interval: "1m",
        maxAttempts: 0,
        backoff: 1,
        maxDelay: "1h",
        jitter: "full",
      }),
      {
        infrastructureRetry: false,
      },
    ).workflow!;
    expect(w.jobs[0]!.retry).toEqual([
      {
        errors: ["X"],
        intervalSeconds: 60,
        maxAttempts: 0,
        backoffRate: 1,
        maxDelaySeconds: 3600,
        jitter: "FULL",
      },
    ]);
  });
});

describe("resolveWorkflow: diagnostics", () => {
  it("reports every problem at once, each with workflow, job, location and hint", () => {
    const result = resolve(
      sequence(
        job("dup"),
        job("dup"),
        job("bad name!"),
        job("r").retry({ backoff: 0.5, maxAttempts: -1, interval: "0s" }),
        parallel(),
      ),
    );
    expect(result.workflow).toBeUndefined();
    expect(result.diagnostics.map((d) => d.code)).toEqual([
      "BF1203",
      "BF1202",
      "BF1206",
      "BF1207",
      "BF1207",
      "BF1210",
    ]);
    for (const d of result.diagnostics) {
      expect(d.workflow).toBe("wf");
      expect(d.hint.length).toBeGreaterThan(10);
      expect(d.location?.file).toMatch(/resolve-workflow\.test\.ts$/);
    }
    expect(result.diagnostics[0]).toMatchObject({
      job: "dup",
      message: expect.stringMatching(/used twice \(first at line \d+\)/),
    });
  });

  it("reports a bad default timeout once, at the workflow, under the option that gave it", () => {
    const bad = resolve(sequence(job("a"), job("b"), job("c", { timeout: "5m" })), {
      defaults: { ...base.defaults, timeout: "10 minutes" as never },
    });
    expect(bad.diagnostics.map((d) => [d.code, d.job, d.message.split(":")[0]])).toEqual([
      ["BF1206", undefined, "defaults.timeout"],
    ]);
    expect(bad.diagnostics[0]?.location?.file).toMatch(/resolve-workflow\.test\.ts$/);
    const fromConfig = resolveWorkflow(workflow("wf", base, job("a")).toNode(), {
      defaultTimeout: "forever" as never,
    });
    expect(fromConfig.diagnostics.map((d) => d.message.split(":")[0])).toEqual([
      "the project config's defaultTimeout",
    ]);
    expect(
      resolve(job("a"), { defaults: { ...base.defaults, timeout: "2h" } }).workflow?.jobs[0]?.timeoutSeconds,
    ).toBe(7200);
    expect(resolve(job("a")).workflow?.jobs[0]?.timeoutSeconds).toBe(3600);
  });

  it("reports every problem of a job at once, not only the first", () => {
    // No container (so its command is unknown), a malformed env name and a bad timeout.
    expect(codes(job("a", { env: { "A B": "x" } }).timeout("soon" as never), { defaults: {} })).toEqual([
      "BF1204",
      "BF1226",
      "BF1206",
    ]);
    // No container, and a given command that is malformed.
    expect(codes(job("a", { command: [] }), { defaults: {} })).toEqual(["BF1204", "BF1205"]);
  });

  it.each<[string, () => string[], string]>([
    ["an invalid workflow name", () => codes(job("a"), {}, "has space"), "BF1201"],
    ["a workflow name over 80 characters", () => codes(job("a"), {}, "w".repeat(81)), "BF1201"],
    ["a job name over 80 characters", () => codes(job("j".repeat(81))), "BF1202"],
    ["a missing image", () => codes(job("a"), { defaults: { command: ["x"] } }), "BF1204"],
    ["a missing command", () => codes(job("a"), { defaults: { task } }), "BF1205"],
    ["a malformed command", () => codes(job("a", { command: [] })), "BF1205"],
    // job() refuses it at the call (BF1012); a node built by hand still reaches resolve.
    [
      "a number as an env value",
      () => {
        const body = JobNode.create("a", { env: { N: 3 as never } });
        return resolveWorkflow(WorkflowNode.create("wf", base, body)).diagnostics.map((d) => d.code);
      },
      "BF1213",
    ],
    ["a bad timeout", () => codes(job("a").timeout("soon" as never)), "BF1206"],
    ["a zero timeout", () => codes(job("a").timeout(0)), "BF1206"],
    ["a fractional interval", () => codes(job("a").retry({ interval: 1.5 })), "BF1206"],
    ["backoff below 1", () => codes(job("a").retry({ backoff: 0.9 })), "BF1207"],
    ["negative attempts", () => codes(job("a").retry({ maxAttempts: -1 })), "BF1207"],
    ["an empty error list", () => codes(job("a").retry({ on: [] })), "BF1207"],
    ["States.ALL with other errors", () => codes(job("a").retry({ on: ["States.ALL", "X"] })), "BF1208"],
    [
      "States.ALL retry before another",
      () =>
        codes(
          job("a")
            .retry({ on: ["States.ALL"] })
            .retry({ on: ["X"] }),
        ),
      "BF1208",
    ],
    [
      "States.ALL catch before another",
      () => codes(job("a").catch("States.ALL", job("h1")).catch("X", job("h2"))),
      "BF1209",
    ],
    ["an empty catch list", () => codes(job("a").catch([], job("h"))), "BF1209"],
    ["an empty parallel", () => codes(parallel()), "BF1210"],
    ["an empty sequence", () => codes(sequence()), "BF1210"],
    ["no cluster", () => codes(job("a"), { cluster: undefined as never }), "BF1211"],
    ["no subnets", () => codes(job("a"), { network: { subnets: [] } }), "BF1212"],
    ["an empty subnet id", () => codes(job("a"), { network: { subnets: [""] } }), "BF1212"],
    [
      "a security group id that is not one",
      () => codes(job("a"), { network: { subnets: ["subnet-a"], securityGroups: ["default"] } }),
      "BF1212",
    ],
    ["an env name with =", () => codes(job("a", { env: { "A=B": "x" } })), "BF1226"],
    ["an empty env name", () => codes(job("a", { env: { "": "x" } })), "BF1226"],
    ["an env name starting with a digit", () => codes(job("a", { env: { "1BAD": "x" } })), "BF1226"],
    ["an env name with a space", () => codes(job("a", { env: { "A B": "x" } })), "BF1226"],
    ["an inexpressible cron", () => codes(job("a"), { schedule: cron("0 0 1 * 1") }), "BF1103"],
    [
      "a bad time zone",
      () => codes(job("a"), { schedule: cron("0 0 * * *", { timezone: "Mars/Olympus" }) }),
      "BF1106",
    ],
    ["a bad rate", () => codes(job("a"), { schedule: rate("5 seconds") }), "BF1105"],
  ])("reports %s", (_what, run, code) => {
    expect(run()).toContain(code);
  });

  it("explains why day-of-month and day-of-week together cannot be converted", () => {
    const [d] = resolve(job("a"), { schedule: cron("0 0 1 * 1") }).diagnostics;
    expect(d?.message).toMatch(/day-of-month/);
    expect(d?.location?.file).toMatch(/resolve-workflow\.test\.ts$/);
  });
});

describe("resolveWorkflow: shape", () => {
  it("keeps group catch and timeout on the group", () => {
    const { workflow: w } = resolve(sequence(job("a"), job("b")).timeout("1h").catch("States.ALL", job("h")));
    const body = w!.body as ResolvedFlow & { kind: "sequence" };
    expect(body.kind).toBe("sequence");
    expect(body.timeoutSeconds).toBe(3600);
    expect(body.catch.map((c) => c.errors)).toEqual([["States.ALL"]]);
    expect(w!.jobs.map((j) => j.name)).toEqual(["a", "b", "h"]);
  });
});
