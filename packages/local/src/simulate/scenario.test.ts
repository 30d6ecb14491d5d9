import { isBatchflowError } from "@batchflow/core";
import { describe, expect, it } from "vitest";
import { durationMs, type JobScript, normaliseScenario, type Scenario } from "./scenario.js";

const jobs = ["hoge", "fuga", "foo"];
const scriptOf = (scenario: Scenario, job = "hoge"): JobScript => {
  const script = normaliseScenario(scenario, "ads-hourly", jobs).scripts.get(job);
  if (script === undefined) throw new Error(`no script for ${job}`);
  return script;
};
const outcomes = (script: JobScript, attempts = 4) =>
  Array.from({ length: attempts }, (_, i) => script.outcome(i + 1));
const exit = (exitCode: number) => ({ kind: "exit", exitCode });
const codeOf = (run: () => unknown): string | undefined => {
  try {
    run();
  } catch (error) {
    return isBatchflowError(error) ? error.code : `not a BatchflowError: ${String(error)}`;
  }
  return undefined;
};

describe("normaliseScenario", () => {
  it("gives every job a script; jobs left out succeed at once", () => {
    const { scripts, input } = normaliseScenario({}, "ads-hourly", jobs);
    expect([...scripts.keys()]).toEqual(jobs);
    expect(scripts.get("fuga")?.durationMs).toBe(0);
    expect(outcomes(scripts.get("fuga")!)).toEqual([exit(0), exit(0), exit(0), exit(0)]);
    expect(input).toBeUndefined();
  });

  it("exitCode alone: every attempt exits with it", () => {
    expect(outcomes(scriptOf({ jobs: { hoge: { exitCode: 2 } } }))).toEqual([
      exit(2),
      exit(2),
      exit(2),
      exit(2),
    ]);
    expect(outcomes(scriptOf({ jobs: { hoge: { exitCode: 0 } } }))).toEqual([
      exit(0),
      exit(0),
      exit(0),
      exit(0),
    ]);
  });

  it("failTimes: the first n attempts fail (exit 1 unless exitCode says otherwise), then succeed", () => {
    expect(outcomes(scriptOf({ jobs: { hoge: { failTimes: 2 } } }))).toEqual([
      exit(1),
      exit(1),
      exit(0),
      exit(0),
    ]);
    expect(outcomes(scriptOf({ jobs: { hoge: { failTimes: 1, exitCode: 3 } } }))).toEqual([
      exit(3),
      exit(0),
      exit(0),
      exit(0),
    ]);
    expect(outcomes(scriptOf({ jobs: { hoge: { failTimes: 0 } } }))).toEqual([
      exit(0),
      exit(0),
      exit(0),
      exit(0),
    ]);
  });

  it("error: a name or { name, cause }, on every attempt or the first failTimes", () => {
    const always = outcomes(scriptOf({ jobs: { hoge: { error: "ECS.AmazonECSException" } } }), 2);
    expect(always).toEqual([
      { kind: "error", name: "ECS.AmazonECSException", cause: undefined },
      { kind: "error", name: "ECS.AmazonECSException", cause: undefined },
    ]);
    const once = outcomes(
      scriptOf({ jobs: { hoge: { error: { name: "App.Quota", cause: "full" }, failTimes: 1 } } }),
      2,
    );
    expect(once).toEqual([{ kind: "error", name: "App.Quota", cause: "full" }, exit(0)]);
  });

  it("durations: a job's own, else defaultDuration, else 0", () => {
    const { scripts } = normaliseScenario(
      { defaultDuration: "2m", jobs: { hoge: { duration: 1500 }, fuga: { exitCode: 1 } } },
      "ads-hourly",
      jobs,
    );
    expect([...scripts].map(([job, script]) => [job, script.durationMs])).toEqual([
      ["hoge", 1500],
      ["fuga", 120_000],
      ["foo", 120_000],
    ]);
  });

  it("passes the input through", () => {
    expect(normaliseScenario({ input: { date: "2026-01-01" } }, "w", jobs).input).toEqual({
      date: "2026-01-01",
    });
  });

  it("BF1520: a job the workflow does not have, naming the workflow's jobs and the closest name", () => {
    const run = () => normaliseScenario({ jobs: { fugo: { exitCode: 1 } } } as Scenario, "ads-hourly", jobs);
    expect(codeOf(run)).toBe("BF1520");
    expect(run).toThrow(
      'error BF1520: workflow "ads-hourly": the scenario names job "fugo", which is not in this workflow; its jobs are: hoge, fuga, foo\n  hint: did you mean "fuga"?',
    );
    expect(() => normaliseScenario({ jobs: { "totally-else": {} } } as Scenario, "w", jobs)).toThrow(
      /hint: use one of the workflow's job names/,
    );
  });

  it.each([
    ["a scenario that is not an object", "nope", /the scenario must be an object/],
    ["job outcomes outside jobs", { hoge: { exitCode: 1 } }, /unknown field "hoge"/],
    ["jobs that is not an object", { jobs: [] }, /jobs must be an object/],
    ["an input that is not an object", { input: [1] }, /input must be a JSON object/],
    ["a job outcome that is not an object", { jobs: { hoge: 2 } }, /must be an object, got 2/],
    ["an unknown job field", { jobs: { hoge: { exitcode: 2 } } }, /unknown field "exitcode"/],
    [
      "an exit code out of range",
      { jobs: { hoge: { exitCode: 256 } } },
      /exitCode must be a whole number from 0 to 255/,
    ],
    ["a fractional exit code", { jobs: { hoge: { exitCode: 1.5 } } }, /exitCode/],
    ["negative failTimes", { jobs: { hoge: { failTimes: -1 } } }, /failTimes must be/],
    ["exitCode with error", { jobs: { hoge: { exitCode: 1, error: "X" } } }, /both given/],
    ["failTimes with exitCode 0", { jobs: { hoge: { failTimes: 1, exitCode: 0 } } }, /exits 0 succeeds/],
    ["an empty error name", { jobs: { hoge: { error: "" } } }, /error must be an error name/],
    [
      "a non-string cause",
      { jobs: { hoge: { error: { name: "X", cause: 1 } } } },
      /error.cause must be a string/,
    ],
    [
      "a bad duration",
      { jobs: { hoge: { duration: "5 minutes" } } },
      /duration "5 minutes" is not a duration/,
    ],
    ["a negative duration", { jobs: { hoge: { duration: -1 } } }, /duration -1 is not a duration/],
    ["a bad defaultDuration", { defaultDuration: "soon" }, /defaultDuration "soon"/],
  ])("BF1521: %s", (_what, scenario, message) => {
    const run = () => normaliseScenario(scenario as unknown as Scenario, "ads-hourly", jobs);
    expect(codeOf(run)).toBe("BF1521");
    expect(run).toThrow(message);
  });
});

describe("durationMs", () => {
  it.each([
    [0, 0],
    [1500, 1500],
    ["250ms", 250],
    ["3s", 3000],
    ["5m", 300_000],
    ["1.5h", 5_400_000],
    ["1d", 86_400_000],
  ])("%s is %d ms", (input, ms) => {
    expect(durationMs(input, "w", undefined, "duration")).toBe(ms);
  });
});
