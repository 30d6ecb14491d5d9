import { cron, fargate, job, parallel, workflow } from "batchflow";

/*
 * The talk's batch server, line by line:
 *   35 * * * * batch timeout 1800 flock -w 600 hoge.lock make run hoge
 * followed by fuga and foo, which shared fuga.lock and so never ran together with each other's
 * dependants. Here hoge runs first, then fuga and foo at once, all from one image.
 */
const batch = fargate({
  image: "000000000000.dkr.ecr.ap-northeast-1.amazonaws.com/batch:production",
  cpu: 512,
  memory: 2048,
  command: ["make", "run"],
});

export const hourly = workflow(
  "ads-hourly",
  {
    description: "Hourly ad delivery batch (migrated from the cron server)",
    schedule: cron("35 * * * *"),
    defaults: { task: batch, command: (name) => ["make", "run", name], timeout: "30m" },
  },
  job("hoge")
    .then(parallel(job("fuga"), job("foo")))
    .retry({ on: ["States.Timeout"], interval: "3s", maxAttempts: 2, backoff: 1.5 }),
);
