import { cron, fargate, input, job, parallel, secret, workflow } from "@batchflow/batchflow";

const image = "000000000000.dkr.ecr.ap-northeast-1.amazonaws.com/ad-report:2026-11-29";

/** Small jobs: extraction and notifications. */
const small = fargate({ image, cpu: 256, memory: 512, family: "ad-report-small" });

/** The aggregation needs room: 2 vCPU, 8 GiB, 50 GiB of scratch space, Graviton. */
const large = fargate({
  image,
  cpu: 2048,
  memory: 8192,
  architecture: "arm64",
  ephemeralStorage: 50,
  family: "ad-report-large",
  env: {
    WAREHOUSE_PASSWORD: secret("arn:aws:secretsmanager:ap-northeast-1:000000000000:secret:warehouse-AbCdEf"),
  },
  stopTimeout: "60s",
});

const extract = (source: string) =>
  job(`extract-${source}`, {
    command: ["node", "dist/extract.js", source],
    env: { REPORT_DATE: input("date") },
  });

/**
 * Every night at 02:30 Tokyo time: extract three sources at once, aggregate them, then publish
 * and archive. Any failure posts to Slack; the whole pipeline has a 3 hour budget.
 */
export const nightly = workflow(
  "nightly-ad-report",
  {
    description: "Nightly ad performance report",
    schedule: cron("30 2 * * *", { timezone: "Asia/Tokyo" }),
    input: { date: "yesterday" },
    defaults: { task: small, timeout: "20m", env: { LOG_LEVEL: "info" } },
  },
  parallel(extract("impressions"), extract("clicks"), extract("conversions"))
    .retry({ on: ["States.TaskFailed"], interval: "30s", maxAttempts: 2, backoff: 2, jitter: "full" })
    .then(
      job("aggregate", {
        task: large,
        command: ["node", "dist/aggregate.js"],
        timeout: "90m",
        env: { REPORT_DATE: input("date") },
      }).retry({ on: ["States.Timeout"], interval: "1m", maxAttempts: 1 }),
    )
    .then([
      job("publish", { command: ["node", "dist/publish.js"], env: { REPORT_DATE: input("date") } }),
      job("archive", { command: "node dist/archive.js && echo archived" }),
    ])
    .timeout("3h")
    .catch(
      ["States.ALL"],
      job("notify-failure", {
        command: ["node", "dist/notify.js", "failure"],
        env: {
          SLACK_WEBHOOK: secret(
            "arn:aws:secretsmanager:ap-northeast-1:000000000000:secret:slack-webhook-XyZ123",
          ),
        },
      }),
    ),
);
