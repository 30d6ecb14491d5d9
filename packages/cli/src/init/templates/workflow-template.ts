/**
 * workflows/hello.ts of a new project: two jobs whose commands run as they are with `batchflow run
 * hello` (node is there wherever batchflow runs), on a daily schedule, with a retry.
 */
export function workflowTemplate(): string {
  return `import { cron, fargate, job, workflow } from "@batchflow/batchflow";

// The container the jobs run in on AWS Fargate. The image is a placeholder: put your own image
// (one that has node, or your own commands) here before you deploy. \`batchflow run hello\` runs
// each job's command as a local process instead, so it needs no image.
const task = fargate({
  image: "123456789012.dkr.ecr.us-east-1.amazonaws.com/hello:latest",
  cpu: 256,
  memory: 512,
});

// Every day at 03:00 UTC: extract, then load. Each job may take 10 minutes; a job that fails is
// tried once more, 10 seconds later.
export const hello = workflow(
  "hello",
  {
    schedule: cron("0 3 * * *"),
    defaults: { task, timeout: "10m" },
  },
  job("extract", { command: ["node", "-e", "console.log('extract: read 3 rows')"] })
    .then(job("load", { command: ["node", "-e", "console.log('load: wrote 3 rows')"] }))
    .retry({ on: ["States.TaskFailed"], interval: "10s", maxAttempts: 1 }),
);
`;
}
