import { describe, expect, it } from "vitest";
import { DefinitionError } from "../diagnostics/batchflow-error.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { stackFrames } from "../source/stack-frames.js";
import { defineConfig } from "./define-config.js";
import { job } from "./job.js";
import { cron } from "./schedules.js";
import { fargate, secret } from "./values.js";
import { workflow } from "./workflow.js";

/** The line this is called on, to compare with where a thrown error says the call was. */
function lineHere(): number {
  return stackFrames(new Error().stack ?? "")[1]?.line ?? -1;
}

/** The diagnostics a builder call threw, as "code message | hint", checked to point at `line` of this file. */
function refused(build: () => unknown, line: number): string[] {
  let error: unknown;
  try {
    build();
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(DefinitionError);
  const diagnostics: ReadonlyArray<Diagnostic> = (error as DefinitionError).diagnostics;
  for (const d of diagnostics) {
    expect(d.location?.file).toMatch(/option-checks\.test\.ts$/);
    expect(d.location?.line).toBe(line);
  }
  expect((error as DefinitionError).code).toBe(diagnostics[0]?.code);
  return diagnostics.map((d) => `${d.code} ${d.message} | ${d.hint}`);
}

const task = fargate({ image: "img" });

describe("builders check their options at the call", () => {
  it("workflow(): unknown keys with a did-you-mean, naming the workflow", () => {
    expect(
      refused(() => workflow("x", { schedul: cron("35 * * * *") } as never, job("a")), lineHere()),
    ).toEqual(['BF1011 workflow("x") options: unknown option "schedul" | did you mean "schedule"?']);
  });

  it("workflow(): a schedule given as a string, and subnets given as one", () => {
    expect(refused(() => workflow("x", { schedule: "35 * * * *" } as never, job("a")), lineHere())).toEqual([
      'BF1108 workflow("x") options: schedule takes cron("35 * * * *"), rate("1 hour") or awsCron("0 9 ? * MON#1 *"), not a string | write schedule: cron("35 * * * *")',
    ]);
    expect(
      refused(() => workflow("x", { network: { subnets: "subnet-x" } } as never, job("a")), lineHere()),
    ).toEqual([
      'BF1012 workflow("x") options: network.subnets must be a list of subnet ids, not a string | write subnets: ["subnet-x"]',
    ]);
  });

  it("workflow(): a list of schedules is checked item by item, and may not be empty", () => {
    const schedule = [cron("0 9 * * *"), "0 18 * * *", "1 hour"];
    expect(refused(() => workflow("x", { schedule } as never, job("a")), lineHere())).toEqual([
      'BF1108 workflow("x") options: schedule[1] takes cron("35 * * * *"), rate("1 hour") or awsCron("0 9 ? * MON#1 *"), not a string | write cron("0 18 * * *")',
      'BF1108 workflow("x") options: schedule[2] takes cron("35 * * * *"), rate("1 hour") or awsCron("0 9 ? * MON#1 *"), not a string | write rate("1 hour")',
    ]);
    expect(refused(() => workflow("x", { schedule: [] } as never, job("a")), lineHere())).toEqual([
      'BF1113 workflow("x") options: schedule is an empty list | give it one schedule or more, e.g. schedule: [cron("0 9 * * *")], or leave schedule out for a workflow that is started by hand',
    ]);
    expect(() =>
      workflow("x", { schedule: [cron("0 9 * * *"), cron("0 18 * * *")] }, job("a")),
    ).not.toThrow();
  });

  it("workflow(): every problem of the options at once", () => {
    const options = { clustr: "batch", defaults: { task, timout: "5m" }, notify: { slack: {} } };
    expect(refused(() => workflow("x", options as never, job("a")), lineHere())).toEqual([
      'BF1011 workflow("x") options: unknown option "clustr" | did you mean "cluster"?',
      'BF1011 workflow("x") options: unknown option "defaults.timout" | did you mean "timeout"?',
      'BF1013 workflow("x") options: required option "notify.slack.webhook" is missing | add webhook: secret("arn:aws:secretsmanager:...")',
    ]);
  });

  it("job(): unknown keys, wrong types, misplaced options", () => {
    expect(refused(() => job("a", { timout: "5m" } as never), lineHere())).toEqual([
      'BF1011 job("a") options: unknown option "timout" | did you mean "timeout"?',
    ]);
    expect(refused(() => job("a", { cpu: "512" } as never), lineHere())).toEqual([
      'BF1012 job("a") options: cpu must be a number of CPU units, not a string | write cpu: 512',
    ]);
    expect(refused(() => job("a", { retry: { maxAttempts: 2 } } as never), lineHere())).toEqual([
      'BF1011 job("a") options: unknown option "retry" | retry is a method: job("a").retry({ maxAttempts: 2 })',
    ]);
    expect(refused(() => job("a", { lock: { name: "l", wiat: "1m" } } as never), lineHere())).toEqual([
      'BF1011 job("a") options: unknown option "lock.wiat" | did you mean "wait"?',
    ]);
  });

  it("fargate(): unknown keys, wrong types, a missing image", () => {
    expect(refused(() => fargate({ image: "i", memroy: 2048 } as never), lineHere())).toEqual([
      'BF1011 fargate() options: unknown option "memroy" | did you mean "memory"?',
    ]);
    expect(refused(() => fargate({ image: "i", cpu: "512" } as never), lineHere())).toEqual([
      "BF1012 fargate() options: cpu must be a number of CPU units, not a string | write cpu: 512",
    ]);
    expect(refused(() => fargate({ cpu: 256 } as never), lineHere())[0]).toMatch(
      /^BF1013 fargate\(\) options: required option "image" is missing/,
    );
    expect(refused(() => fargate({ image: "i", architecture: "amd64" } as never), lineHere())).toEqual([
      'BF1012 fargate() options: architecture must be "x86_64" or "arm64", not "amd64" | write architecture: "x86_64"',
    ]);
  });

  it(".retry(), .catch() and .timeout()", () => {
    expect(refused(() => job("a").retry({ intervall: "3s" } as never), lineHere())).toEqual([
      'BF1011 retry() policy: unknown option "intervall" | did you mean "interval"?',
    ]);
    expect(refused(() => job("a").retry({ on: ["States.Timeot"] } as never), lineHere())).toEqual([
      'BF1014 retry() policy: on[0] "States.Timeot" is not an error name AWS defines | did you mean "States.Timeout"?',
    ]);
    expect(refused(() => job("a").retry({ jitter: "ful" } as never), lineHere())).toEqual([
      'BF1012 retry() policy: jitter must be "full" or "none", not "ful" | did you mean "full"?',
    ]);
    expect(
      refused(() => job("a").catch(["States.TaskFailed", "States.Timeot"] as never, job("b")), lineHere()),
    ).toEqual([
      'BF1014 catch() errors: "States.Timeot" is not an error name AWS defines | did you mean "States.Timeout"?',
    ]);
    expect(refused(() => job("a").timeout(true as never), lineHere())).toEqual([
      `BF1012 timeout()'s argument must be a duration: seconds, or a string like "30m", not true | write "30m", or the seconds as a number: 1800`,
    ]);
  });

  it("defineConfig(): the config's keys, including the ones it shares with workflows", () => {
    expect(refused(() => defineConfig({ defaultTimout: "1h" } as never), lineHere())).toEqual([
      'BF1011 defineConfig() options: unknown option "defaultTimout" | did you mean "defaultTimeout"?',
    ]);
    expect(refused(() => defineConfig({ local: { envfile: ".env" } } as never), lineHere())).toEqual([
      'BF1011 defineConfig() options: unknown option "local.envfile" | did you mean "envFile"?',
    ]);
    expect(refused(() => defineConfig("batch" as never), lineHere())).toEqual([
      'BF1012 defineConfig() options must be an object, not a string | write { cluster: "batch" }',
    ]);
  });

  it("take what their types allow, undefined included", () => {
    const webhook = secret("arn:aws:secretsmanager:ap-northeast-1:000000000000:secret:slack");
    expect(() =>
      workflow(
        "x",
        {
          cluster: undefined as never, // JavaScript callers pass undefined for "not given"
          notify: { slack: { webhook, failure: "#a" } },
          infrastructureRetry: { on: ["ECS.AmazonECSException"], jitter: "full" },
        },
        job("a", { task, command: "make run", env: { A: "1" }, lock: { name: "l", onBusy: "skip" } })
          .retry({ on: ["States.Timeout", "MyApp.Failed"] })
          .catch("States.ALL", job("b")),
      ),
    ).not.toThrow();
    expect(() =>
      defineConfig({ cluster: "batch", local: { envFile: ".env" }, infrastructureRetry: false }),
    ).not.toThrow();
  });
});
