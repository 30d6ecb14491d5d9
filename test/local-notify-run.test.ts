// Notifications from `batchflow run`: the compiled notification states POST to a real HTTP server on
// 127.0.0.1 (a stand-in for a Slack incoming webhook), or only print with --dry-notify.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { runCliAsync } from "./support/cli-async.js";
import { CliProject, requireBuild } from "./support/cli-project.js";
import { readTrace, runWorkflowFile } from "./support/run-project.js";

interface Received {
  readonly path: string;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: { text: string; channel?: string };
}

let server: Server;
let url: string;
const received: Received[] = [];
/** Status codes to answer with, in turn; 200 once they run out. */
const answers: number[] = [];

beforeAll(async () => {
  requireBuild();
  server = createServer((request, response) => {
    let body = "";
    request.on("data", (chunk: Buffer) => {
      body += chunk.toString();
    });
    request.on("end", () => {
      received.push({
        path: request.url ?? "",
        headers: request.headers,
        body: JSON.parse(body) as Received["body"],
      });
      const status = answers.shift() ?? 200;
      response.writeHead(status, { "content-type": "text/plain" }).end(status === 200 ? "ok" : "no_service");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/services/T000/B000/hook`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const projects: CliProject[] = [];
beforeEach(() => {
  received.length = 0;
  answers.length = 0;
});
afterEach(() => {
  for (const p of projects.splice(0)) p.dispose();
});

function project(body: (webhook: string) => string): CliProject {
  const p = new CliProject().write("workflows/w.ts", runWorkflowFile(body(url)));
  projects.push(p);
  return p;
}

const notifying = (webhook: string) => `
const notify = { slack: { webhook: ${JSON.stringify(webhook)}, failure: "#ops", success: "#ok" } };
export const failing = workflow("nightly", { ...options, notify }, job("extract", { command: "true" }).then(job("load", { command: "echo disk full >&2; exit 3" })));
export const passing = workflow("hourly", { ...options, notify }, job("only", { command: "true" }));`;

describe("batchflow run with notifications", () => {
  it("POSTs one failure message naming the workflow, the job, exit code 3 and the error; the run still fails", async () => {
    const p = project(notifying);
    const run = await runCliAsync(["run", "nightly", "--json", "trace.jsonl"], p.dir);

    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/^FAILED after \S+: States\.TaskFailed \(job load, exit code 3\)$/m);
    expect(received).toHaveLength(1);
    const [post] = received;
    expect(post!.path).toBe("/services/T000/B000/hook");
    expect(post!.headers["content-type"]).toContain("application/json");
    expect(post!.body.channel).toBe("#ops");
    for (const part of ["*nightly*", "`load`", "code 3", "States.TaskFailed"])
      expect(post!.body.text).toContain(part);

    // One progress line, and a trace record.
    expect(run.stdout.split("\n").filter((l) => l.startsWith("notify slack #ops: "))).toEqual([
      `notify slack #ops: ${post!.body.text}`,
    ]);
    const notes = readTrace(join(p.dir, "trace.jsonl")).filter((e) => e.type === "Notification");
    expect(notes).toMatchObject([
      { via: "slack", channel: "#ops", text: post!.body.text, delivery: "posted", status: 200, attempt: 1 },
    ]);
    expect(notes[0]!.url).toBe(`http://127.0.0.1:${(server.address() as AddressInfo).port}/…`);
  });

  it("POSTs the success message when success names a channel", async () => {
    const p = project(notifying);
    const run = await runCliAsync(["run", "hourly"], p.dir);

    expect(run.status).toBe(0);
    expect(received).toHaveLength(1);
    expect(received[0]!.body.channel).toBe("#ok");
    expect(received[0]!.body.text).toMatch(
      /^:white_check_mark: \*hourly\* succeeded\. Started \d{4}-\d\d-\d\dT[\d:.]+Z, ended \d{4}-\d\d-\d\dT[\d:.]+Z\. https:/,
    );
  });

  it("with --dry-notify posts nothing and prints the message, the webhook masked", async () => {
    const p = project(notifying);
    const run = await runCliAsync(["run", "nightly", "--dry-notify"], p.dir);

    expect(run.status).toBe(1);
    expect(received).toEqual([]);
    const port = (server.address() as AddressInfo).port;
    const line = run.stdout.split("\n").find((l) => l.startsWith("notify slack #ops"));
    expect(line).toMatch(
      new RegExp(
        `^notify slack #ops \\(dry run, not posted to http://127\\.0\\.0\\.1:${port}/…\\): :x: \\*nightly\\* failed: job \`load\``,
      ),
    );
    expect(run.stdout).not.toContain("/services/T000");
  });

  it("retries a webhook that answers 500 twice, then gives up without changing how the run ends", async () => {
    const p = project(notifying);
    answers.push(500, 500, 500);
    const run = await runCliAsync(["run", "nightly", "--time-scale", "0", "--json", "trace.jsonl"], p.dir);

    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/^FAILED after \S+: States\.TaskFailed \(job load, exit code 3\)$/m);
    expect(received).toHaveLength(3);
    const notes = readTrace(join(p.dir, "trace.jsonl")).filter((e) => e.type === "Notification");
    expect(notes.map((n) => [n.attempt, n.delivery, n.status])).toEqual([
      [1, "failed", 500],
      [2, "failed", 500],
      [3, "failed", 500],
    ]);
    expect(notes[0]!.error).toBe("States.Http.StatusCode.500: no_service");
    expect(run.stdout).toMatch(
      /^notify slack #ops: :x: .* ✗ not delivered \(attempt 1\): States\.Http\.StatusCode\.500: no_service$/m,
    );
    expect(run.stdout).toMatch(
      /^notify slack #ops ✗ not delivered \(attempt 3\): States\.Http\.StatusCode\.500: no_service$/m,
    );
  });

  it("reads a secret(...) webhook from BATCHFLOW_NOTIFY_WEBHOOK, and without it warns once and only prints", async () => {
    const p = project(
      () => `
const notify = { slack: { webhook: secret("arn:aws:secretsmanager:ap-northeast-1:123456789012:secret:slack-hook") } };
export const failing = workflow("nightly", { ...options, notify }, job("load", { command: "exit 3" }));`,
    );
    const posted = await runCliAsync(["run", "nightly"], p.dir, { BATCHFLOW_NOTIFY_WEBHOOK: url });
    expect(posted.status).toBe(1);
    expect(received).toHaveLength(1);
    expect(received[0]!.body).not.toHaveProperty("channel");
    expect(posted.stdout).not.toContain(url);

    received.length = 0;
    const printed = await runCliAsync(["run", "nightly", "--json", "trace.jsonl"], p.dir);
    expect(printed.status).toBe(1);
    expect(received).toEqual([]);
    expect(printed.stdout).toMatch(
      /^warning BF1533: BATCHFLOW_NOTIFY_WEBHOOK is not set \(neither in the environment nor in \.env\): notifications to the workflow's secret webhook are printed, not posted$/m,
    );
    expect(printed.stdout).toMatch(
      /^notify slack \(not posted: BATCHFLOW_NOTIFY_WEBHOOK is not set\): :x: \*nightly\* failed/m,
    );
    expect(readTrace(join(p.dir, "trace.jsonl")).filter((e) => e.type === "Notification")).toMatchObject([
      { delivery: "no-webhook" },
    ]);

    // The env file counts too, as for job secrets.
    p.write(".env", `BATCHFLOW_NOTIFY_WEBHOOK=${url}\n`);
    expect((await runCliAsync(["run", "nightly"], p.dir)).status).toBe(1);
    expect(received).toHaveLength(1);
  });

  it("prints SNS messages, which a local run never publishes", async () => {
    const p = project(
      () => `
export const failing = workflow("nightly", { ...options, notify: { sns: "arn:aws:sns:ap-northeast-1:123456789012:batch-alerts" } }, job("load", { command: "exit 3" }));`,
    );
    const run = await runCliAsync(["run", "nightly", "--json", "trace.jsonl"], p.dir);
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(
      /^notify sns batch-alerts: :x: \*nightly\* failed: job `load` exited with code 3/m,
    );
    expect(readTrace(join(p.dir, "trace.jsonl")).filter((e) => e.type === "Notification")).toMatchObject([
      {
        via: "sns",
        topicArn: "arn:aws:sns:ap-northeast-1:123456789012:batch-alerts",
        subject: "batchflow: nightly failed",
        delivery: "local",
      },
    ]);
  });
});
