import { describe, expect, it } from "vitest";
import { job } from "../builders/job.js";
import { cron } from "../builders/schedules.js";
import { fargate, input, secret } from "../builders/values.js";
import { checkShape } from "./check-shape.js";
import type { OptionProblem } from "./option-problem.js";
import { anyOf, listOf, numeric, objectOf, oneOf, optional, text } from "./shape-builders.js";
import { retryPolicyShape } from "./shapes/retry-policy-shape.js";
import { workflowOptionsShape } from "./shapes/workflow-options-shape.js";

const subject = 'workflow("x") options';
const check = (value: unknown) => checkShape(value, workflowOptionsShape, subject);
const brief = (problems: ReadonlyArray<OptionProblem>) =>
  problems.map((p) => `${p.code} ${p.message} | ${p.hint}`);

describe("checkShape", () => {
  it("accepts what the type accepts", () => {
    expect(
      check({
        schedule: cron("35 * * * *", { timezone: "Asia/Tokyo" }),
        cluster: "batch",
        network: { subnets: ["subnet-a"], securityGroups: ["sg-a"], assignPublicIp: true },
        defaults: { task: fargate({ image: "i" }), command: (name: string) => [name], timeout: "30m" },
        input: { date: "today", n: 1, nested: { list: [1, null, true] } },
        description: undefined,
        infrastructureRetry: false,
        lock: { name: "l", wait: 600, onBusy: "skip" },
        notify: {
          slack: { webhook: secret("arn:aws:secretsmanager:us-east-1:000000000000:secret:s"), failure: "#a" },
          on: ["success"],
        },
        roles: { stateMachine: "arn:aws:iam::1:role/r" },
      }),
    ).toEqual([]);
    expect(check({})).toEqual([]);
  });

  it("names an unknown key and the object, with the key it was likely meant as", () => {
    expect(brief(check({ schedul: cron("1 * * * *") }))).toEqual([
      `BF1011 ${subject}: unknown option "schedul" | did you mean "schedule"?`,
    ]);
    expect(brief(check({ network: { subnets: ["s"], securityGroup: ["sg"] } }))).toEqual([
      `BF1011 ${subject}: unknown option "network.securityGroup" | did you mean "securityGroups"?`,
    ]);
  });

  it("says where a key that is not a typo belongs, or lists the keys", () => {
    expect(check({ timezone: "Asia/Tokyo" })[0]?.hint).toMatch(/cron\("35 \* \* \* \*", \{ timezone/);
    expect(check({ lock: { name: "l", colour: "red" } })[0]?.hint).toBe(
      "a lock takes name, wait, onBusy and poll",
    );
    // An option of an earlier lock design: the hint says why it is gone.
    expect(brief(check({ lock: { name: "l", lease: "1h" } }))).toEqual([
      `BF1011 ${subject}: unknown option "lock.lease" | a lock has no lease: it is taken over as soon as its holder's run has ended, however it ended, and never while that run lives; remove lease`,
    ]);
  });

  it("names the expected type in our words, and what was given", () => {
    expect(brief(check({ network: { subnets: "subnet-x" } }))).toEqual([
      `BF1012 ${subject}: network.subnets must be a list of subnet ids, not a string | write subnets: ["subnet-x"]`,
    ]);
    expect(brief(check({ schedule: "35 * * * *" }))).toEqual([
      `BF1108 ${subject}: schedule takes cron("35 * * * *"), rate("1 hour") or awsCron("0 9 ? * MON#1 *"), not a string | write schedule: cron("35 * * * *")`,
    ]);
    expect(check({ schedule: "1 hour" })[0]?.hint).toBe('write schedule: rate("1 hour")');
    expect(check({ schedule: "rate(5 minutes)" })[0]?.hint).toBe('write schedule: rate("5 minutes")');
    expect(brief(check({ cluster: 7 }))).toEqual([
      `BF1012 ${subject}: cluster must be a string (a cluster name or ARN), not the number 7 | write cluster: "7"`,
    ]);
    expect(brief(check({ defaults: { task: { image: "i" } } }))).toEqual([
      `BF1012 ${subject}: defaults.task takes a container from fargate({ image: "..." }), not an object | wrap the options in fargate(): task: fargate({ image: ... })`,
    ]);
  });

  it("checks literal values, with a suggestion for a near miss", () => {
    expect(brief(check({ lock: { name: "l", onBusy: "skp" } }))).toEqual([
      `BF1012 ${subject}: lock.onBusy must be "skip" or "fail", not "skp" | did you mean "skip"?`,
    ]);
    expect(check({ lock: { name: "l", onBusy: "queue" } })[0]?.hint).toBe('write onBusy: "skip"');
  });

  it("reports a missing required key", () => {
    expect(brief(check({ lock: { wait: "1m" } }))).toEqual([
      `BF1013 ${subject}: required option "lock.name" is missing | add name: "fuga.lock"`,
    ]);
  });

  it("treats undefined as not given", () => {
    expect(check({ cluster: undefined, lock: undefined })).toEqual([]);
  });

  it("collects every problem of the value, in order", () => {
    expect(
      check({ schedul: 1, cluster: 2, network: { subnets: [3] }, infrastructureRetry: true }).map(
        (p) => p.path,
      ),
    ).toEqual(["schedul", "cluster", "network.subnets[0]", "infrastructureRetry"]);
  });

  it("refuses values JSON would lose in the execution input", () => {
    expect(brief(check({ input: { when: new Date(0) } }))).toEqual([
      `BF1012 ${subject}: input.when must be JSON: strings, numbers, true/false, null, lists and objects, not an object | it is sent as JSON; make when a string, number, true/false, null, list or plain object (a date as an ISO string)`,
    ]);
    expect(check({ input: { n: 1n } })[0]?.message).toMatch(/input\.n must be JSON.*not the bigint 1n/);
    expect(check({ input: { list: [Number.NaN] } })[0]?.path).toBe("input.list[0]");
    expect(check({ input: [1] })[0]?.message).toMatch(/input must be a JSON object .*not a list/);
  });

  it("refuses States error names AWS does not define, and takes any other name", () => {
    const retry = (on: unknown) => checkShape({ on }, retryPolicyShape, "retry() policy");
    expect(brief(retry(["States.Timeot"]))).toEqual([
      'BF1014 retry() policy: on[0] "States.Timeot" is not an error name AWS defines | did you mean "States.Timeout"?',
    ]);
    expect(retry(["states.timeout"])[0]?.hint).toBe('did you mean "States.Timeout"?');
    expect(retry(["States.Bogus"])[0]?.hint).toMatch(/"States\." prefix is reserved/);
    expect(retry(["States.Http.Socket", "States.ALL", "MyApp.Error", "ECS.AmazonECSException"])).toEqual([]);
    expect(brief(retry("States.ALL"))).toEqual([
      'BF1012 retry() policy: on must be a list of error names, not a string | write on: ["States.ALL"]',
    ]);
  });

  it("checks a value against the first union member of its kind", () => {
    const command = (value: unknown) =>
      checkShape({ command: value }, workflowOptionsShape.fields.defaults, "d");
    expect(command(["make", 1])[0]?.message).toBe(
      'd: command[1] must be a string (one argument), input("field") or item("$.field"), not the number 1',
    );
    expect(command(() => ["x"])).toEqual([]);
    expect(command("make run")).toEqual([]);
    expect(command(true)[0]?.message).toMatch(
      /command must be a command .* or a function of the job name, not true/,
    );
  });

  it("tells builder-made values apart from option objects", () => {
    expect(check({ network: job("a") })[0]?.message).toMatch(/network must be .*, not a flow/);
    expect(
      check({ lock: secret("arn:aws:secretsmanager:us-east-1:000000000000:secret:s") })[0]?.message,
    ).toMatch(/not a secret\(\)/);
    const env = { env: { A: "a", B: input("b"), C: 3 } };
    expect(brief(checkShape(env, workflowOptionsShape.fields.defaults, "d"))).toEqual([
      'BF1012 d: env.C must be a string, secret("arn:..."), input("field") or item("$.field"), not the number 3 | write C: "3"',
    ]);
  });

  it("turns a wrong value into the right one where that is obvious", () => {
    const shape = objectOf<{
      n?: number;
      list?: ReadonlyArray<string>;
      pick?: "a" | "b";
      either?: string | number;
    }>("a sample", {
      n: optional(numeric()),
      list: optional(listOf(text())),
      pick: optional(oneOf(["a", "b"])),
      either: optional(anyOf([text(), numeric()], { expects: "must be a string or a number" })),
    });
    const hint = (value: object) => checkShape(value, shape, "s")[0]?.hint;
    expect(hint({ n: "512" })).toBe("write n: 512");
    expect(hint({ n: "many" })).toBe("write n: 1");
    expect(hint({ list: "one" })).toBe('write list: ["one"]');
    expect(hint({ pick: "c" })).toBe('write pick: "a"');
    expect(hint({ pick: "A" })).toBe('did you mean "a"?');
    expect(hint({ either: true })).toBe('write either: "true"');
  });

  it("never throws, whatever it is given", () => {
    const odd: unknown[] = [
      null,
      undefined,
      Symbol("s"),
      () => 1,
      Object.create(null),
      new Proxy({}, {}),
      [undefined],
      { network: { subnets: [Symbol("s")] } },
      { defaults: { env: Object.create(null) } },
    ];
    for (const value of odd) expect(() => check(value)).not.toThrow();
  });
});
