import {
  cron,
  type Flow,
  fargate,
  job,
  parallel,
  rate,
  secret,
  sequence,
  type WorkflowOptions,
  workflow,
} from "@batchflow/core";
import { describe, expect, it } from "vitest";
import type { TaskState } from "./asl/asl-types.js";
import { compile, tryCompile } from "./compile.js";
import { worstCaseHistoryEvents } from "./emit/limits.js";

const image = "123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/batch:prod";
const task = fargate({ image, cpu: 512, memory: 2048 });
const base: WorkflowOptions = {
  cluster: "batch",
  network: { subnets: ["subnet-a"], securityGroups: ["sg-a"] },
  defaults: { task, command: (name) => ["make", "run", name] },
};

const build = (body: Flow, options: Partial<WorkflowOptions> = {}, name = "wf") =>
  workflow(name, { ...base, ...options }, body);
const codes = (body: Flow, options: Partial<WorkflowOptions> = {}) =>
  tryCompile(build(body, options)).diagnostics.map((d) => d.code);

describe("compile: task definitions", () => {
  it("shares one family among jobs with the same container, named after the workflow", () => {
    const c = compile(build(job("a").then(job("b"))));
    expect(Object.keys(c.taskDefinitions)).toEqual(["wf"]);
    expect(c.manifest.taskDefinitions).toEqual([
      { family: "wf", file: "task-definitions/wf.json", jobs: ["a", "b"] },
    ]);
  });

  it("writes a Fargate RegisterTaskDefinition input with awslogs and the execution role", () => {
    const td = compile(build(job("a"))).taskDefinitions.wf!;
    expect(td).toMatchObject({
      family: "wf",
      requiresCompatibilities: ["FARGATE"],
      networkMode: "awsvpc",
      cpu: "512",
      memory: "2048",
      runtimePlatform: { cpuArchitecture: "X86_64", operatingSystemFamily: "LINUX" },
      executionRoleArn: "arn:${AWS::Partition}:iam::${AWS::AccountId}:role/wf-execution",
    });
    expect(td.containerDefinitions[0]).toMatchObject({
      name: "main",
      image,
      essential: true,
      logConfiguration: {
        logDriver: "awslogs",
        options: { "awslogs-group": "/batchflow/wf", "awslogs-stream-prefix": "wf" },
      },
    });
  });

  it("names a family per distinct container and keeps secrets as valueFrom references", () => {
    const big = fargate({
      image,
      cpu: 2048,
      memory: 8192,
      architecture: "arm64",
      ephemeralStorage: 50,
      env: { DB_PASSWORD: secret("arn:aws:secretsmanager:ap-northeast-1:123456789012:secret:db") },
    });
    const c = compile(build(job("a").then(job("b", { task: big }))));
    expect(Object.keys(c.taskDefinitions)).toEqual(["wf-a", "wf-b"]);
    const td = c.taskDefinitions["wf-b"]!;
    expect(td.runtimePlatform.cpuArchitecture).toBe("ARM64");
    expect(td.ephemeralStorage).toEqual({ sizeInGiB: 50 });
    expect(td.containerDefinitions[0]!.secrets).toEqual([
      { name: "DB_PASSWORD", valueFrom: "arn:aws:secretsmanager:ap-northeast-1:123456789012:secret:db" },
    ]);
    expect(c.files.map((f) => f.contents).join("")).not.toMatch(/hunter2/);
    expect(c.iam["execution-role"]!.Statement.map((s) => s.Sid)).toEqual([
      "EcrAuth",
      "PullImages",
      "WriteLogs",
      "ReadSecrets",
    ]);
  });

  it.each<[string, Flow, string]>([
    ["an invalid cpu/memory pair", job("a", { task: fargate({ image, cpu: 256, memory: 4096 }) }), "BF1301"],
    ["a job override that breaks the pair", job("a", { memory: 512 }), "BF1301"],
    [
      "ephemeral storage out of range",
      job("a", { task: fargate({ image, ephemeralStorage: 500 }) }),
      "BF1302",
    ],
    ["a bad stop timeout", job("a", { task: fargate({ image, stopTimeout: "5m" }) }), "BF1304"],
    [
      "two containers with one family name",
      job("a", { task: fargate({ image, family: "same" }) }).then(
        job("b", { task: fargate({ image: "other", family: "same" }) }),
      ),
      "BF1305",
    ],
  ])("reports %s", (_what, body, code) => {
    expect(codes(body)).toContain(code);
  });

  it("shows a task definition's problem at its fargate(...) call", () => {
    const task = fargate({ image, cpu: 256, memory: 4096 }); // the line reported
    const line = Number(new Error().stack?.match(/compile\.test\.ts:(\d+):/)?.[1]) - 1;
    const [problem] = tryCompile(build(job("a", { task }))).diagnostics.filter((d) => d.code === "BF1301");
    expect(problem?.location?.file).toMatch(/compile\.test\.ts$/);
    expect(problem?.location?.line).toBe(line);
    expect(problem?.job).toBe("a");
  });

  it("overrides both cpu and memory when a job sets only cpu, keeping the task's memory when it fits", () => {
    const c = compile(build(job("same-memory", { cpu: 1024 }).then(job("more-memory", { cpu: 4096 }))));
    const overrides = (name: string) => (c.stateMachine.States[name] as TaskState).Parameters?.Overrides;
    expect(overrides("same-memory")).toMatchObject({ Cpu: "1024", Memory: "2048" });
    expect(overrides("more-memory")).toMatchObject({ Cpu: "4096", Memory: "8192" });
  });

  it("refuses family and container names ECS would not take", () => {
    expect(codes(job("a", { task: fargate({ image, family: "../escape" }) }))).toContain("BF1311");
    expect(codes(job("a", { task: fargate({ image, container: "my container" }) }))).toContain("BF1311");
  });

  it("refuses names AWS would not take, and globs that would widen an IAM grant (BF1313)", () => {
    const named = (body: Flow, options: Partial<WorkflowOptions> = {}, config = {}) =>
      tryCompile(build(body, options), { config }).diagnostics.map((d) => `${d.code} ${d.message}`);
    expect(named(job("a"), { cluster: "*" })).toEqual([
      'BF1313 the cluster name "*" is not a name ECS takes',
    ]);
    expect(named(job("a", { lock: { name: "a.lock" } }), {}, { lockTable: "*" })).toEqual([
      'BF1313 the lock table name "*" is not a name DynamoDB takes',
    ]);
    expect(named(job("a", { task: fargate({ image, logGroup: "/batch/*" }) }))).toEqual([
      'BF1313 the log group name "/batch/*" is not a name CloudWatch Logs takes',
    ]);
    expect(named(job("a", { task: fargate({ image: "   " }) }))).toEqual([
      'BF1313 the image "   " is not an image reference',
    ]);
    const glob = "123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/Batch_:prod";
    expect(named(job("a", { task: fargate({ image: glob }) }))).toEqual([
      `BF1313 the ECR repository name "Batch_" of image "${glob}" is not a name ECR takes`,
    ]);
    const located = tryCompile(build(job("a", { task: fargate({ image: "busy box" }) }))).diagnostics[0];
    expect(located?.location?.file).toMatch(/compile\.test\.ts$/);
    expect(named(job("a", { task: fargate({ image: "busybox:1.36", logGroup: "/batch/jobs#1" }) }))).toEqual(
      [],
    );
    expect(named(job("a"), { cluster: "arn:aws:ecs:ap-northeast-1:123456789012:cluster/batch" })).toEqual([]);
  });

  it("refuses a role that is not an IAM role ARN, where AWS would refuse it at deploy (BF1313)", () => {
    const named = (body: Flow, options: Partial<WorkflowOptions> = {}) =>
      tryCompile(build(body, options)).diagnostics.map((d) => `${d.code} ${d.message}`);
    expect(
      named(job("a"), { roles: { schedule: "sched-role", stateMachine: "arn:aws:iam::1:role/x" } }),
    ).toEqual([
      'BF1313 roles.stateMachine "arn:aws:iam::1:role/x" is not an IAM role ARN',
      'BF1313 roles.schedule "sched-role" is not an IAM role ARN',
    ]);
    expect(named(job("a", { task: fargate({ image, executionRole: "exec", taskRole: "role/*" }) }))).toEqual([
      'BF1313 fargate() executionRole "exec" is not an IAM role ARN',
      'BF1313 fargate() taskRole "role/*" is not an IAM role ARN',
    ]);
    const role = "arn:aws:iam::123456789012:role/service-role/batch-exec";
    expect(named(job("a", { task: fargate({ image, executionRole: role, taskRole: role }) }))).toEqual([]);
    expect(named(job("a"), { roles: { stateMachine: "arn:aws-cn:iam::123456789012:role/sfn" } })).toEqual([]);
    expect(named(job("a"), { roles: { notify: "notify-role" } })).toEqual([
      'BF1313 roles.notify "notify-role" is not an IAM role ARN',
    ]);
    // At the workflow() call whose options name it, as every other problem of the workflow.
    const [located] = tryCompile(build(job("a"), { roles: { notify: "notify-role" } })).diagnostics;
    expect(located?.location?.file).toMatch(/compile\.test\.ts$/);
  });

  it("starts the notify machine with roles.notify when given, and writes no policy for it", () => {
    const mine = "arn:aws:iam::123456789012:role/ops/batch-notify";
    const notify = { sns: "arn:aws:sns:ap-northeast-1:123456789012:alerts" };
    const given = compile(build(job("a"), { notify, roles: { notify: mine } }));
    expect(given.iam["notify-role"]).toBeUndefined();
    expect(given.files.map((f) => f.path)).not.toContain("iam/notify-role.json");
    expect(given.manifest.roles.filter((r) => r.use === "notify")).toEqual([
      { use: "notify", arn: mine, service: "events.amazonaws.com" },
    ]);
    const rule = JSON.parse(given.files.find((f) => f.path === "notify-rule.json")!.contents);
    expect(JSON.stringify(rule)).toContain(mine);
    const own = compile(build(job("a"), { notify }));
    expect(own.iam["notify-role"]).toBeDefined();
    expect(own.manifest.roles.find((r) => r.use === "notify")?.arn).toContain(":role/wf-notify");
  });

  it("grants secrets by secret ARN even when valueFrom selects a JSON key", () => {
    const arn = "arn:aws:secretsmanager:ap-northeast-1:123456789012:secret:db-AbCdEf";
    const c = compile(
      build(job("a", { task: fargate({ image, env: { PASSWORD: secret(`${arn}:password::`) } }) })),
    );
    expect(c.iam["execution-role"]!.Statement.find((s) => s.Sid === "ReadSecrets")?.Resource).toEqual([arn]);
  });

  it("grants a secret given by a partial ARN (no random suffix) with IAM's -?????? for the suffix", () => {
    const partial = "arn:aws:secretsmanager:us-east-1:111122223333:secret:api-key";
    const c = compile(build(job("a", { task: fargate({ image, env: { KEY: secret(partial) } }) })));
    expect(c.iam["execution-role"]!.Statement.find((s) => s.Sid === "ReadSecrets")?.Resource).toEqual([
      `${partial}-??????`,
    ]);
    // ECS takes the partial ARN as it is.
    expect(JSON.stringify(Object.values(c.taskDefinitions)[0])).toContain(`"valueFrom":"${partial}"`);
  });

  it("lists a user-given execution role in the manifest, with no policy", () => {
    const c = compile(
      build(job("a", { task: fargate({ image, executionRole: "arn:aws:iam::111122223333:role/exec" }) })),
    );
    expect(c.manifest.roles.filter((r) => r.use === "execution")).toEqual([
      { use: "execution", arn: "arn:aws:iam::111122223333:role/exec", service: "ecs-tasks.amazonaws.com" },
    ]);
    expect(c.iam["execution-role"]).toBeUndefined();
  });

  it("refuses a workflow name that makes an IAM role name over 64 characters", () => {
    expect(tryCompile(build(job("a"), {}, "w".repeat(60))).diagnostics.map((d) => d.code)).toContain(
      "BF1306",
    );
  });
});

describe("compile: its own options", () => {
  it("refuses a key it does not take at the caller's line, before compiling without the config", () => {
    const unconfigured = workflow("needs-config", {}, job("a"));
    const { compiled, diagnostics } = tryCompile(unconfigured, { confg: { cluster: "batch" } } as never);
    expect(compiled).toBeUndefined();
    expect(diagnostics.map((d) => [d.code, d.message, d.hint])).toEqual([
      ["BF1011", 'compile() options: unknown option "confg"', 'did you mean "config"?'],
    ]);
    expect(diagnostics[0]?.location?.file).toMatch(/compile\.test\.ts$/);
    expect(() => compile(build(job("a")), [] as never)).toThrow(
      /BF1012: compile\(\) options must be an object like \{ config \}, not a list/,
    );
    expect(tryCompile(build(job("a")), { config: {} }).compiled).toBeDefined();
    expect(tryCompile(build(job("a")), undefined).compiled).toBeDefined();
  });
});

describe("compile: state machine", () => {
  it("runs each job as an ECS runTask.sync task with overrides, ResultPath null and a timeout", () => {
    const asl = compile(build(job("hoge", { cpu: 1024, memory: 4096 }))).stateMachine;
    expect(asl.StartAt).toBe("hoge");
    expect(asl.States.hoge).toEqual({
      Type: "Task",
      Resource: "arn:${AWS::Partition}:states:::ecs:runTask.sync",
      Parameters: {
        Cluster: "batch",
        TaskDefinition: "wf",
        Group: "batchflow:hoge",
        LaunchType: "FARGATE",
        NetworkConfiguration: {
          AwsvpcConfiguration: {
            Subnets: ["subnet-a"],
            SecurityGroups: ["sg-a"],
            AssignPublicIp: "DISABLED",
          },
        },
        Overrides: {
          ContainerOverrides: [{ Name: "main", Command: ["make", "run", "hoge"] }],
          Cpu: "1024",
          Memory: "4096",
        },
      },
      ResultPath: null,
      TimeoutSeconds: 3600,
      Retry: [
        {
          ErrorEquals: ["ECS.AmazonECSException", "AmazonECS.Unknown"],
          IntervalSeconds: 10,
          MaxAttempts: 3,
          BackoffRate: 2,
        },
      ],
      End: true,
    });
  });

  it("is deterministic: compiling the same source twice gives the same bytes", () => {
    const make = () =>
      build(
        job("a")
          .then(parallel(job("b"), job("c")))
          .retry({ maxAttempts: 1 }),
        { schedule: cron("0 3 * * 1-5") },
      );
    const one = compile(make()).files;
    const two = compile(make()).files;
    expect(two).toEqual(one);
    for (const f of one) expect(f.contents.endsWith("\n")).toBe(true);
  });

  it("estimates worst-case history events and warns near the limit", () => {
    const jobs = Array.from({ length: 900 }, (_, i) => job(`j${i}`));
    const c = compile(build(sequence(...jobs)));
    expect(worstCaseHistoryEvents(c.stateMachine)).toBeGreaterThan(20_000);
    expect(c.warnings.map((w) => w.code)).toEqual(["BF1310"]);
  });

  it("refuses a definition over 1 MiB", () => {
    const jobs = Array.from({ length: 2500 }, (_, i) => job(`job-with-a-longer-name-${i}`));
    const result = tryCompile(build(sequence(...jobs), { infrastructureRetry: false }));
    expect(result.compiled).toBeUndefined();
    expect(result.diagnostics.map((d) => d.code)).toContain("BF1309");
  });
});

describe("compile: schedules and IAM", () => {
  it("emits an EventBridge rule and target in UTC", () => {
    const c = compile(build(job("a"), { schedule: cron("35 * * * *"), input: { b: 1, a: "x" } }));
    expect(c.schedule).toEqual({
      type: "rule",
      rule: {
        Name: "wf",
        ScheduleExpression: "cron(35 * * * ? *)",
        State: "ENABLED",
        Description: 'batchflow: starts wf on cron "35 * * * *"',
      },
      targets: {
        Rule: "wf",
        Targets: [
          {
            Id: "state-machine",
            Arn: "arn:${AWS::Partition}:states:${AWS::Region}:${AWS::AccountId}:stateMachine:wf",
            RoleArn: "arn:${AWS::Partition}:iam::${AWS::AccountId}:role/wf-schedule",
            Input: '{"a":"x","b":1}',
          },
        ],
      },
    });
    expect(c.manifest.roles.map((r) => [r.use, r.service])).toEqual([
      ["stateMachine", "states.amazonaws.com"],
      ["execution", "ecs-tasks.amazonaws.com"],
      ["schedule", "events.amazonaws.com"],
    ]);
  });

  it("emits an EventBridge Scheduler schedule when a time zone is given", () => {
    const c = compile(build(job("a"), { schedule: cron("30 2 * * *", { timezone: "Asia/Tokyo" }) }));
    expect(c.schedule).toMatchObject({
      type: "scheduler",
      schedule: {
        Name: "wf",
        ScheduleExpression: "cron(30 2 * * ? *)",
        ScheduleExpressionTimezone: "Asia/Tokyo",
        FlexibleTimeWindow: { Mode: "OFF" },
      },
    });
    expect(c.manifest.roles.find((r) => r.use === "schedule")?.service).toBe("scheduler.amazonaws.com");
  });

  it("emits one rule or Scheduler schedule per entry of a list, each named and filed after its place", () => {
    const one = compile(build(job("a"), { schedule: cron("0 9 1-7 * *") }));
    const c = compile(
      build(job("a"), {
        schedule: [cron("0 9 1-7 * *"), cron("0 9 * * 1", { timezone: "Asia/Tokyo" }), rate("6 hours")],
        lock: { name: "wf", onBusy: "skip" },
      }),
    );
    expect(c.warnings).toEqual([]);
    expect(
      c.schedules.map((s) => (s.type === "rule" ? [s.rule.Name, s.targets.Rule] : [s.schedule.Name])),
    ).toEqual([["wf", "wf"], ["wf.2"], ["wf.3", "wf.3"]]);
    expect(c.schedule).toBe(c.schedules[0]);
    // The first is the workflow's only schedule would be, byte for byte.
    const file = (w: typeof c, path: string) => w.files.find((f) => f.path === path)?.contents;
    expect(file(c, "schedule.json")).toBe(file(one, "schedule.json"));
    expect(c.files.map((f) => f.path).filter((p) => p.startsWith("schedule"))).toEqual([
      "schedule.json",
      "schedule-2.json",
      "schedule-3.json",
    ]);
    // Every entry starts the same state machine, with the same input and role.
    const targets = c.schedules.map((s) => (s.type === "rule" ? s.targets.Targets[0] : s.schedule.Target));
    expect(new Set(targets.map((t) => JSON.stringify([t?.Arn, t?.RoleArn, t?.Input]))).size).toBe(1);
    expect(c.manifest.format).toBe(2);
    expect(c.manifest.schedule).toEqual({
      type: "rule",
      file: "schedule.json",
      expression: "cron(0 9 1-7 * ? *)",
    });
    expect(c.manifest.schedules).toEqual([
      { name: "wf", type: "rule", file: "schedule.json", expression: "cron(0 9 1-7 * ? *)" },
      {
        name: "wf.2",
        type: "scheduler",
        file: "schedule-2.json",
        expression: "cron(0 9 ? * 2 *)",
        timezone: "Asia/Tokyo",
      },
      { name: "wf.3", type: "rule", file: "schedule-3.json", expression: "rate(6 hours)" },
    ]);
    // One role for all of them, trusted by both services when rules and Scheduler schedules mix.
    expect(c.manifest.roles.filter((r) => r.use === "schedule")).toEqual([
      {
        use: "schedule",
        arn: "arn:${AWS::Partition}:iam::${AWS::AccountId}:role/wf-schedule",
        service: ["events.amazonaws.com", "scheduler.amazonaws.com"],
        policy: "iam/schedule-role.json",
      },
    ]);
    expect(c.iam["schedule-role"]).toEqual(one.iam["schedule-role"]);
  });

  it("keeps a one-schedule manifest as it was: format 1, no schedules list, one service", () => {
    const c = compile(build(job("a"), { schedule: [cron("0 9 * * *", { timezone: "Asia/Tokyo" })] }));
    const single = compile(build(job("a"), { schedule: cron("0 9 * * *", { timezone: "Asia/Tokyo" }) }));
    expect(c.files).toEqual(single.files);
    expect(c.manifest.format).toBe(1);
    expect(c.manifest).not.toHaveProperty("schedules");
  });

  it("refuses two equal schedules (BF1114) and warns of two that fire at the same minute (BF1115)", () => {
    expect(codes(job("a"), { schedule: [cron("0 0 * * *"), cron("@midnight")] })).toEqual(["BF1114"]);
    const c = compile(build(job("a"), { schedule: [cron("0 9 1 * *"), cron("0 9 * * *")] }));
    expect(c.warnings.map((w) => w.code)).toEqual(["BF1115"]);
  });

  it("writes no schedule for an unscheduled workflow", () => {
    const c = compile(build(job("a")));
    expect(c.schedule).toBeUndefined();
    expect(c.manifest.schedule).toBeNull();
    expect(c.files.map((f) => f.path)).toEqual([
      "state-machine.asl.json",
      "task-definitions/wf.json",
      "iam/state-machine-role.json",
      "iam/execution-role.json",
      "manifest.json",
    ]);
  });

  it("scopes the state machine role to its families, cluster, roles and the sync rule", () => {
    const policy = compile(build(job("a"))).iam["state-machine-role"]!;
    expect(policy.Statement).toEqual([
      {
        Sid: "RunTasks",
        Effect: "Allow",
        Action: ["ecs:RunTask"],
        Resource: ["arn:${AWS::Partition}:ecs:${AWS::Region}:${AWS::AccountId}:task-definition/wf:*"],
        Condition: {
          ArnEquals: {
            "ecs:cluster": "arn:${AWS::Partition}:ecs:${AWS::Region}:${AWS::AccountId}:cluster/batch",
          },
        },
      },
      {
        Sid: "WatchAndStopTasks",
        Effect: "Allow",
        Action: ["ecs:DescribeTasks", "ecs:StopTask"],
        Resource: ["arn:${AWS::Partition}:ecs:${AWS::Region}:${AWS::AccountId}:task/batch/*"],
      },
      {
        Sid: "PassTaskRoles",
        Effect: "Allow",
        Action: ["iam:PassRole"],
        Resource: ["arn:${AWS::Partition}:iam::${AWS::AccountId}:role/wf-execution"],
        Condition: { StringLike: { "iam:PassedToService": "ecs-tasks.amazonaws.com" } },
      },
      {
        Sid: "SyncIntegrationRule",
        Effect: "Allow",
        Action: ["events:DescribeRule", "events:PutRule", "events:PutTargets"],
        Resource: [
          "arn:${AWS::Partition}:events:${AWS::Region}:${AWS::AccountId}:rule/StepFunctionsGetEventsForECSTaskRule",
        ],
      },
    ]);
  });

  it("uses roles the user names and writes no policy for them", () => {
    const c = compile(
      build(job("a"), {
        schedule: cron("0 0 * * *"),
        roles: {
          stateMachine: "arn:aws:iam::111122223333:role/sfn",
          schedule: "arn:aws:iam::111122223333:role/ev",
        },
      }),
    );
    expect(Object.keys(c.iam)).toEqual(["execution-role"]);
    expect(c.manifest.stateMachine.roleArn).toBe("arn:aws:iam::111122223333:role/sfn");
  });

  it("throws a CompileError carrying every problem", () => {
    expect(() => compile(build(sequence(job("a"), job("a")), { schedule: cron("61 * * * *") }))).toThrow(
      expect.objectContaining({
        name: "CompileError",
        diagnostics: expect.arrayContaining([expect.objectContaining({ code: "BF1203" })]),
      }),
    );
  });
});

describe("compile: locks and notifications", () => {
  const webhook = "arn:aws:secretsmanager:ap-northeast-1:123456789012:secret:slack-AbCdEf";
  const topic = "arn:aws:sns:ap-northeast-1:123456789012:alerts";
  const c = compile(
    build(job("a", { lock: { name: "a.lock" } }).then(job("b", { lock: { name: "b.lock" } })), {
      lock: { name: "wf.lock", wait: "5m" },
      notify: { slack: { webhook: secret(webhook) }, sns: topic },
    }),
  );

  it("writes the lock table and the connection, and names them in the manifest", () => {
    expect(c.files.map((f) => f.path)).toEqual([
      "state-machine.asl.json",
      "task-definitions/wf.json",
      "lock-machine.asl.json",
      "lock-table.json",
      "notify-machine.asl.json",
      "notify-rule.json",
      "notify-connection.json",
      "iam/state-machine-role.json",
      "iam/execution-role.json",
      "iam/notify-role.json",
      "manifest.json",
    ]);
    expect(c.manifest.notifyMachine).toEqual({
      name: "wf-notify",
      type: "STANDARD",
      definition: "notify-machine.asl.json",
      roleArn: c.manifest.stateMachine.roleArn,
    });
    expect(c.manifest.notifyRule).toEqual({ name: "wf-notify", file: "notify-rule.json" });
    expect(JSON.parse(c.files.find((f) => f.path === "notify-rule.json")!.contents)).toEqual({
      rule: {
        Name: "wf-notify",
        EventPattern: JSON.stringify({
          source: ["aws.states"],
          "detail-type": ["Step Functions Execution Status Change"],
          detail: {
            stateMachineArn: [
              "arn:${AWS::Partition}:states:${AWS::Region}:${AWS::AccountId}:stateMachine:wf",
            ],
            status: ["ABORTED", "FAILED", "TIMED_OUT"],
          },
        }),
        State: "ENABLED",
        Description: "batchflow: notifications of workflow wf",
      },
      targets: {
        Rule: "wf-notify",
        Targets: [
          {
            Id: "notify-machine",
            Arn: "arn:${AWS::Partition}:states:${AWS::Region}:${AWS::AccountId}:stateMachine:wf-notify",
            RoleArn: "arn:${AWS::Partition}:iam::${AWS::AccountId}:role/wf-notify",
          },
        ],
      },
    });
    expect(c.iam["notify-role"]!.Statement).toEqual([
      {
        Sid: "StartNotifyMachine",
        Effect: "Allow",
        Action: ["states:StartExecution"],
        Resource: ["arn:${AWS::Partition}:states:${AWS::Region}:${AWS::AccountId}:stateMachine:wf-notify"],
      },
    ]);
    expect(c.manifest.lockTable).toEqual({ name: "batchflow-locks", file: "lock-table.json" });
    expect(c.manifest.lockMachine).toEqual({
      name: "wf-locks",
      type: "STANDARD",
      definition: "lock-machine.asl.json",
      roleArn: c.manifest.stateMachine.roleArn,
    });
    expect(JSON.parse(c.files[2]!.contents)).toEqual(c.lockMachine);
    expect(c.manifest.notifyConnection).toEqual({ name: "wf-notify", file: "notify-connection.json" });
    expect(c.manifest.placeholders).toContain("${Batchflow::NotifyConnectionArn}");
    expect(JSON.parse(c.files[3]!.contents)).toEqual({
      TableName: "batchflow-locks",
      AttributeDefinitions: [{ AttributeName: "LockName", AttributeType: "S" }],
      KeySchema: [{ AttributeName: "LockName", KeyType: "HASH" }],
      BillingMode: "PAY_PER_REQUEST",
    });
  });

  it("lets the state machine read and write only its own lock items, ask about their holders, post, read the webhook and publish", () => {
    const statements = c.iam["state-machine-role"]!.Statement.filter(
      (s) => !["RunTasks", "WatchAndStopTasks", "PassTaskRoles", "SyncIntegrationRule"].includes(s.Sid),
    );
    expect(statements).toEqual([
      {
        Sid: "Locks",
        Effect: "Allow",
        Action: ["dynamodb:GetItem", "dynamodb:UpdateItem"],
        Resource: ["arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/batchflow-locks"],
        Condition: {
          "ForAllValues:StringEquals": { "dynamodb:LeadingKeys": ["a.lock", "b.lock", "wf.lock"] },
        },
      },
      {
        Sid: "LockHolders",
        Effect: "Allow",
        Action: ["states:DescribeExecution"],
        Resource: ["arn:${AWS::Partition}:states:${AWS::Region}:${AWS::AccountId}:execution:*:*"],
      },
      {
        Sid: "LockMachine",
        Effect: "Allow",
        Action: ["states:StartExecution"],
        Resource: ["arn:${AWS::Partition}:states:${AWS::Region}:${AWS::AccountId}:stateMachine:wf-locks"],
      },
      {
        Sid: "LockMachineExecutions",
        Effect: "Allow",
        Action: ["states:StopExecution"],
        Resource: ["arn:${AWS::Partition}:states:${AWS::Region}:${AWS::AccountId}:execution:wf-locks:*"],
      },
      {
        Sid: "LockMachineSyncRule",
        Effect: "Allow",
        Action: ["events:DescribeRule", "events:PutRule", "events:PutTargets"],
        Resource: [
          "arn:${AWS::Partition}:events:${AWS::Region}:${AWS::AccountId}:rule/StepFunctionsGetEventsForStepFunctionsExecutionRule",
        ],
      },
      {
        Sid: "NotifyRuns",
        Effect: "Allow",
        Action: ["states:DescribeExecution"],
        Resource: ["arn:${AWS::Partition}:states:${AWS::Region}:${AWS::AccountId}:execution:wf:*"],
      },
      {
        Sid: "NotifySlack",
        Effect: "Allow",
        Action: ["states:InvokeHTTPEndpoint"],
        Resource: ["arn:${AWS::Partition}:states:${AWS::Region}:${AWS::AccountId}:stateMachine:wf-notify"],
        Condition: {
          StringEquals: { "states:HTTPMethod": "POST" },
          StringLike: { "states:HTTPEndpoint": "https://hooks.slack.com/*" },
        },
      },
      {
        Sid: "NotifyConnection",
        Effect: "Allow",
        Action: ["events:RetrieveConnectionCredentials"],
        Resource: ["arn:${AWS::Partition}:events:${AWS::Region}:${AWS::AccountId}:connection/wf-notify/*"],
      },
      {
        Sid: "NotifyConnectionSecret",
        Effect: "Allow",
        Action: ["secretsmanager:DescribeSecret", "secretsmanager:GetSecretValue"],
        Resource: [
          "arn:${AWS::Partition}:secretsmanager:${AWS::Region}:${AWS::AccountId}:secret:events!connection/wf-notify/*",
        ],
      },
      { Sid: "ReadWebhook", Effect: "Allow", Action: ["secretsmanager:GetSecretValue"], Resource: [webhook] },
      { Sid: "NotifySns", Effect: "Allow", Action: ["sns:Publish"], Resource: [topic] },
    ]);
  });

  it("is deterministic", () => {
    const again = compile(
      build(job("a", { lock: { name: "a.lock" } }).then(job("b", { lock: { name: "b.lock" } })), {
        lock: { name: "wf.lock", wait: "5m" },
        notify: { slack: { webhook: secret(webhook) }, sns: topic },
      }),
    );
    expect(again.files).toEqual(c.files);
  });

  it("adds nothing to a workflow without them", () => {
    const plain = compile(build(job("a")));
    expect(plain.manifest.lockTable).toBeNull();
    expect(plain.manifest.notifyConnection).toBeNull();
    expect(Object.keys(plain.stateMachine.States)).toEqual(["a"]);
  });
});
