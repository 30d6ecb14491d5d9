import { describe, expect, it } from "vitest";
import type { Flow } from "../builders/flow.js";
import { job } from "../builders/job.js";
import { fargate, secret } from "../builders/values.js";
import { workflow } from "../builders/workflow.js";
import { DefinitionError } from "../diagnostics/batchflow-error.js";
import { JobNode } from "../ir/flow-node.js";
import type { LockOptions } from "../ir/lock-options.js";
import type { NotifyOptions } from "../ir/notify-options.js";
import { WorkflowNode } from "../ir/workflow-node.js";
import type { WorkflowOptions } from "../ir/workflow-options.js";
import { resolveWorkflow } from "./resolve-workflow.js";

const task = fargate({ image: "img" });
const base: WorkflowOptions = {
  cluster: "batch",
  network: { subnets: ["subnet-a"] },
  defaults: { task, command: (name) => ["make", "run", name], timeout: "30m" },
};

function resolve(body: Flow, options: Partial<WorkflowOptions> = {}, config = {}) {
  return resolveWorkflow(workflow("wf", { ...base, ...options }, body).toNode(), config);
}

function problems(body: Flow, options: Partial<WorkflowOptions>) {
  return resolve(body, options).diagnostics.map((d) => `${d.code} ${d.message}`);
}

/** What resolve reports for options workflow() would refuse at the call: a node built by hand. */
function unbuiltProblems(options: Partial<WorkflowOptions>) {
  const node = WorkflowNode.create("wf", { ...base, ...options }, JobNode.create("a", {}));
  return resolveWorkflow(node).diagnostics.map((d) => `${d.code} ${d.message}`);
}

function definitionCode(build: () => unknown): string | undefined {
  try {
    build();
  } catch (error) {
    return error instanceof DefinitionError ? error.code : "not a DefinitionError";
  }
  return undefined;
}

describe("lock", () => {
  it("defaults to no wait, failing when busy, polling every second, in batchflow-locks", () => {
    const lock = resolve(job("a"), { lock: { name: "fuga.lock" } }).workflow!.lock!;
    expect(lock).toMatchObject({
      name: "fuga.lock",
      table: "batchflow-locks",
      waitSeconds: 0,
      onBusy: "fail",
      pollSeconds: 1,
    });
  });

  it("polls every 5 s by default, with no lease: a holder keeps the lock while its run lives", () => {
    const { workflow: w } = resolve(job("a"), { lock: { name: "l", wait: "10m" } });
    expect(w!.lock).toMatchObject({
      name: "l",
      table: "batchflow-locks",
      waitSeconds: 600,
      onBusy: "fail",
      pollSeconds: 5,
    });
    expect(w!.lock).not.toHaveProperty("leaseSeconds");
  });

  it("on a job guards that job", () => {
    const { workflow: w } = resolve(
      job("a").then(job("b", { lock: { name: "b.lock", wait: "1m", onBusy: "skip" } })),
      {},
    );
    const b = w!.body.kind === "sequence" ? w!.body.steps[1]! : undefined;
    expect(b).toMatchObject({
      kind: "job",
      lock: { name: "b.lock", waitSeconds: 60, onBusy: "skip", pollSeconds: 3 },
    });
  });

  it("lives in the table the project config names", () => {
    expect(resolve(job("a"), { lock: { name: "l" } }, { lockTable: "locks" }).workflow!.lock!.table).toBe(
      "locks",
    );
  });

  it.each<[string, unknown, string]>([
    [
      "a name with spaces",
      { name: "my lock" },
      'BF1220 lock name "my lock" is not 1 to 200 letters, digits or . _ : / -',
    ],
    ["a bad wait", { name: "l", wait: "soon" }, "BF1206 lock wait: "],
    ["a zero poll", { name: "l", wait: "1m", poll: 0 }, "BF1206 lock poll must be whole seconds from 1"],
  ])("reports %s", (_, lock, message) => {
    const found = problems(job("a"), { lock: lock as LockOptions });
    expect(found).toHaveLength(1);
    expect(found[0]).toContain(message);
  });

  it.each<[string, unknown, string, string]>([
    [
      "an unknown onBusy",
      { name: "l", onBusy: "queue" },
      "BF1012",
      'BF1220 lock: onBusy must be "skip" or "fail", not "queue"',
    ],
    ["an unknown field", { name: "l", timeout: "1m" }, "BF1011", 'BF1220 lock: unknown option "timeout"'],
    ["no name", { wait: "1m" }, "BF1013", 'BF1220 lock: required option "name" is missing'],
    [
      "a number as the name",
      { name: 7 },
      "BF1012",
      "BF1220 lock: name must be a string (the lock's name), not the number 7",
    ],
  ])("refuses %s at the call, and reports it when a node is built by hand", (_, lock, code, message) => {
    expect(definitionCode(() => workflow("wf", { ...base, lock: lock as LockOptions }, job("a")))).toBe(code);
    expect(definitionCode(() => job("a", { lock: lock as LockOptions }))).toBe(code);
    expect(unbuiltProblems({ lock: lock as LockOptions })).toEqual([message]);
  });

  it("warns when polling could fill the execution history", () => {
    const { diagnostics } = resolve(job("a"), { lock: { name: "l", wait: "1h", poll: "1s" } });
    expect(diagnostics.map((d) => `${d.code} ${d.severity} ${d.message}`)).toEqual([
      'BF1224 warning lock "l" may try 3600 times (wait 1h, poll 1s), about 90000 history events; an execution fails at 25000',
    ]);
    expect(resolve(job("a"), { lock: { name: "l", wait: "1d" } }).workflow!.lock!.pollSeconds).toBe(346);
    expect(resolve(job("a"), { lock: { name: "l", wait: "1h" } }).workflow!.lock!.pollSeconds).toBe(15);
    expect(resolve(job("a"), { lock: { name: "l", wait: "30s" } }).workflow!.lock!.pollSeconds).toBe(2);
  });

  it("refuses a job lock that is the workflow's own lock", () => {
    expect(problems(job("a", { lock: { name: "l" } }), { lock: { name: "l" } })).toEqual([
      'BF1223 job lock "l" is also the workflow\'s lock',
    ]);
  });
});

describe("notify", () => {
  const webhook = secret("arn:aws:secretsmanager:ap-northeast-1:000000000000:secret:slack-AbCdEf");

  it("notifies failures and timeouts by default, and successes when a success channel is named", () => {
    expect(resolve(job("a"), { notify: { slack: { webhook } } }).workflow!.notify!.on).toEqual([
      "failure",
      "timeout",
    ]);
    expect(resolve(job("a"), { notify: { slack: { webhook, success: "#batch" } } }).workflow!.notify).toEqual(
      {
        slack: { webhook: { kind: "secret", arn: webhook.arn }, successChannel: "#batch" },
        on: ["failure", "timeout", "success"],
      },
    );
  });

  it("keeps on in a fixed order", () => {
    expect(
      resolve(job("a"), {
        notify: { sns: "arn:aws:sns:us-east-1:000000000000:t", on: ["success", "failure"] },
      }).workflow!.notify!.on,
    ).toEqual(["failure", "success"]);
  });

  it.each<[string, unknown, string]>([
    ["no destination", {}, "BF1222 notify: names no destination"],
    [
      "an http webhook",
      { slack: { webhook: "http://hooks.slack.com/x" } },
      "BF1222 notify.slack.webhook must be secret",
    ],
    [
      "a webhook that is not a URL",
      { slack: { webhook: "hooks" } },
      "BF1222 notify.slack.webhook must be secret",
    ],
    [
      "a bad channel",
      { slack: { webhook, failure: "Ops Team" } },
      'BF1222 notify.slack.failure "Ops Team" is not a Slack channel name',
    ],
    ["a bad topic", { sns: "my-topic" }, 'BF1222 notify.sns "my-topic" is not an SNS topic ARN'],
    [
      "a FIFO topic",
      { sns: "arn:aws:sns:us-east-1:000000000000:t.fifo" },
      'BF1222 notify.sns "arn:aws:sns:us-east-1:000000000000:t.fifo" is a FIFO topic',
    ],
    [
      "a webhook in an SSM parameter",
      { slack: { webhook: secret("arn:aws:ssm:us-east-1:000000000000:parameter/hook") } },
      "BF1222 notify.slack.webhook arn:aws:ssm:us-east-1:000000000000:parameter/hook is an SSM parameter",
    ],
    [
      "a webhook under a JSON key",
      {
        slack: {
          webhook: secret("arn:aws:secretsmanager:us-east-1:000000000000:secret:hooks-AbCdEf:slack::"),
        },
      },
      "selects a JSON key; the notify machine reads the secret's whole value as the URL",
    ],
    [
      "no event",
      { sns: "arn:aws:sns:us-east-1:000000000000:t", on: [] },
      "BF1222 notify.on is an empty list",
    ],
  ])("reports %s", (_, notify, message) => {
    const found = problems(job("a"), { notify: notify as NotifyOptions });
    expect(found).toHaveLength(1);
    expect(found[0]).toContain(message);
  });

  it.each<[string, unknown, string, string]>([
    [
      "an unknown event",
      { sns: "arn:aws:sns:us-east-1:000000000000:t", on: ["always"] },
      "BF1012",
      'BF1222 notify: on[0] must be "failure", "timeout" or "success", not "always"',
    ],
    [
      "an unknown field",
      { sns: "arn:aws:sns:us-east-1:000000000000:t", email: "a@b" },
      "BF1011",
      'BF1222 notify: unknown option "email"',
    ],
    [
      "a slack without webhook",
      { slack: { failure: "#ops" } },
      "BF1013",
      'BF1222 notify: required option "slack.webhook" is missing',
    ],
    [
      "a number as the topic",
      { sns: 5 },
      "BF1012",
      "BF1222 notify: sns must be a string (an SNS topic ARN), not the number 5",
    ],
  ])("refuses %s at the call, and reports it when a node is built by hand", (_, notify, code, message) => {
    expect(definitionCode(() => workflow("wf", { ...base, notify: notify as NotifyOptions }, job("a")))).toBe(
      code,
    );
    expect(unbuiltProblems({ notify: notify as NotifyOptions })).toEqual([message]);
  });

  it("accepts a loopback http webhook, for local tests", () => {
    expect(problems(job("a"), { notify: { slack: { webhook: "http://127.0.0.1:8080/hook" } } })).toEqual([]);
  });
});
