// The notify machine the compiler emits, executed by aws-local-stepfunctions once a run has ended,
// as the workflow's EventBridge rule starts it: which message each ending sends, with what text,
// and that the run ends exactly as it would without notifications.
import {
  type CompiledWorkflow,
  compile,
  executionConsoleLink,
  getSecretValue,
  httpInvoke,
  type NotificationKind,
  renderNotification,
  snsPublish,
} from "@batchflow/aws";
import {
  type Flow,
  fargate,
  job,
  type NotifyEvent,
  type NotifyOptions,
  secret,
  workflow,
} from "@batchflow/batchflow";
import { describe, expect, it } from "vitest";
import { ecsCause, executeCompiled, executionArn, type ScriptedJob } from "./support/asl-execution.js";
import { validateAsl } from "./support/validate-asl.js";

const task = fargate({ image: "batch:latest", cpu: 256, memory: 512 });
const base = {
  cluster: "batch",
  network: { subnets: ["subnet-1"] },
  defaults: { task, command: (n: string) => ["make", "run", n] },
};
const webhookArn = "arn:aws:secretsmanager:ap-northeast-1:123456789012:secret:slack-webhook-AbCdEf";
const topic = "arn:aws:sns:ap-northeast-1:123456789012:batch-alerts";

interface Sent {
  readonly resource: string;
  readonly parameters: Record<string, unknown>;
}

function notifying(notify: NotifyOptions, body: Flow = job("hoge").then(job("fuga"))): CompiledWorkflow {
  const compiled = compile(workflow("ads-hourly", { ...base, notify }, body));
  expect(validateAsl(compiled.stateMachine)).toEqual({ valid: true, errors: [] });
  return compiled;
}

async function runNotifying(
  compiled: CompiledWorkflow,
  jobs: Record<string, ScriptedJob>,
  options: { failSlack?: boolean; taskTimeoutMs?: Record<string, number> } = {},
) {
  const sent: Sent[] = [];
  const result = await executeCompiled(compiled, {
    id: "run-1",
    jobs,
    input: { date: "2026-11-29" },
    ...(options.taskTimeoutMs ? { taskTimeoutMs: options.taskTimeoutMs } : {}),
    integration: (resource, parameters) => {
      sent.push({ resource, parameters: parameters as Record<string, unknown> });
      if (resource === getSecretValue)
        return { SecretString: "https://hooks.slack.com/services/T000/B000/XXXX" };
      if (resource === httpInvoke && options.failSlack) throw new Error("connection refused");
      return {};
    },
  });
  return { result, sent, posts: sent.filter((s) => s.resource === httpInvoke) };
}

/** The message as the templates render it, with the run's own start and end times. */
function expected(
  kind: NotificationKind,
  text: string,
  fields: Record<string, string | number> = {},
): string {
  const [, started = "", ended = ""] = /Started (\S+), ended (\S+)\./.exec(text) ?? [];
  // The execution's own clock readings: ISO 8601 UTC, the end no earlier than the start.
  expect(started).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
  expect(ended).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
  expect(Date.parse(ended)).toBeGreaterThanOrEqual(Date.parse(started));
  return renderNotification(kind, {
    workflow: "ads-hourly",
    started,
    ended,
    link: executionConsoleLink(executionArn("ads-hourly", "run-1")),
    ...fields,
  });
}

const textOf = (s: Sent): string => (s.parameters.RequestBody as { text: string }).text;

describe("failure notifications", () => {
  const hook = { webhook: "https://hooks.slack.com/services/T/B/plain", failure: "#ops" };

  it("name the job, its exit code and stopped reason, the error, the start and end times and the execution", async () => {
    const { result, posts } = await runNotifying(notifying({ slack: hook }), {
      fuga: { exitCode: 3, ms: 50 },
    });
    expect(result.status).toBe("FAILED");
    expect(result.error).toBe("States.TaskFailed");
    expect(result.cause).toBe(ecsCause("fuga", 3));
    expect(posts).toHaveLength(1);
    const text = textOf(posts[0]!);
    expect(text).toBe(
      expected("jobFailure", text, {
        job: "fuga",
        exitCode: 3,
        stoppedReason: "Essential container in task exited",
        error: "States.TaskFailed",
      }),
    );
    expect(text).toContain(
      "https://ap-northeast-1.console.aws.amazon.com/states/home?region=ap-northeast-1#/v2/executions/details/arn:aws:states:ap-northeast-1:123456789012:execution:ads-hourly:run-1",
    );
    expect(posts[0]!.parameters).toMatchObject({
      ApiEndpoint: hook.webhook,
      Method: "POST",
      Authentication: { ConnectionArn: "${Batchflow::NotifyConnectionArn}" },
      RequestBody: { channel: "#ops" },
    });
  });

  it("say timed out when a job times out", async () => {
    const { result, posts } = await runNotifying(
      notifying({ slack: hook }),
      { hoge: { ms: 400 } },
      { taskTimeoutMs: { hoge: 100 } },
    );
    expect(result.error).toBe("States.Timeout");
    expect(posts).toHaveLength(1);
    const text = textOf(posts[0]!);
    expect(text).toBe(expected("timeout", text, { error: "States.Timeout", cause: result.cause ?? "" }));
  });

  it("name any other error and its cause", async () => {
    const { result, posts } = await runNotifying(notifying({ slack: hook }), {
      hoge: { error: "MyApp.Quota" },
    });
    expect(result.error).toBe("MyApp.Quota");
    const text = textOf(posts[0]!);
    expect(text).toBe(expected("failure", text, { error: "MyApp.Quota", cause: "hoge failed" }));
  });

  it("are not sent for timeouts when on leaves timeout out", async () => {
    const { result, sent } = await runNotifying(
      notifying({ slack: hook, on: ["failure"] }),
      { hoge: { ms: 400 } },
      { taskTimeoutMs: { hoge: 100 } },
    );
    expect(result.error).toBe("States.Timeout");
    expect(sent).toEqual([]);
  });

  it("read a secret webhook when they post, so its URL is never in the bundle", async () => {
    const compiled = notifying({ slack: { webhook: secret(webhookArn) }, sns: topic });
    expect(compiled.files.map((f) => f.contents).join("")).not.toContain("hooks.slack.com/services");
    const { sent } = await runNotifying(compiled, { hoge: { exitCode: 1 } });
    expect(sent.map((s) => s.resource)).toEqual([getSecretValue, httpInvoke, snsPublish]);
    expect(sent[0]!.parameters).toEqual({ SecretId: webhookArn });
    expect(sent[1]!.parameters.ApiEndpoint).toBe("https://hooks.slack.com/services/T000/B000/XXXX");
    expect(sent[1]!.parameters.RequestBody).toEqual({ text: textOf(sent[1]!) });
    expect(sent[2]!.parameters).toEqual({
      TopicArn: topic,
      Subject: "batchflow: ads-hourly failed",
      Message: textOf(sent[1]!),
    });
  });

  it("that cannot be sent never change how the run ends", async () => {
    const { result, sent } = await runNotifying(
      notifying({ slack: hook, sns: topic }),
      { fuga: { exitCode: 4 } },
      { failSlack: true },
    );
    expect(result.status).toBe("FAILED");
    expect(result.error).toBe("States.TaskFailed");
    expect(result.cause).toBe(ecsCause("fuga", 4));
    // Slack tried three times (two retries), SNS still published
    expect(sent.filter((s) => s.resource === httpInvoke)).toHaveLength(3);
    expect(sent.filter((s) => s.resource === snsPublish)).toHaveLength(1);
    // The failed posts were the notify machine's, once the run had ended.
    expect(result.handlerErrors).toHaveLength(0);
  });
});

describe("success notifications", () => {
  it("go to the success channel and leave the run's output alone", async () => {
    const compiled = notifying({
      slack: { webhook: "https://hooks.slack.com/services/T/B/x", success: "#batch" },
    });
    const { result, posts } = await runNotifying(compiled, {});
    expect(result.status).toBe("SUCCEEDED");
    expect(result.output).toEqual({ date: "2026-11-29" });
    expect(posts).toHaveLength(1);
    const text = textOf(posts[0]!);
    expect(text).toBe(expected("success", text));
    expect(posts[0]!.parameters.RequestBody).toEqual({ text, channel: "#batch" });
  });

  it("are off by default", async () => {
    const { result, sent } = await runNotifying(notifying({ sns: topic }), {});
    expect(result.status).toBe("SUCCEEDED");
    expect(sent).toEqual([]);
  });
});

describe("every combination of on, Slack and SNS", () => {
  const subsets = [
    ["failure"],
    ["timeout"],
    ["success"],
    ["failure", "timeout"],
    ["failure", "success"],
    ["timeout", "success"],
    ["failure", "timeout", "success"],
  ] as const;
  it.each(subsets.map((on) => ({ on: [...on] as NotifyEvent[] })))(
    "compiles to valid ASL: on $on",
    ({ on }) => {
      for (const destinations of [
        { slack: { webhook: "https://hooks.slack.com/services/T/B/x" } },
        { slack: { webhook: secret(webhookArn), failure: "#ops", success: "#ok" } },
        { sns: topic },
        { slack: { webhook: secret(webhookArn) }, sns: topic },
      ]) {
        notifying({ ...destinations, on }, job("a").then(job("b", { lock: { name: "b.lock" } })));
      }
    },
  );
});
