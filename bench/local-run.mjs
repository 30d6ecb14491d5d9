// `batchflow run` of 100 parallel `true` jobs, end to end as a user runs it, against spawning the same
// 100 `true` processes directly from Node (all at once, awaiting every exit). The difference over 100
// is batchflow's overhead per job (goal: under 5 ms), fixed costs included: node start-up, loading the
// workflow file, compiling, the interpreter, logs and progress. A 1-job run separates the fixed cost
// from the cost that grows with the jobs.
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { asUserProject, fmt, median, printTable } from "./util.mjs";

const root = fileURLToPath(new URL("..", import.meta.url));
const bin = join(root, "packages/batchflow/bin/batchflow.js");
const benchTmp = join(root, "bench/.tmp");
const jobCount = 100;

/** A user project whose workflow `wide` runs `jobs` jobs of `true` in one parallel group. */
function makeProject(jobs) {
  mkdirSync(benchTmp, { recursive: true });
  const dir = mkdtempSync(join(benchTmp, `local-run-${jobs}-`));
  mkdirSync(join(dir, "workflows"));
  const names = Array.from({ length: jobs }, (_, i) => `  job("j${String(i + 1).padStart(3, "0")}"),`);
  writeFileSync(
    join(dir, "workflows/wide.ts"),
    `import { fargate, job, parallel, workflow } from "@batchflow/batchflow";

const task = fargate({ image: "public.ecr.aws/docker/library/busybox:latest" });

export const wide = workflow(
  "wide",
  { cluster: "bench", network: { subnets: ["subnet-bench"] }, defaults: { task, command: ["true"] } },
  parallel(
${names.join("\n")}
  ),
);
`,
  );
  asUserProject(dir, root);
  return dir;
}

/** Wall ms of one `batchflow run wide` (stdout a pipe: plain progress, as in CI). */
function runOnce(cwd) {
  const start = performance.now();
  const child = spawnSync(process.execPath, [bin, "run", "wide"], {
    cwd,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1" },
    maxBuffer: 64 << 20,
  });
  const ms = performance.now() - start;
  if (child.status !== 0)
    throw new Error(`batchflow run failed in ${cwd}:\n${child.stdout}\n${child.stderr}`);
  return ms;
}

/** Wall ms of spawning `count` `true` processes at once and awaiting every exit. */
async function directOnce(count) {
  const start = performance.now();
  await Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise((resolve, reject) => {
          const child = spawn("true", [], { stdio: "ignore" });
          child.on("error", reject);
          child.on("exit", resolve);
        }),
    ),
  );
  return performance.now() - start;
}

export async function runLocalRunBench({ runs = 7 } = {}) {
  let results;
  try {
    const wide = makeProject(jobCount);
    const single = makeProject(1);
    // One warm-up each (jiti's transpile cache, the OS's file cache), then interleaved rounds so that
    // background load hits every measurement alike.
    runOnce(wide);
    runOnce(single);
    await directOnce(jobCount);
    const times = { wide: [], single: [], direct: [] };
    for (let i = 0; i < runs; i++) {
      times.wide.push(runOnce(wide));
      times.single.push(runOnce(single));
      times.direct.push(await directOnce(jobCount));
    }
    const run = median(times.wide);
    const one = median(times.single);
    const direct = median(times.direct);
    results = {
      runMs: run,
      singleMs: one,
      directMs: direct,
      perJobMs: (run - direct) / jobCount,
      marginalPerJobMs: (run - one) / (jobCount - 1) - direct / jobCount,
    };
  } finally {
    rmSync(benchTmp, { recursive: true, force: true });
  }

  printTable(
    `batchflow run, ${jobCount} parallel \`true\` jobs (median of ${runs} runs after a warm-up)`,
    ["measurement", "median ms"],
    [
      [`batchflow run, ${jobCount} jobs, end to end`, fmt(results.runMs)],
      ["batchflow run, 1 job, end to end (fixed cost)", fmt(results.singleMs)],
      [`${jobCount} \`true\` spawned directly from Node`, fmt(results.directMs)],
    ],
  );
  printTable(
    "overhead per job",
    ["figure", "ms per job", "goal", "status"],
    [
      [
        `(run - direct) / ${jobCount}`,
        fmt(results.perJobMs, 2),
        "< 5",
        results.perJobMs < 5 ? "met" : "MISSED",
      ],
      [
        `  without the fixed cost: (run - 1-job run) / ${jobCount - 1} - direct / ${jobCount}`,
        fmt(results.marginalPerJobMs, 2),
        "",
        "",
      ],
    ],
  );
  return results;
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) await runLocalRunBench();
