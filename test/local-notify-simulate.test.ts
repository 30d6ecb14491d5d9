// Notifications in simulate(): the compiled notification states (the catch path that parses the ECS
// cause, formats the message with States.Format, then posts and publishes it) run with their HTTP, SNS
// and Secrets Manager calls recorded instead of sent.
import { fargate, job, secret, workflow } from "@batchflow/batchflow";
import { simulate } from "@batchflow/batchflow/testing";
import { describe, expect, it } from "vitest";

const options = {
  cluster: "batch",
  network: { subnets: ["subnet-a"] },
  defaults: { task: fargate({ image: "batch:1" }), command: ["true"], timeout: "30m" },
} as const;
const topic = "arn:aws:sns:ap-northeast-1:123456789012:batch-alerts";

const notified = workflow(
  "nightly",
  {
    ...options,
    notify: {
      slack: { webhook: "https://hooks.slack.com/services/T0/B0/secret", failure: "#ops", success: "#ok" },
      sns: topic,
    },
  },
  job("extract").then(job("load")),
);

describe("simulate() with notifications", () => {
  it("records one Slack message and one SNS message naming the workflow, the failed job, its exit code and the error", async () => {
    const run = await simulate(notified, { jobs: { load: { exitCode: 3 } } });

    expect(run).toMatchObject({ status: "FAILED", error: "States.TaskFailed" });
    expect(run.notifications).toHaveLength(2);
    const [slack, sns] = run.notifications;
    expect(slack).toMatchObject({ via: "slack", channel: "#ops" });
    for (const part of ["nightly", "`load`", "code 3", "States.TaskFailed"])
      expect(slack!.text).toContain(part);
    expect(sns).toEqual({
      via: "sns",
      topicArn: topic,
      subject: "batchflow: nightly failed",
      text: slack!.text,
    });
    // They are in the trace too, after the failure.
    const events = run.trace.filter((e) => e.type === "Notification");
    expect(events.map((e) => e.type === "Notification" && e.via)).toEqual(["slack", "sns"]);
    // The execution still fails with the job's own error.
    expect(JSON.parse(run.cause!).Containers[0].ExitCode).toBe(3);
  });

  it("records the success message when success names a channel", async () => {
    const run = await simulate(notified, { defaultDuration: "90s" });

    expect(run.status).toBe("SUCCEEDED");
    expect(run.notifications.map((n) => n.via)).toEqual(["slack", "sns"]);
    expect(run.notifications[0]).toMatchObject({ via: "slack", channel: "#ok" });
    // Started and ended on the simulation's virtual clock: two jobs of 90 s.
    const [, started = "", ended = ""] =
      /\*nightly\* succeeded\. Started (\S+), ended (\S+)\./.exec(run.notifications[0]!.text) ?? [];
    expect(Date.parse(ended) - Date.parse(started)).toBe(180_000);
  });

  it("sends nothing on success by default, and reads a secret webhook as a dummy URL", async () => {
    const quiet = workflow(
      "quiet",
      {
        ...options,
        notify: {
          slack: { webhook: secret("arn:aws:secretsmanager:ap-northeast-1:123456789012:secret:hook") },
        },
      },
      job("only"),
    );
    expect((await simulate(quiet)).notifications).toEqual([]);

    const failed = await simulate(quiet, { jobs: { only: { error: "ECS.AmazonECSException" } } });
    expect(failed.notifications).toHaveLength(1);
    expect(failed.notifications[0]).toMatchObject({ via: "slack" });
    expect(failed.notifications[0]!.text).toContain("ECS.AmazonECSException");
    expect(failed.notifications[0]).not.toHaveProperty("channel");
  });
});
