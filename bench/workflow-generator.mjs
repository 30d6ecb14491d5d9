// Generated N-job workflows for the benchmarks, built with the public DSL only, plus the same
// workflows written out as a user's TypeScript file for the CLI benchmark.
import { cron, fargate, job, parallel, sequence, workflow } from "../packages/batchflow/dist/index.js";
import { dagAfter } from "./dag-shape.mjs";

export const shapes = ["chain", "fan-out"];

// One shared container spec, so every job lands in one task-definition family (the common case).
const spec = {
  image: "000000000000.dkr.ecr.ap-northeast-1.amazonaws.com/batch:production",
  cpu: 512,
  memory: 2048,
  command: ["make", "run"],
};

const options = (task) => ({
  schedule: cron("35 * * * *"),
  cluster: "batch",
  network: { subnets: ["subnet-a"] },
  defaults: { task, command: (name) => ["make", "run", name], timeout: "30m" },
});

const jobName = (i) => `job-${i}`;

/**
 * chain:   job-1 -> job-2 -> ... -> job-N, via one sequence() call (`.then` in a loop copies the
 *          growing step list on every call: build cost of the loop, not of the compiler).
 * fan-out: job-1, then parallel(job-2 ... job-(N-1)), then job-N.
 */
export function buildWorkflow(shape, n) {
  const task = fargate(spec);
  const jobs = Array.from({ length: n }, (_, i) => job(jobName(i + 1)));
  const body =
    shape === "chain" ? sequence(...jobs) : jobs[0].then(parallel(...jobs.slice(1, -1))).then(jobs.at(-1));
  return workflow(`bench-${shape}-${n}`, options(task), body);
}

/** The same workflow as a user would write it: a workflows/*.ts file importing from "@batchflow/batchflow". */
export function workflowSource(shape, n) {
  const jobs = Array.from({ length: n }, (_, i) => `  job(${JSON.stringify(jobName(i + 1))}),`);
  const body =
    shape === "chain"
      ? `sequence(\n${jobs.join("\n")}\n)`
      : `${jobs[0].trim().slice(0, -1)}\n  .then(parallel(\n${jobs.slice(1, -1).join("\n")}\n  ))\n  .then(${jobs.at(-1).trim().slice(0, -1)})`;
  return `import { cron, fargate, job, parallel, sequence, workflow } from "@batchflow/batchflow";

const batch = fargate(${JSON.stringify(spec)});

export const bench = workflow(
  ${JSON.stringify(`bench-${shape}-${n}`)},
  {
    schedule: cron("35 * * * *"),
    cluster: "batch",
    network: { subnets: ["subnet-a"] },
    defaults: { task: batch, command: (name) => ["make", "run", name], timeout: "30m" },
  },
  ${body},
);
`;
}

/** A dag of `n` jobs (bench/dag-shape.mjs) as a workflows/*.ts file: job-i is j<i>. */
export function dagWorkflowSource(n) {
  const lines = dagAfter(n).map((after, i) => {
    const refs = after.map((a) => `j${a + 1}`).join(", ");
    return `const j${i + 1} = job(${JSON.stringify(jobName(i + 1))}${refs === "" ? "" : `, { after: [${refs}] }`});`;
  });
  const all = Array.from({ length: n }, (_, i) => `j${i + 1}`).join(", ");
  return `import { cron, dag, fargate, job, workflow } from "@batchflow/batchflow";

const batch = fargate(${JSON.stringify(spec)});

${lines.join("\n")}

export const bench = workflow(
  ${JSON.stringify(`bench-dag-${n}`)},
  {
    schedule: cron("35 * * * *"),
    cluster: "batch",
    network: { subnets: ["subnet-a"] },
    defaults: { task: batch, command: (name) => ["make", "run", name], timeout: "30m" },
  },
  dag(${all}),
);
`;
}
