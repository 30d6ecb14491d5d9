import { compile } from "batchflow";
import { describe, expect, it } from "vitest";
import nightlyConfig from "../examples/nightly-report/batchflow.config.js";
import { nightly } from "../examples/nightly-report/workflows/nightly-report.js";
import seedConfig from "../examples/seed-migration/batchflow.config.js";
import { hourly } from "../examples/seed-migration/workflows/ads-hourly.js";
import { validateAsl } from "./support/validate-asl.js";

const examples = [
  { example: "seed-migration", workflow: hourly, config: seedConfig },
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
  it("is the talk's platform: hoge, then fuga and foo at once, on the slide's schedule and retry", () => {
    const { stateMachine, schedule } = compile(hourly, { config: seedConfig });
    expect(stateMachine.StartAt).toBe("hoge");
    expect(stateMachine.States.hoge).toMatchObject({
      Next: "parallel-fuga-foo",
      Retry: expect.arrayContaining([
        { ErrorEquals: ["States.Timeout"], IntervalSeconds: 3, MaxAttempts: 2, BackoffRate: 1.5 },
      ]),
    });
    expect(schedule).toMatchObject({ type: "rule", rule: { ScheduleExpression: "cron(35 * * * ? *)" } });
  });
});
