import { cron, dag, job, secret, workflow } from "@batchflow/batchflow";
import { batch } from "../containers.js";

/*
 * The talk's batch server, line by line (docs/migrating-from-cron.md):
 *   35 * * * * batch timeout 1800 flock -w 600 hoge.lock make run hoge
 *   35 * * * * batch timeout 1800 flock -w 600 fuga.lock make run fuga
 *   35 * * * * batch timeout 1800 flock -w 600 fuga.lock make run foo
 * fuga and foo take the same lock, so they never run at the same time; here both wait for hoge,
 * then one runs while the other waits for fuga.lock. The Slack Lambda became `notify`.
 */
const hoge = job("hoge", { lock: { name: "hoge.lock", wait: "10m" } });
const fuga = job("fuga", { after: [hoge], lock: { name: "fuga.lock", wait: "10m" } });
const foo = job("foo", { after: [hoge], lock: { name: "fuga.lock", wait: "10m" } });

export const hourly = workflow(
  "ads-hourly",
  {
    description: "Hourly ad delivery batch (migrated from the cron server)",
    schedule: cron("35 * * * *"),
    defaults: { task: batch, command: (name) => ["make", "run", name], timeout: "30m" },
    notify: {
      slack: {
        webhook: secret(
          "arn:aws:secretsmanager:ap-northeast-1:000000000000:secret:batch-slack-webhook-AbCdEf",
        ),
        success: "#batch",
        failure: "#batch-alerts",
      },
    },
  },
  dag(hoge, fuga, foo).retry({ on: ["States.Timeout"], interval: "3s", maxAttempts: 2, backoff: 1.5 }),
);
