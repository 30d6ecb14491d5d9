// simulate() of 1,000-job workflows with 10 % of the jobs failing once (retried on States.TaskFailed),
// through the public API of the built packages. Prints the median wall time over the runs.
import { pathToFileURL } from "node:url";
import { fargate, job, parallel, sequence, workflow } from "../packages/batchflow/dist/index.js";
import { simulate } from "../packages/batchflow/dist/testing.js";
import { fmt, median, printTable } from "./util.mjs";

const jobCount = 1_000;

const options = {
  cluster: "batch",
  network: { subnets: ["subnet-a"] },
  defaults: {
    task: fargate({ image: "000000000000.dkr.ecr.ap-northeast-1.amazonaws.com/batch:production" }),
    command: (name) => ["make", "run", name],
    timeout: "30m",
  },
};
const retry = { on: ["States.TaskFailed"], interval: "30s", maxAttempts: 2, backoff: 2 };
const name = (i) => `job-${i}`;

/**
 * mix:     20 stages in sequence; each stage runs 10 chains of 5 jobs in parallel (20 × 10 × 5).
 * fan-out: job-1, then parallel(job-2 ... job-999), then job-1000.
 */
export const shapes = {
  mix: () => {
    let i = 0;
    const stages = Array.from({ length: 20 }, () =>
      parallel(
        ...Array.from({ length: 10 }, () => sequence(...Array.from({ length: 5 }, () => job(name(++i))))),
      ),
    );
    return workflow("simulate-mix", options, sequence(...stages).retry(retry));
  },
  "fan-out": () => {
    const jobs = Array.from({ length: jobCount }, (_, i) => job(name(i + 1)));
    const body = jobs[0].then(parallel(...jobs.slice(1, -1))).then(jobs.at(-1));
    return workflow("simulate-fan-out", options, body.retry(retry));
  },
};

/** Every 10th job fails its first attempt (exit code 1); every job runs 1 to 5 virtual minutes. */
export function scenario() {
  const jobs = {};
  for (let i = 1; i <= jobCount; i++) {
    jobs[name(i)] = { duration: `${1 + (i % 5)}m`, ...(i % 10 === 0 ? { failTimes: 1 } : {}) };
  }
  return { jobs };
}

export async function runSimulateBench({ runs = 7, warmup = 2 } = {}) {
  const rows = [];
  const results = [];
  for (const [shape, build] of Object.entries(shapes)) {
    const wf = build();
    const script = scenario();
    let last;
    for (let i = 0; i < warmup; i++) last = await simulate(wf, script);
    const times = [];
    for (let i = 0; i < runs; i++) {
      const start = performance.now();
      last = await simulate(wf, script);
      times.push(performance.now() - start);
    }
    const attempts = Array.from({ length: jobCount }, (_, i) => last.attempts(name(i + 1))).reduce(
      (a, b) => a + b,
    );
    const result = {
      shape,
      jobs: jobCount,
      medianMs: median(times),
      minMs: Math.min(...times),
      runs,
      attempts,
    };
    results.push(result);
    rows.push([
      shape,
      jobCount.toLocaleString("en-US"),
      fmt(result.medianMs),
      fmt(result.minMs),
      String(runs),
      last.status,
      attempts.toLocaleString("en-US"),
      `${fmt(last.duration / 60_000)} min`,
    ]);
  }
  printTable(
    `simulate() of 1,000 jobs, 10 % failing once (median wall time of ${runs} runs after ${warmup} warm-ups)`,
    ["shape", "jobs", "median ms", "min ms", "runs", "status", "attempts", "virtual time"],
    rows,
  );
  return results;
}

const runDirectly = process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (runDirectly) await runSimulateBench();
