// `pnpm bench`: the in-process and CLI benchmarks, then how they compare with AWS CDK and with
// the project's performance goals. Prints figures only; nothing here fails on a slow result.
import { cpus, loadavg } from "node:os";
import { runCliBench } from "./cli.mjs";
import { runCompile } from "./compile.mjs";
import { runDagBench } from "./dag.mjs";
import { runDeployBench } from "./deploy.mjs";
import { runLocalRunBench } from "./local-run.mjs";
import { runLocksBench } from "./locks.mjs";
import { runSimulateBench } from "./simulate.mjs";
import { fmt, printTable } from "./util.mjs";

// AWS CDK (aws-cdk-lib 2.276) synthesizing the same 1,000-job ECS workflow, measured earlier on
// these machines: 3.8 s and 478 MiB, 1.6 s with template validation off; ~0.8 ms per job.
const cdk = { ms: 3800, msNoValidation: 1600, mib: 478, msPerJob: 0.8 };

// Other work on a shared machine skews timings; the load average tells how busy it was.
const load = () =>
  loadavg()
    .map((n) => n.toFixed(2))
    .join(" ");
console.log(`batchflow bench: node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? "cpu"}`);
console.log(`load average at start: ${load()}`);
const compiled = runCompile();
const cli = runCliBench();

const at1000 = compiled.filter((r) => r.jobs === 1_000);
const worst = at1000.reduce((a, b) => (b.compileMs > a.compileMs ? b : a));
const [seed, big] = cli;
// CLI cost per extra job: the 1,000-job project minus the 4-job seed, over the 996 extra jobs.
const cliMsPerJob = (big.wallMs - seed.wallMs) / 996;

printTable(
  "vs AWS CDK (aws-cdk-lib 2.276), same 1,000-job ECS workflow",
  ["figure", "AWS CDK", "batchflow", "CDK / batchflow"],
  [
    [
      "end to end, 1,000 jobs",
      `${fmt(cdk.ms, 0)} ms`,
      `${fmt(big.wallMs, 0)} ms`,
      `${fmt(cdk.ms / big.wallMs)}×`,
    ],
    [
      "  (CDK validation off)",
      `${fmt(cdk.msNoValidation, 0)} ms`,
      `${fmt(big.wallMs, 0)} ms`,
      `${fmt(cdk.msNoValidation / big.wallMs)}×`,
    ],
    [
      "  cold (no jiti cache)",
      `${fmt(cdk.ms, 0)} ms`,
      `${fmt(big.coldMs, 0)} ms`,
      `${fmt(cdk.ms / big.coldMs)}×`,
    ],
    ["peak memory", `${cdk.mib} MiB`, `${fmt(big.rssMiB)} MiB`, `${fmt(cdk.mib / big.rssMiB)}×`],
    [
      "per job, compile() in-process",
      `${cdk.msPerJob} ms`,
      `${fmt(worst.compileMs / worst.jobs, 4)} ms`,
      `${fmt(cdk.msPerJob / (worst.compileMs / worst.jobs))}×`,
    ],
    [
      "per job, CLI (1,000 - seed) / 996",
      `${cdk.msPerJob} ms`,
      cliMsPerJob > 0 ? `${fmt(cliMsPerJob, 4)} ms` : "n/a (within noise)",
      cliMsPerJob > 0 ? `${fmt(cdk.msPerJob / cliMsPerJob)}×` : "n/a",
    ],
  ],
);

const mark = (ok) => (ok ? "met" : "MISSED");
printTable(
  "project goals (in-process figures: the slower shape at 1,000 jobs; CLI: warm median)",
  ["goal", "target", "measured", "status"],
  [
    [
      "compile() per job, 1,000 jobs",
      "<= 40 µs",
      `${fmt((worst.compileMs * 1000) / worst.jobs)} µs (${worst.shape})`,
      mark((worst.compileMs * 1000) / worst.jobs <= 40),
    ],
    [
      "compile() 1,000-job workflow",
      "< 100 ms",
      `${fmt(worst.compileMs)} ms (${worst.shape})`,
      mark(worst.compileMs < 100),
    ],
    ["CLI 1,000 jobs end to end", "< 380 ms", `${fmt(big.wallMs, 0)} ms`, mark(big.wallMs < 380)],
    ["CLI 1,000 jobs peak memory", "< 150 MiB", `${fmt(big.rssMiB)} MiB`, mark(big.rssMiB < 150)],
    ["CLI seed example end to end", "< 400 ms", `${fmt(seed.wallMs, 0)} ms`, mark(seed.wallMs < 400)],
  ],
);

// Local runs (issue 3): simulate() in virtual time, and batchflow run's per-job overhead.
const simulated = await runSimulateBench();
const slowestSimulation = Math.max(...simulated.map((r) => r.medianMs));
const local = await runLocalRunBench();
printTable(
  "local-run goals",
  ["goal", "target", "measured", "status"],
  [
    [
      "simulate() 1,000 jobs, 10 % failing once",
      "< 1,000 ms",
      `${fmt(slowestSimulation)} ms`,
      mark(slowestSimulation < 1000),
    ],
    [
      "batchflow run overhead per job (100 `true` jobs)",
      "< 5 ms",
      `${fmt(local.perJobMs, 2)} ms`,
      mark(local.perJobMs < 5),
    ],
  ],
);

// Deploy (issue 4): AWS calls and wall time against moto_server on loopback.
await runDeployBench();

// Dependencies (issue 5): what dag() lowering costs, simulated makespan / critical path.
const dags = await runDagBench();
printTable(
  "dag() lowering goals",
  ["goal", "target", "measured", "status"],
  [
    [
      "series-parallel graphs: makespan / critical path",
      "1.00",
      `${fmt(dags.seriesParallel.mean, 3)} mean, ${fmt(dags.seriesParallel.worst, 3)} worst`,
      mark(dags.seriesParallel.worst <= 1),
    ],
    [
      "all graphs: mean makespan / critical path",
      "<= 1.05",
      `${fmt(dags.overall.mean, 3)} (worst ${fmt(dags.overall.worst, 3)})`,
      mark(dags.overall.mean <= 1.05),
    ],
  ],
);
// Locks and notifications (issue 5): definition size, local lock overhead, queueing in simulate().
await runLocksBench();
console.log(`\nload average at end: ${load()}`);
console.log(
  `cold first runs (not goals): 1,000 jobs ${fmt(big.coldMs, 0)} ms / ${fmt(big.coldRss)} MiB, ` +
    `seed ${fmt(seed.coldMs, 0)} ms / ${fmt(seed.coldRss)} MiB.`,
);
