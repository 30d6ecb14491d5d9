// Bundles and account set-up shared by the deploy tests.

import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { trustPolicy } from "@batchflow/aws";
import {
  type CompiledWorkflow,
  compile,
  cron,
  dag,
  fargate,
  job,
  type ScheduleList,
  type ScheduleSpec,
  secret,
  workflow,
} from "@batchflow/batchflow";
import { type AwsClients, type BundleWorkflow, bundleFromCompiled } from "@batchflow/deploy";
import { ecs, iam, sfn } from "@batchflow/deploy/aws-sdk";
import nightlyConfig from "../../examples/nightly-report/batchflow.config.js";
import { nightly } from "../../examples/nightly-report/workflows/nightly-report.js";
import seedConfig from "../../examples/seed-migration/batchflow.config.js";
import { hourly } from "../../examples/seed-migration/workflows/ads-hourly.js";
import { report } from "../../examples/seed-migration/workflows/ads-report.js";
import {
  bundleWorkflow,
  type WorkflowFileOptions,
  workflowFiles,
} from "../../packages/deploy/src/bundle/bundle-test-support.js";
import { repoRoot } from "./cli-project.js";
import { testAccount } from "./moto.js";

export const project = "deploy-tests";

/** examples/seed-migration's ads-hourly: hoge, then fuga and foo (one fuga.lock), Slack notifications. */
export function hourlyCompiled(): CompiledWorkflow {
  return compile(hourly, { config: seedConfig });
}

/** examples/seed-migration's ads-report: one job under a workflow-level fuga.lock (onBusy skip). */
export function reportCompiled(): CompiledWorkflow {
  return compile(report, { config: seedConfig });
}

/** Every workflow of examples/seed-migration, as `batchflow compile` there compiles them. */
export function seedCompiled(): CompiledWorkflow[] {
  return [hourlyCompiled(), reportCompiled()];
}

export function nightlyCompiled(): CompiledWorkflow {
  return compile(nightly, { config: nightlyConfig });
}

/**
 * The files of examples/seed-migration that `batchflow compile` reads (package.json and every
 * TypeScript source: config, containers, workflows), path → contents, for a copy of the project.
 */
export function seedExampleSources(): Array<[path: string, contents: string]> {
  const root = join(repoRoot, "examples/seed-migration");
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(root, join(e.parentPath, e.name)))
    .filter((path) => !/^(node_modules|dist|\.[^/]*)\//.test(path))
    .filter((path) => path === "package.json" || path.endsWith(".ts"))
    .sort()
    .map((path) => [path, readFileSync(join(root, path), "utf8")]);
}

/** The Secrets Manager secret holding the Slack webhook URL (the example's). */
export const slackWebhookSecret =
  "arn:aws:secretsmanager:ap-northeast-1:000000000000:secret:batch-slack-webhook-AbCdEf";

export interface SeedVariant {
  readonly name?: string;
  readonly image?: string;
  readonly hogeCommand?: ReadonlyArray<string>;
  /** Environment of job hoge (a container override of its Task state). */
  readonly hogeEnv?: Readonly<Record<string, string>>;
  readonly schedule?: string;
  readonly timezone?: string;
  /** Several schedules instead of `schedule` and `timezone`; none when empty. */
  readonly schedules?: ReadonlyArray<ScheduleSpec>;
  /** The example's job locks (hoge.lock; fuga.lock, which fuga and foo share). Default true. */
  readonly locks?: boolean;
  /** The table the locks live in (the config's `lockTable`); default the config's, batchflow-locks. */
  readonly lockTable?: string;
  /** The example's Slack notifications (a `secret(...)` webhook: the bundle gets a connection). Default true. */
  readonly notify?: boolean;
}

/**
 * examples/seed-migration's ads-hourly, rebuilt with the DSL so a test can change one thing (a
 * test checks that the defaults compile to exactly the example). `{ locks: false, notify: false }`
 * is the plain workflow: the same dag without a lock table or a connection.
 */
export function seedVariant(v: SeedVariant = {}): CompiledWorkflow {
  const batch = fargate({
    image: v.image ?? "000000000000.dkr.ecr.ap-northeast-1.amazonaws.com/batch:production",
    cpu: 512,
    memory: 2048,
    command: ["make", "run"],
  });
  const locks = v.locks ?? true;
  const lock = (name: string) => (locks ? { lock: { name, wait: "10m" as const } } : {});
  const hoge = job("hoge", {
    ...(v.hogeCommand ? { command: [...v.hogeCommand] } : {}),
    ...(v.hogeEnv ? { env: { ...v.hogeEnv } } : {}),
    ...lock("hoge.lock"),
  });
  const fuga = job("fuga", { after: [hoge], ...lock("fuga.lock") });
  const foo = job("foo", { after: [hoge], ...lock("fuga.lock") });
  const w = workflow(
    v.name ?? "ads-hourly",
    {
      description: "Hourly ad delivery batch (migrated from the cron server)",
      ...(v.schedules === undefined
        ? { schedule: cron(v.schedule ?? "35 * * * *", v.timezone ? { timezone: v.timezone } : {}) }
        : v.schedules.length > 0
          ? { schedule: v.schedules as ScheduleList }
          : {}),
      defaults: { task: batch, command: (name) => ["make", "run", name], timeout: "30m" },
      ...((v.notify ?? true)
        ? {
            notify: {
              slack: { webhook: secret(slackWebhookSecret), success: "#batch", failure: "#batch-alerts" },
            },
          }
        : {}),
    },
    dag(hoge, fuga, foo).retry({ on: ["States.Timeout"], interval: "3s", maxAttempts: 2, backoff: 1.5 }),
  );
  return compile(w, { config: v.lockTable ? { ...seedConfig, lockTable: v.lockTable } : seedConfig });
}

/**
 * A workflow written by hand (packages/deploy's bundle-test-support): one Pass state, no task
 * definition or cluster, its state machine role; with `notify`, its notify machine, the rule that
 * starts it and the rule's role (Slack: and a connection). Independent of what compile emits today.
 */
export function handWritten(name: string, options: Partial<WorkflowFileOptions> = {}): BundleWorkflow {
  return bundleWorkflow(workflowFiles(name, { locks: false, ...options }));
}

export function bundleOf(...compiled: CompiledWorkflow[]): BundleWorkflow[] {
  return bundleFromCompiled(compiled);
}

/** What the bundle needs before deploy: its ECS clusters and (unless deploy creates them) its roles. */
export async function prepareAccount(
  clients: AwsClients,
  bundle: ReadonlyArray<BundleWorkflow>,
  options: { roles: boolean },
): Promise<void> {
  for (const cluster of ["batch", "reporting"]) {
    await clients.ecs.send(new ecs.CreateClusterCommand({ clusterName: cluster }));
  }
  if (!options.roles) return;
  const seen = new Set<string>();
  for (const w of bundle) {
    for (const role of w.manifest.roles) {
      const name = role.arn.slice(role.arn.lastIndexOf("/") + 1);
      if (seen.has(name)) continue;
      seen.add(name);
      await clients.iam.send(
        new iam.CreateRoleCommand({
          RoleName: name,
          AssumeRolePolicyDocument: JSON.stringify(trustPolicy(role.service)),
        }),
      );
    }
  }
}

export const arn = {
  role: (name: string) => `arn:aws:iam::${testAccount}:role/${name}`,
  stateMachine: (name: string) => `arn:aws:states:ap-northeast-1:${testAccount}:stateMachine:${name}`,
  rule: (name: string) => `arn:aws:events:ap-northeast-1:${testAccount}:rule/${name}`,
};

/** A state machine of `name` with these tags, as another project (or nobody) might have left it. */
export function createTaggedMachine(
  c: AwsClients,
  name: string,
  tags: Record<string, string>,
): Promise<unknown> {
  return c.sfn.send(
    new sfn.CreateStateMachineCommand({
      name,
      definition: JSON.stringify({ StartAt: "a", States: { a: { Type: "Pass", End: true } } }),
      roleArn: arn.role("someone"),
      tags: Object.entries(tags).map(([key, value]) => ({ key, value })),
    }),
  );
}
