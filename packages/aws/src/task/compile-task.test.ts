import { cron, fargate, input, rate, secret, type TaskOptions, task } from "@batchflow/core";
import { describe, expect, it } from "vitest";
import { compileTask, tryCompileTask } from "./compile-task.js";

const network = { subnets: ["subnet-hoge"], securityGroups: ["sg-hoge"] };
const image = "000000000000.dkr.ecr.ap-northeast-1.amazonaws.com/batch:production";
const dlq = "arn:aws:sqs:ap-northeast-1:000000000000:batch-dlq";

function cleanup(options: Partial<TaskOptions> = {}, name = "tmp-cleanup") {
  return task(name, {
    task: fargate({ image, cpu: 256, memory: 512 }),
    schedule: cron("0 3 * * *"),
    command: ["make", "cleanup"],
    env: {
      TARGET: "tmp",
      API_KEY: secret("arn:aws:secretsmanager:ap-northeast-1:000000000000:secret:api-key-AbCdEf"),
    },
    cluster: "batch",
    network,
    retry: { maximumAttempts: 3, maximumEventAge: "1h" },
    deadLetterQueue: dlq,
    ...options,
  });
}

const problems = (t: ReturnType<typeof task>, config = {}) =>
  tryCompileTask(t, { config }).diagnostics.map((d) => `${d.code} ${d.message}`);

describe("compileTask", () => {
  it("writes the task definition, a rule per UTC schedule and a Scheduler schedule per zoned one, the roles' policies and the manifest", async () => {
    const compiled = compileTask(
      cleanup({ schedule: [cron("0 3 * * *"), cron("30 12 * * 1-5", { timezone: "Asia/Tokyo" })] }),
    );
    expect(compiled.files.map((f) => f.path)).toEqual([
      "task-definitions/tmp-cleanup.json",
      "schedule.json",
      "schedule-2.json",
      "iam/execution-role.json",
      "iam/schedule-role.json",
      "manifest.json",
    ]);
    for (const f of compiled.files) {
      await expect(f.contents).toMatchFileSnapshot(`__snapshots__/tmp-cleanup/${f.path}`);
    }
    const [rule, zoned] = compiled.schedules;
    expect(rule?.type === "rule" && rule.targets.Targets[0]).toMatchObject({
      Id: "ecs-task",
      Arn: "arn:${AWS::Partition}:ecs:${AWS::Region}:${AWS::AccountId}:cluster/batch",
      RetryPolicy: { MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 3600 },
      DeadLetterConfig: { Arn: dlq },
      EcsParameters: { TaskCount: 1, LaunchType: "FARGATE", PropagateTags: "TASK_DEFINITION" },
    });
    // The plain env is an override; the secret stays in the task definition (overrides carry no secrets).
    expect(JSON.parse(rule?.type === "rule" ? (rule.targets.Targets[0]?.Input ?? "") : "")).toEqual({
      containerOverrides: [
        { command: ["make", "cleanup"], environment: [{ name: "TARGET", value: "tmp" }], name: "main" },
      ],
    });
    expect(compiled.taskDefinition.containerDefinitions[0]).toMatchObject({
      secrets: [{ name: "API_KEY", valueFrom: expect.stringContaining(":secret:api-key") }],
    });
    expect(compiled.taskDefinition.containerDefinitions[0]).not.toHaveProperty("environment");
    expect(zoned?.type === "scheduler" && zoned.schedule).toMatchObject({
      Name: "tmp-cleanup.2",
      ScheduleExpressionTimezone: "Asia/Tokyo",
      Target: { EcsParameters: { Tags: [{ "batchflow:task": "tmp-cleanup" }] } },
    });
    expect(compiled.manifest.roles[1]?.service).toEqual(["events.amazonaws.com", "scheduler.amazonaws.com"]);
    expect(compileTask(cleanup()).files).toEqual(compileTask(cleanup()).files);
  });

  it("takes cluster and network from the config; spot is a capacity-provider strategy; no command or env is an empty override", () => {
    const compiled = compileTask(
      task("nightly", {
        task: fargate({ image, spot: { base: 0, weight: 3 } }),
        schedule: rate("1 day"),
      }),
      { config: { cluster: "shared", network: { subnets: ["subnet-a"], assignPublicIp: true } } },
    );
    const [rule] = compiled.schedules;
    if (rule?.type !== "rule") throw new Error("a UTC schedule is a rule");
    const target = rule.targets.Targets[0];
    expect(target?.Input).toBe("{}");
    expect(target?.EcsParameters).not.toHaveProperty("LaunchType");
    expect(target?.EcsParameters.CapacityProviderStrategy).toEqual([
      { capacityProvider: "FARGATE_SPOT", weight: 3 },
      { capacityProvider: "FARGATE", weight: 1 },
    ]);
    expect(target?.EcsParameters.NetworkConfiguration).toEqual({
      awsvpcConfiguration: { Subnets: ["subnet-a"], AssignPublicIp: "ENABLED" },
    });
    expect(target).not.toHaveProperty("RetryPolicy");
    expect(compiled.iam["schedule-role"]?.Statement.map((s) => s.Sid)).toEqual([
      "RunTask",
      "TagStartedTask",
      "PassTaskRoles",
    ]);
  });

  it("a Scheduler schedule with a dead-letter queue may send to it; a string command runs in sh -c", () => {
    const compiled = compileTask(
      cleanup({ schedule: cron("0 3 * * *", { timezone: "Asia/Tokyo" }), command: "make cleanup | tee log" }),
    );
    expect(compiled.iam["schedule-role"]?.Statement.at(-1)).toMatchObject({
      Action: ["sqs:SendMessage"],
      Resource: [dlq],
    });
    const [s] = compiled.schedules;
    expect(s?.type === "scheduler" && JSON.parse(s.schedule.Target.Input)).toMatchObject({
      containerOverrides: [{ command: ["sh", "-c", "make cleanup | tee log"] }],
    });
  });
});

describe("task checks (every AWS limit at compile time)", () => {
  it("takes a 55-character name when no <task>-execution role is made of it", () => {
    const own = fargate({ image, executionRole: "arn:aws:iam::000000000000:role/exec" });
    const compiled = compileTask(cleanup({ task: own }, "a".repeat(55)));
    expect(Object.keys(compiled.iam)).toEqual(["schedule-role"]);
    expect(tryCompileTask(cleanup({}, "a".repeat(55))).diagnostics[0]?.message).toContain(
      'at most 54 fit its execution role "<task>-execution"',
    );
  });

  it("names the task and the line of each problem", () => {
    const [d] = tryCompileTask(cleanup({ retry: { maximumAttempts: 186 } })).diagnostics;
    expect(d).toMatchObject({ code: "BF1243", task: "tmp-cleanup" });
    expect(d?.location?.file).toMatch(/compile-task\.test\.ts$/);
  });

  it.each([
    ["a name EventBridge refuses", cleanup({}, "tmp cleanup"), 'BF1242 task name "tmp cleanup" contains " "'],
    ["a name over 54 characters", cleanup({}, "a".repeat(55)), 'BF1242 task name "aaaaa'],
    [
      "a name over 55 characters with an execution role of the user's",
      cleanup(
        { task: fargate({ image, executionRole: "arn:aws:iam::000000000000:role/exec" }) },
        "a".repeat(56),
      ),
      'BF1242 task name "aaaaa',
    ],
    ["too many attempts", cleanup({ retry: { maximumAttempts: 186 } }), "BF1243 retry.maximumAttempts 186"],
    ["a fraction of an attempt", cleanup({ retry: { maximumAttempts: 1.5 } }), "BF1243"],
    [
      "an event age under 60 s",
      cleanup({ retry: { maximumEventAge: "30s" } }),
      "BF1243 retry.maximumEventAge",
    ],
    ["an event age over 24 h", cleanup({ retry: { maximumEventAge: "2d" } }), "BF1243"],
    [
      "a queue that is not SQS",
      cleanup({ deadLetterQueue: "arn:aws:sns:ap-northeast-1:000000000000:t" }),
      "BF1244",
    ],
    ["a FIFO queue", cleanup({ deadLetterQueue: `${dlq}.fifo` }), "BF1244 deadLetterQueue"],
    ["an env name", cleanup({ env: { "A=B": "x" } }), 'BF1245 env "A=B"'],
    [
      "input() in env",
      cleanup({ env: { DATE: input("date") as never } }),
      "BF1245 env DATE reads the execution input",
    ],
    ["an empty command", cleanup({ command: [] }), "BF1245 has an empty command"],
    [
      "overrides over 8192 characters",
      cleanup({ env: { BIG: "x".repeat(8200) } }),
      "BF1247 the target's Input",
    ],
    ["a description over 512", cleanup({ description: "d".repeat(513) }), "BF1247 the description is 513"],
    [
      "six security groups",
      cleanup({
        network: { subnets: ["subnet-a"], securityGroups: ["sg-1", "sg-2", "sg-3", "sg-4", "sg-5", "sg-6"] },
      }),
      "BF1248 network.securityGroups lists 6",
    ],
    ["a Spot weight", cleanup({ spot: { weight: 1001 } }), "BF1240 spot weight"],
    ["no cluster", cleanup({ cluster: undefined as unknown as string }), "BF1211 has no ECS cluster"],
    ["a bad schedule", cleanup({ schedule: cron("61 * * * *") }), "BF11"],
    ["a task size", cleanup({ cpu: 256, memory: 4096 }), "BF1301"],
  ])("%s", (_what, t, expected) => {
    expect(problems(t).join("\n")).toContain(expected);
  });

  it("two schedules at the same minute are a warning that says a task has no lock", () => {
    const result = tryCompileTask(cleanup({ schedule: [cron("0 3 * * *"), cron("0 3 * * 1")] }));
    expect(result.compiled).toBeDefined();
    expect(result.diagnostics.map((d) => `${d.code} ${d.hint}`).join("\n")).toContain(
      "BF1115 a scheduled task has no lock",
    );
  });

  it("a name of 54 characters fits its roles and rules", () => {
    expect(problems(cleanup({}, "a".repeat(54)))).toEqual([]);
  });
});
