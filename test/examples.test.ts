import { compile } from "@batchflow/batchflow";
import { describe, expect, it } from "vitest";
import nightlyConfig from "../examples/nightly-report/batchflow.config.js";
import { nightly } from "../examples/nightly-report/workflows/nightly-report.js";
import seedConfig from "../examples/seed-migration/batchflow.config.js";
import { hourly } from "../examples/seed-migration/workflows/ads-hourly.js";
import { report } from "../examples/seed-migration/workflows/ads-report.js";
import { collectStates } from "./support/run-asl.js";
import { validateAsl } from "./support/validate-asl.js";

const examples = [
  { example: "seed-migration", workflow: hourly, config: seedConfig },
  { example: "seed-migration", workflow: report, config: seedConfig },
  { example: "nightly-report", workflow: nightly, config: nightlyConfig },
];

describe.each(examples)("examples/$example", ({ example, workflow, config }) => {
  const compiled = compile(workflow, { config });

  it("compiles without warnings", () => {
    expect(compiled.warnings).toEqual([]);
  });

  it("emits ASL that asl-validator accepts", () => {
    expect(validateAsl(compiled.stateMachine).errors).toEqual([]);
  });

  it.each(compiled.files.map((f) => [f.path, f.contents] as const))(
    "matches the committed snapshot of %s",
    async (path, contents) => {
      await expect(contents).toMatchFileSnapshot(
        `__snapshots__/examples/${example}/${compiled.name}/${path}`,
      );
    },
  );
});

describe("examples/seed-migration", () => {
  const statesOf = (definition: object) => new Map(collectStates(definition).map((f) => [f.name, f.state]));
  /** The lock an acquire state asks the lock machine for, and its tries and poll. */
  const lockCallOf = (state: Record<string, unknown> | undefined) =>
    (state?.Parameters as { Input: { lock: string; tries?: number; poll?: number } } | undefined)?.Input;

  it("is the talk's platform: hoge, then fuga and foo, on the slide's schedule and retry", () => {
    const { stateMachine, schedule } = compile(hourly, { config: seedConfig });
    const states = statesOf(stateMachine);
    for (const name of ["hoge", "fuga", "foo"]) {
      expect(states.get(name)).toMatchObject({
        Retry: expect.arrayContaining([
          { ErrorEquals: ["States.Timeout"], IntervalSeconds: 3, MaxAttempts: 2, BackoffRate: 1.5 },
        ]),
      });
    }
    expect(states.get("hoge-lock-release")).toMatchObject({ Next: "parallel-fuga-foo" });
    expect(schedule).toMatchObject({ type: "rule", rule: { ScheduleExpression: "cron(35 * * * ? *)" } });
  });

  it("keeps the crontab's flock: hoge on hoge.lock, fuga and foo both on fuga.lock, 10 minutes' wait", () => {
    const { stateMachine, manifest } = compile(hourly, { config: seedConfig });
    const states = statesOf(stateMachine);
    expect(["hoge", "fuga", "foo"].map((job) => lockCallOf(states.get(`${job}-lock-acquire`)))).toEqual([
      // wait 10m, polled every 5 s: 120 tries, no clock.
      expect.objectContaining({ lock: "hoge.lock", tries: 120, poll: 5 }),
      expect.objectContaining({ lock: "fuga.lock", tries: 120, poll: 5 }),
      expect.objectContaining({ lock: "fuga.lock", tries: 120, poll: 5 }),
    ]);
    expect(manifest.lockTable).toEqual({ name: "batchflow-locks", file: "lock-table.json" });
    expect(manifest.lockMachine).toMatchObject({ name: "ads-hourly-locks" });
  });

  it("posts successes to #batch and failures to #batch-alerts, reading the webhook from Secrets Manager", () => {
    const { stateMachine, notifyMachine, manifest } = compile(hourly, { config: seedConfig });
    // The workflow's own definition holds no notification state: its notify machine does.
    expect([...statesOf(stateMachine).keys()].filter((s) => s.includes("notify"))).toEqual([]);
    const states = statesOf(notifyMachine!.definition);
    expect(states.get("notify-success")?.Parameters).toMatchObject({ channel: "#batch" });
    for (const kind of ["jobFailure", "failure", "timeout"]) {
      expect(states.get(`notify-${kind}`)?.Parameters).toMatchObject({ channel: "#batch-alerts" });
    }
    expect(states.get("notify-slack")?.Parameters).toMatchObject({
      "ApiEndpoint.$": "$.batchflowNotify.webhook.url",
      RequestBody: {
        "text.$": "$.batchflowNotify.message.text",
        "channel.$": "$.batchflowNotify.message.channel",
      },
    });
    expect(states.get("notify-webhook")?.Parameters).toEqual({
      SecretId: "arn:aws:secretsmanager:ap-northeast-1:000000000000:secret:batch-slack-webhook-AbCdEf",
    });
    expect(manifest.notifyConnection).toEqual({ name: "ads-hourly-notify", file: "notify-connection.json" });
  });

  it("skips the nightly report while fuga.lock is held (flock -n)", () => {
    const { stateMachine } = compile(report, { config: seedConfig });
    const states = statesOf(stateMachine);
    expect(stateMachine.StartAt).toBe("lock-fuga-lock-held");
    expect(lockCallOf(states.get("lock-fuga-lock-acquire"))).toMatchObject({ lock: "fuga.lock", tries: 0 });
    expect(states.get("lock-fuga-lock-skipped")).toMatchObject({
      Result: { skipped: true, lock: "fuga.lock", reason: 'lock "fuga.lock" was busy' },
    });
  });
});
