// Bundles and account set-up shared by the deploy tests.

import { trustPolicy } from "@batchflow/aws";
import { type AwsClients, type BundleWorkflow, bundleFromCompiled } from "@batchflow/deploy";
import { ecs, iam } from "@batchflow/deploy/aws-sdk";
import { type CompiledWorkflow, compile, cron, fargate, job, parallel, workflow } from "batchflow";
import nightlyConfig from "../../examples/nightly-report/batchflow.config.js";
import { nightly } from "../../examples/nightly-report/workflows/nightly-report.js";
import seedConfig from "../../examples/seed-migration/batchflow.config.js";
import { hourly } from "../../examples/seed-migration/workflows/ads-hourly.js";
import { testAccount } from "./moto.js";

export const project = "deploy-tests";

export function seedCompiled(): CompiledWorkflow {
  return compile(hourly, { config: seedConfig });
}

export function nightlyCompiled(): CompiledWorkflow {
  return compile(nightly, { config: nightlyConfig });
}

export interface SeedVariant {
  readonly name?: string;
  readonly image?: string;
  readonly hogeCommand?: ReadonlyArray<string>;
  readonly schedule?: string;
  readonly timezone?: string;
}

/**
 * examples/seed-migration's workflow, rebuilt with the DSL so a test can change one thing (a
 * test checks that the defaults compile to exactly the example).
 */
export function seedVariant(v: SeedVariant = {}): CompiledWorkflow {
  const batch = fargate({
    image: v.image ?? "000000000000.dkr.ecr.ap-northeast-1.amazonaws.com/batch:production",
    cpu: 512,
    memory: 2048,
    command: ["make", "run"],
  });
  const hoge = v.hogeCommand ? job("hoge", { command: [...v.hogeCommand] }) : job("hoge");
  const w = workflow(
    v.name ?? "ads-hourly",
    {
      description: "Hourly ad delivery batch (migrated from the cron server)",
      schedule: cron(v.schedule ?? "35 * * * *", v.timezone ? { timezone: v.timezone } : {}),
      defaults: { task: batch, command: (name) => ["make", "run", name], timeout: "30m" },
    },
    hoge
      .then(parallel(job("fuga"), job("foo")))
      .retry({ on: ["States.Timeout"], interval: "3s", maxAttempts: 2, backoff: 1.5 }),
  );
  return compile(w, { config: seedConfig });
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
