// runWorkflow() in-process, with real (short) processes.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { compile } from "@batchflow/aws";
import { fargate, job, secret, workflow } from "@batchflow/core";
import { afterEach, describe, expect, it } from "vitest";
import type { RunEvent } from "./run-events.js";
import { RunSetupError } from "./run-setup-error.js";
import { runWorkflow } from "./run-workflow.js";

const roots: string[] = [];
function root(): string {
  const dir = mkdtempSync(join(tmpdir(), "batchflow-run-"));
  roots.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of roots.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const task = fargate({ image: "busybox" });
const options = { cluster: "local", network: { subnets: ["subnet-a"] }, defaults: { task } };

describe("runWorkflow", () => {
  it("fails an attempt over its timeout with a States.Timeout that States.TaskFailed retriers do not match", async () => {
    const slow = (name: string) => job(name, { command: "sleep 5", timeout: 1 });
    const wf = workflow(
      "timeouts",
      options,
      slow("not-retried")
        .retry({ on: ["States.TaskFailed"], interval: 1, maxAttempts: 2 })
        .catch(
          "States.Timeout",
          slow("retried").retry({ on: ["States.Timeout"], interval: 1, maxAttempts: 1 }),
        ),
    );
    const events: RunEvent[] = [];
    const result = await runWorkflow(compile(wf), {
      root: root(),
      timeScale: 0,
      stopTimeoutMs: 200,
      onEvent: (e) => events.push(e),
    });
    expect(result.status).toBe("FAILED");
    expect(result.error).toBe("States.Timeout");
    const attempts = (j: string) => events.filter((e) => e.type === "JobStarted" && e.job === j).length;
    expect(attempts("not-retried")).toBe(1);
    expect(attempts("retried")).toBe(2);
    expect(result.summary.map((j) => [j.name, j.status, j.attempts, j.timedOut])).toEqual([
      ["not-retried", "failed", 1, true],
      ["retried", "failed", 2, true],
    ]);
  });

  it("reports start, events and a summary; jobs get their environment and write logs", async () => {
    const dir = root();
    const wf = workflow(
      "hello",
      options,
      job("hello", { command: 'echo "hello $WHO"', env: { WHO: "world" } }).then(
        job("never", { command: "exit 1" }).timeout(5),
      ),
    );
    const starts: string[] = [];
    const output: string[] = [];
    const result = await runWorkflow(compile(wf), {
      root: dir,
      onStart: (s) => starts.push(s.runId),
      onEvent: (e) => {
        if (e.type === "JobOutput") output.push(`${e.job}: ${e.line}`);
      },
    });
    expect(result.status).toBe("FAILED");
    expect(starts).toEqual([result.runId]);
    expect(output).toEqual(["hello: hello world"]);
    expect(readFileSync(join(result.logDir, "hello.log"), "utf8")).toContain("hello world\n");
    expect(result.summary.map((j) => [j.name, j.status, j.exitCode])).toEqual([
      ["hello", "succeeded", 0],
      ["never", "failed", 1],
    ]);
  });

  it("throws a RunSetupError naming every missing secret before anything starts", async () => {
    const wf = workflow(
      "secrets",
      options,
      job("a", {
        command: "true",
        env: { BF_UNIT_SECRET: secret("arn:aws:ssm:ap-northeast-1:123456789012:parameter/unit/secret") },
      }),
    );
    const events: RunEvent[] = [];
    const run = runWorkflow(compile(wf), {
      root: root(),
      env: { PATH: process.env.PATH },
      onEvent: (e) => events.push(e),
    });
    await expect(run).rejects.toBeInstanceOf(RunSetupError);
    await expect(run).rejects.toMatchObject({ code: "BF1504" });
    expect(events).toEqual([]);
  });
});
