// Every request deploy sends for a compiled bundle, checked against the AWS API models (botocore's
// service models). The examples and 21 random workflows (random job graphs, every option value
// met) are deployed to moto_server, some twice so that deploy also updates, replaces and prunes;
// each write deploy's own code built (its call log) goes to test/support/aws-models.py in one
// batch: required and unknown members, types, enums, lengths, sizes, values and patterns; the Task
// states' Parameters inside the ASL as the requests they make; the IAM policies against IAM's
// grammar. A new field or a longer name cannot drift from what AWS takes.
import { readdirSync } from "node:fs";
import { join } from "node:path";
import {
  type CompiledWorkflow,
  compile,
  cron,
  type EnvValue,
  fargate,
  input,
  job,
  type NotifyOptions,
  rate,
  type ScheduleList,
  type ScheduleSpec,
  secret,
  sequence,
  tryCompile,
  type WorkflowOptions,
  workflow,
} from "@batchflow/batchflow";
import { type AwsClients, deploy, isDeployError } from "@batchflow/deploy";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import nightlyConfig from "../examples/nightly-report/batchflow.config.js";
import { nightly } from "../examples/nightly-report/workflows/nightly-report.js";
import seedConfig from "../examples/seed-migration/batchflow.config.js";
import { hourly } from "../examples/seed-migration/workflows/ads-hourly.js";
import { report } from "../examples/seed-migration/workflows/ads-report.js";
import {
  type ModelFinding,
  type ModelReport,
  type ModelRequest,
  validateRequests,
  writeRequests,
} from "./support/aws-models.js";
import { repoRoot } from "./support/cli-project.js";
import { bundleOf, prepareAccount } from "./support/deploy-fixtures.js";
import { motoClients, testAccount, testRegion, useMoto } from "./support/moto.js";
import { buildFlow, type FlowSpec, flowSpecArb } from "./support/random-flow.js";
import { collectStates } from "./support/run-asl.js";
import { validateAsl } from "./support/validate-asl.js";

const moto = useMoto();

/** The workflow files of examples/ this test compiles; a new example fails the test until added. */
const exampleFiles = [
  "nightly-report/workflows/nightly-report.ts",
  "seed-migration/workflows/ads-hourly.ts",
  "seed-migration/workflows/ads-report.ts",
];
const examples = (): CompiledWorkflow[] => [
  compile(hourly, { config: seedConfig }),
  compile(report, { config: seedConfig }),
  compile(nightly, { config: nightlyConfig }),
];

/**
 * Findings that are real defects of the generated artefacts, each named by the defect it is, kept
 * out of the asserted set until it is fixed (an entry that no longer matches any finding fails
 * the test, so it is removed with the fix).
 */
interface KnownDefect {
  readonly defect: string;
  readonly request: RegExp;
  readonly path: RegExp;
  readonly rule: string;
}
// roles.schedule and fargate({ executionRole }) that were no role ARNs were the last two; the
// compiler refuses them now (BF1313, packages/aws/src/compile.test.ts).
const knownDefects: ReadonlyArray<KnownDefect> = [];

/**
 * Workflows that compile but make requests AWS refuses, one per known defect. When the compiler
 * rejects one (the fix), it is not deployed and its defect's entry fails the test, to be removed.
 */
const defectCases: Record<string, () => WorkflowOptions> = {};

// ---------------------------------------------------------------------------------------------------
// Random workflows with their options varied

const account = testAccount;
const secrets = {
  full: `arn:aws:secretsmanager:${testRegion}:${account}:secret:db-password-AbCdEf`,
  jsonKey: `arn:aws:secretsmanager:${testRegion}:${account}:secret:db-AbCdEf:password::`,
  parameter: `arn:aws:ssm:${testRegion}:${account}:parameter/batch/token`,
  webhook: `arn:aws:secretsmanager:${testRegion}:${account}:secret:slack-webhook-AbCdEf`,
};
const topic = `arn:aws:sns:${testRegion}:${account}:batch-alerts`;

/** Fargate's cpu/memory pairs, the smallest and largest of each size. */
const sizes = [
  [256, 512],
  [512, 4096],
  [1024, 2048],
  [2048, 16384],
  [4096, 30720],
  [8192, 16384],
  [16384, 122880],
] as const;

/**
 * The option values the random workflows take. Workflow i takes value (i + k) of option k, so a
 * dozen workflows meet every value of every option, in changing combinations.
 */
const choices = {
  schedule: ["cron", "cron-tz", "rate", "rate-tz", "none"],
  cron: ["35 * * * *", "0 9 * * 1-5", "*/15 * * * *", "0 0 1 * *"],
  rate: ["5 minutes", "1 hour", "2 days"],
  timezone: ["Asia/Tokyo", "UTC", "America/Argentina/ComodRivadavia", "Europe/London"],
  lock: ["workflow", "job", "both", "none"],
  lockWait: ["0s", "10m", "1h"],
  onBusy: ["skip", "fail"],
  lockTable: [undefined, "team_locks.v2"],
  notify: ["slack-secret", "sns", "both", "slack-url", "none"],
  notifyOnSuccess: [true, false],
  env: ["secrets", "input", "plain", "none"],
  subnets: [1, 2, 3],
  securityGroups: [0, 1, 2],
  assignPublicIp: [true, false],
  size: sizes,
  setupSize: [undefined, ...sizes],
  secondContainer: [false, true],
  architecture: ["x86_64", "arm64"],
  ephemeralStorage: [undefined, 21, 200],
  stopTimeout: [undefined, "2s", "2m"],
  logGroup: [undefined, false, "/team/batch-jobs"],
  taskRole: [false, true],
  cluster: ["batch", `arn:aws:ecs:${testRegion}:${account}:cluster/reporting`],
  description: [undefined, "Hourly ad delivery", "毎時の広告配信バッチ"],
  input: [undefined, { date: "2026-01-01", dryRun: false }],
  infrastructureRetry: [true, false],
  roles: [
    {
      stateMachine: "arn:aws:iam::000000000000:role/batch-sfn",
      schedule: "arn:aws:iam::000000000000:role/batch-schedule",
    },
    undefined,
  ],
  spot: [undefined, true, { base: 1, weight: 3 }, "job"],
  // A second schedule (<workflow>.2, schedule-2.json): a Scheduler schedule or a rule, whatever the
  // first one is; last, so that the options above keep their values.
  secondSchedule: [undefined, "cron-berlin", "cron-utc"],
} as const;
type Variant = { readonly [K in keyof typeof choices]: (typeof choices)[K][number] };

function variantOf(i: number): Variant {
  const picked = Object.entries(choices).map(([key, values], k) => [key, values[(i + k) % values.length]]);
  return Object.fromEntries(picked) as Variant;
}

function scheduleOf(v: Variant): ScheduleSpec | ScheduleList | undefined {
  const first = firstScheduleOf(v);
  if (first === undefined || v.secondSchedule === undefined) return first;
  // Times none of the first schedules has, so the two are never the same schedule.
  const second =
    v.secondSchedule === "cron-berlin"
      ? cron("0 12 * * 6", { timezone: "Europe/Berlin" })
      : cron("15 3 * * *");
  return [first, second];
}

function firstScheduleOf(v: Variant): ScheduleSpec | undefined {
  const tz = { timezone: v.timezone };
  switch (v.schedule) {
    case "cron":
      return cron(v.cron);
    case "cron-tz":
      return cron(v.cron, tz);
    case "rate":
      return rate(v.rate);
    case "rate-tz":
      return rate(v.rate, tz);
    default:
      return undefined;
  }
}

function notifyOf(v: Variant): NotifyOptions | undefined {
  const webhook =
    v.notify === "slack-url"
      ? "https://hooks.slack.com/services/T0000/B0000/XXXXXXXX"
      : secret(secrets.webhook);
  const slack = { webhook, failure: "#batch-alerts", ...(v.notifyOnSuccess ? { success: "#batch" } : {}) };
  switch (v.notify) {
    case "slack-url":
    case "slack-secret":
      return { slack };
    case "sns":
      return { sns: topic, ...(v.notifyOnSuccess ? { on: ["failure", "timeout", "success"] } : {}) };
    case "both":
      return { slack, sns: topic };
    default:
      return undefined;
  }
}

function envOf(v: Variant): Record<string, EnvValue> | undefined {
  switch (v.env) {
    case "plain":
      return { STAGE: "production", EMPTY: "" };
    case "secrets":
      return {
        DB_PASSWORD: secret(secrets.full),
        DB_USER_PASSWORD: secret(secrets.jsonKey),
        API_TOKEN: secret(secrets.parameter),
      };
    case "input":
      return { RUN_DATE: input("date") };
    default:
      return undefined;
  }
}

/** A random job graph after a `setup` job that carries the job-level options. */
function propertyWorkflow(name: string, spec: FlowSpec, v: Variant): CompiledWorkflow {
  const image = `${account}.dkr.ecr.${testRegion}.amazonaws.com/batch/jobs:v${v.size[0]}`;
  const task = fargate({
    image,
    cpu: v.size[0],
    memory: v.size[1],
    architecture: v.architecture,
    command: ["make", "run"],
    ...(v.ephemeralStorage === undefined ? {} : { ephemeralStorage: v.ephemeralStorage }),
    ...(v.stopTimeout === undefined ? {} : { stopTimeout: v.stopTimeout }),
    ...(v.logGroup === undefined ? {} : { logGroup: v.logGroup }),
    ...(v.taskRole ? { taskRole: "arn:aws:iam::000000000000:role/batch-task" } : {}),
    ...(v.env === "plain" ? { env: { TZ: "Asia/Tokyo" } } : {}),
    ...(v.spot === undefined || v.spot === "job" ? {} : { spot: v.spot }),
  });
  const setupTask = v.secondContainer
    ? fargate({
        image: "public.ecr.aws/docker/library/alpine:3.20",
        family: `${name}-setup`,
        container: "setup",
      })
    : undefined;
  const lock = { name: `${name}.lock`, wait: v.lockWait, onBusy: v.onBusy } as const;
  const env = envOf(v);
  const setup = job("setup", {
    command: "echo setting up && date",
    ...(setupTask ? { task: setupTask } : {}),
    ...(v.setupSize ? { cpu: v.setupSize[0], memory: v.setupSize[1] } : {}),
    ...(env ? { env } : {}),
    ...(v.spot === "job" ? { spot: true } : {}),
    ...(v.lock === "job" || v.lock === "both" ? { lock: { name: "shared.lock", wait: "5m" } } : {}),
  });
  const schedule = scheduleOf(v);
  const notify = notifyOf(v);
  const options: WorkflowOptions = {
    cluster: v.cluster,
    network: {
      subnets: ["subnet-0a1b2c3d", "subnet-4e5f6a7b", "subnet-0123456789abcdef0"].slice(0, v.subnets),
      securityGroups: ["sg-0123456789abcdef0", "sg-hoge"].slice(0, v.securityGroups),
      assignPublicIp: v.assignPublicIp,
    },
    defaults: { task, command: (jobName) => ["make", "run", jobName], timeout: "30m" },
    ...(schedule ? { schedule } : {}),
    ...(notify ? { notify } : {}),
    ...(v.lock === "workflow" || v.lock === "both" ? { lock } : {}),
    ...(v.description ? { description: v.description } : {}),
    ...(v.input ? { input: v.input } : {}),
    ...(v.infrastructureRetry ? {} : { infrastructureRetry: false as const }),
    ...(v.roles ? { roles: v.roles } : {}),
  };
  const config = v.lockTable ? { lockTable: v.lockTable } : {};
  return compile(workflow(name, options, sequence(setup, buildFlow(spec))), { config });
}

/**
 * `count` workflows around random job graphs (a fixed seed), named `<prefix><i>` padded to 24 or
 * 44 characters for some i (the same names whatever the variants, so a second deploy updates
 * them), with the options of variant `first + i`.
 */
function propertyBundle(prefix: string, seed: number, count: number, first: number): CompiledWorkflow[] {
  return fc.sample(flowSpecArb(), { seed, numRuns: count }).map((spec, i) => {
    const length = [0, 24, 44][i % 3] ?? 0;
    const name = `${prefix}${i}`;
    return propertyWorkflow(name.padEnd(length, "-x"), spec, variantOf(first + i));
  });
}

// ---------------------------------------------------------------------------------------------------
// Deploying them, and the one model run

async function deployAll(
  c: AwsClients,
  project: string,
  label: string,
  compiled: ReadonlyArray<CompiledWorkflow>,
  prune: boolean,
): Promise<ModelRequest[]> {
  const result = await deploy({
    clients: c,
    project,
    bundle: bundleOf(...compiled),
    createRoles: true,
    prune,
  });
  return writeRequests(label, result.calls);
}

/**
 * What deploy sends for a defect case: the calls it made, the one AWS (here moto) refused
 * included; none when the workflow no longer compiles.
 */
async function deployDefect(
  c: AwsClients,
  name: string,
  options: () => WorkflowOptions,
): Promise<ModelRequest[]> {
  const compiled = tryCompile(
    workflow(name, { cluster: "batch", network: { subnets: ["subnet-a"] }, ...options() }, job("a")),
  );
  if (!compiled.compiled) return [];
  const first = c.calls.length;
  try {
    await deploy({
      clients: c,
      project: `aws-models-${name}`,
      bundle: bundleOf(compiled.compiled),
      createRoles: true,
    });
  } catch (error) {
    if (!isDeployError(error)) throw error;
  }
  return writeRequests(`defects/${name}`, c.calls.slice(first));
}

/** Requests AWS would refuse, one way each, with the findings they must give. */
const faulty: ReadonlyArray<ModelRequest> = [
  {
    id: "faulty rule",
    service: "events",
    operation: "PutRule",
    input: { Name: "x".repeat(65), ScheduleExpression: "rate(1 hour)", State: "ON", Colour: "red" },
  },
  {
    id: "faulty schedule",
    service: "scheduler",
    operation: "CreateSchedule",
    input: {
      Name: "ads hourly",
      ScheduleExpression: "rate(1 hour)",
      FlexibleTimeWindow: { Mode: "SOMETIMES" },
      Target: { Arn: `arn:aws:states:${testRegion}:${account}:stateMachine:wf`, RoleArn: "role" },
    },
  },
  {
    id: "faulty task definition",
    service: "ecs",
    operation: "RegisterTaskDefinition",
    input: {
      family: "wf",
      cpu: 512,
      containerDefinitions: [
        {
          name: "main",
          image: "img",
          portMappings: "80",
          logConfiguration: {
            logDriver: "awslogs",
            options: {
              "awslogs-group": "/batchflow/my wf",
              "awslogs-create-group": "true",
              "awslogs-stream-prefix": "wf",
            },
          },
        },
      ],
    },
  },
  {
    id: "faulty state machine",
    service: "states",
    operation: "CreateStateMachine",
    input: {
      name: "wf",
      definition: JSON.stringify({
        StartAt: "a",
        States: {
          a: {
            Type: "Task",
            Resource: "arn:aws:states:::ecs:runTask.sync",
            Parameters: {
              LaunchType: "FARGATE_SPOT",
              Clusterr: "batch",
              TaskDefinition: "wf:1",
              Overrides: { ContainerOverrides: [{ Name: "main", "Command.$": "$.command", Cpu: "1" }] },
            },
            End: true,
          },
        },
      }),
    },
  },
  {
    id: "faulty policy",
    service: "iam",
    operation: "PutRolePolicy",
    input: {
      RoleName: "wf-sfn",
      PolicyName: "batchflow",
      PolicyDocument: JSON.stringify({
        Statement: [
          {
            Effect: "Allow",
            Action: ["RunTask"],
            Resource: [`arn:aws:ecs:${testRegion}:${account}:task/*/*`],
          },
        ],
      }),
    },
  },
  {
    id: "faulty targets",
    service: "events",
    operation: "PutTargets",
    input: { Rule: "wf", Targets: [{ Id: "state-machine", Arn: "arn:${AWS::Partition}:states:::x" }] },
  },
];

const show = (f: ModelFinding) => `${f.request} ${f.path} ${f.rule}: ${f.message}`;
const isKnown = (f: ModelFinding, d: KnownDefect) =>
  d.request.test(f.request) && d.path.test(f.path) && d.rule === f.rule;
const unexpected = (findings: ReadonlyArray<ModelFinding>, prefix: string) =>
  findings.filter((f) => f.request.startsWith(prefix) && !knownDefects.some((d) => isKnown(f, d))).map(show);

let models: ModelReport;
let requests: ModelRequest[] = [];
const deployed: CompiledWorkflow[] = [];

beforeAll(async () => {
  const c = motoClients(moto());
  try {
    const exampleRound = examples();
    const propertyRound = propertyBundle("p", 20_261_205, 12, 0);
    // Created, then updated with other options but the last, which is pruned: a rule changes, a
    // Scheduler schedule changes, one is created and a rule becomes a schedule. First, while the
    // account is small: prune reads every role and state machine in it.
    const before = propertyBundle("u", 20_261_206, 5, 12);
    const after = propertyBundle("u", 20_261_207, 4, 20);
    deployed.push(...exampleRound, ...before, ...after, ...propertyRound);
    await prepareAccount(c, [], { roles: false });
    requests = [
      ...(await deployAll(c, "aws-models-updates", "property/before", before, false)),
      ...(await deployAll(c, "aws-models-updates", "property/update", after, true)),
      ...(await deployAll(c, "aws-models-examples", "examples/create", exampleRound, false)),
      ...(await deployAll(c, "aws-models-property", "property/create", propertyRound, false)),
    ];
    for (const [name, options] of Object.entries(defectCases))
      requests.push(...(await deployDefect(c, name, options)));
  } finally {
    c.destroy();
  }
  models = validateRequests([...requests, ...faulty]);
}, 120_000);

describe("the requests deploy sends, against the AWS API models", () => {
  it("covers every example", () => {
    const root = join(repoRoot, "examples");
    const found = readdirSync(root)
      .flatMap((example) =>
        readdirSync(join(root, example, "workflows"), { recursive: true, encoding: "utf8" }).map(
          (file) => `${example}/workflows/${file}`,
        ),
      )
      .filter((path) => path.endsWith(".ts"))
      .sort();
    expect(found).toEqual(exampleFiles);
  });

  it("deployed second schedules of both kinds, a trust policy for both services, and deleted one", () => {
    const named = (operation: string) =>
      requests
        .filter((r) => r.operation === operation)
        .map((r) => (r.input as { Name?: string }).Name ?? "")
        .filter((name) => name.endsWith(".2"));
    expect(named("PutRule").length).toBeGreaterThan(0);
    expect(named("CreateSchedule").length).toBeGreaterThan(0);
    expect([...named("DeleteRule"), ...named("DeleteSchedule")].length).toBeGreaterThan(0);
    const trusts = requests
      .filter((r) => r.operation === "CreateRole" || r.operation === "UpdateAssumeRolePolicy")
      .map((r) => JSON.stringify(r.input));
    expect(
      trusts.some((t) => t.includes("events.amazonaws.com") && t.includes("scheduler.amazonaws.com")),
    ).toBe(true);
  });

  it("asl-validator accepts every state machine", () => {
    for (const w of deployed) expect(validateAsl(w.stateMachine).errors, w.name).toEqual([]);
  });

  it("checked every kind of request deploy makes, and every Task state and policy inside them", () => {
    const operations = new Set(requests.map((r) => `${r.service}:${r.operation}`));
    expect([...operations].sort()).toEqual([
      "dynamodb:CreateTable",
      "ecs:DeregisterTaskDefinition",
      "ecs:RegisterTaskDefinition",
      "events:CreateConnection",
      "events:DeleteConnection",
      "events:DeleteRule",
      "events:PutRule",
      "events:PutTargets",
      "events:RemoveTargets",
      "events:TagResource",
      "iam:CreateRole",
      "iam:DeleteRole",
      "iam:DeleteRolePolicy",
      "iam:PutRolePolicy",
      "iam:TagRole",
      "iam:UpdateAssumeRolePolicy",
      "scheduler:CreateSchedule",
      "scheduler:CreateScheduleGroup",
      "scheduler:DeleteSchedule",
      "scheduler:UpdateSchedule",
      "states:CreateStateMachine",
      "states:DeleteStateMachine",
      "states:TagResource",
      "states:UpdateStateMachine",
    ]);
    const sent = [...requests, ...faulty];
    const definitions = sent.flatMap((r) =>
      r.service === "states" && /^(Create|Update)StateMachine$/.test(r.operation)
        ? [JSON.parse((r.input as { definition: string }).definition) as unknown]
        : [],
    );
    const tasks = definitions.flatMap((d) => collectStates(d)).filter((s) => s.state.Type === "Task");
    const policies = sent.filter(
      (r) => r.service === "iam" && /^(CreateRole|UpdateAssumeRolePolicy|PutRolePolicy)$/.test(r.operation),
    );
    expect(models.counts).toMatchObject({
      requests: sent.length,
      taskStates: tasks.length,
      policies: policies.length,
    });
    // Step Functions' own HTTP task (Slack) has no AWS API model: asl-validator checks its shape.
    expect(Object.keys(models.modelless)).toEqual(["http:invoke"]);
    expect(models.uncheckedPatterns).toEqual([]);
  });

  it("the examples' requests are what AWS takes", () => {
    expect(unexpected(models.findings, "examples/")).toEqual([]);
  });

  it("the random workflows' requests are what AWS takes", () => {
    expect(unexpected(models.findings, "property/")).toEqual([]);
  });

  it("the defect cases show their known defects and nothing else", () => {
    expect(unexpected(models.findings, "defects/")).toEqual([]);
  });

  it("every known defect still shows (remove its entry with the fix)", () => {
    for (const d of knownDefects) {
      expect(
        models.findings.some((f) => isKnown(f, d)),
        d.defect,
      ).toBe(true);
    }
  });

  it("finds what AWS would refuse: unknown members, lengths, enums, types, patterns, IAM grammar", () => {
    const found = models.findings
      .filter((f) => f.request.startsWith("faulty "))
      .map((f) => `${f.request} | ${f.path} | ${f.rule}`)
      .sort();
    expect(found).toEqual([
      "faulty policy | PolicyDocument.Statement[0].Action[0] | iam-action",
      "faulty policy | PolicyDocument.Statement[0].Resource[0] | iam-wildcard",
      "faulty policy | PolicyDocument.Version | iam-grammar",
      "faulty rule | Colour | unknown-member",
      "faulty rule | Name | max-length",
      "faulty rule | State | enum",
      "faulty schedule | FlexibleTimeWindow.Mode | enum",
      "faulty schedule | Name | pattern",
      "faulty schedule | Target.RoleArn | pattern",
      'faulty state machine | definition.States["a"].Parameters.Clusterr | unknown-member',
      'faulty state machine | definition.States["a"].Parameters.LaunchType | enum',
      'faulty state machine | definition.States["a"].Parameters.Overrides.ContainerOverrides[0].Cpu | type',
      "faulty state machine | roleArn | required",
      "faulty targets | Targets[0].Arn | placeholder",
      "faulty task definition | containerDefinitions[0].logConfiguration.options~logs:CreateLogGroup.logGroupName | pattern",
      "faulty task definition | containerDefinitions[0].logConfiguration.options~logs:CreateLogStream.logGroupName | pattern",
      "faulty task definition | containerDefinitions[0].portMappings | type",
      "faulty task definition | cpu | type",
    ]);
    expect(models.findings.find((f) => f.request === "faulty rule" && f.rule === "max-length")?.message).toBe(
      "RuleName takes at most 64 characters, got 65",
    );
  });
});
