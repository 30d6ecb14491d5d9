// What locks and notifications cost: (a) compile() time and definition size of an 80-job workflow
// with a lock on every job and Slack notifications, against the same workflow without them, and
// the seed example's ads-hourly definition (3 locked jobs and Slack) as `batchflow compile` writes it;
// (b) `batchflow run` of a one-job workflow with a workflow lock against one without: the local
// lock store's acquire and release plus the lock states, per run; (c) simulate() of 50 executions
// queueing on one lock in virtual time. Prints figures only.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { compile, fargate, job, sequence, workflow } from "../packages/batchflow/dist/index.js";
import { simulateConcurrent } from "../packages/batchflow/dist/testing.js";
import { asUserProject, fmt, median, printTable, sample } from "./util.mjs";

const root = fileURLToPath(new URL("..", import.meta.url));
const bin = join(root, "packages/batchflow/bin/batchflow.js");
const task = fargate({ image: "000000000000.dkr.ecr.ap-northeast-1.amazonaws.com/batch:production" });
const base = {
  cluster: "batch",
  network: { subnets: ["subnet-a"] },
  defaults: { task, command: (n) => ["make", "run", n] },
};
const notify = {
  slack: { webhook: "https://hooks.slack.com/services/T/B/X", failure: "#ops", success: "#ok" },
};

function chain(jobs, locked) {
  return sequence(
    ...Array.from({ length: jobs }, (_, i) =>
      job(`j${i}`, locked ? { lock: { name: `lock-${i}`, wait: "10m" } } : {}),
    ),
  );
}

function compileFigures() {
  const jobs = 80;
  const rows = [];
  const medians = [];
  const bytesOf = (w) => Buffer.byteLength(JSON.stringify(compile(w).stateMachine));
  for (const [label, build] of [
    [`${jobs} jobs`, () => workflow("plain", base, chain(jobs, false))],
    [`${jobs} jobs, each locked, + notify`, () => workflow("locked", { ...base, notify }, chain(jobs, true))],
  ]) {
    const times = sample(() => compile(build()), { minRuns: 20 });
    medians.push(median(times));
    rows.push([label, `${fmt(median(times), 2)} ms`, `${fmt(bytesOf(build()) / 1024, 1)} KiB`]);
  }
  // What one more locked job and notifications add, and how many locked jobs fit in 1 MiB.
  const perLock =
    bytesOf(workflow("w", base, chain(2, true))) -
    bytesOf(workflow("w", base, chain(1, true))) -
    (bytesOf(workflow("w", base, chain(2, false))) - bytesOf(workflow("w", base, chain(1, false))));
  const notifyBytes =
    bytesOf(workflow("w", { ...base, notify }, chain(1, false))) -
    bytesOf(workflow("w", base, chain(1, false)));
  const perJob =
    bytesOf(workflow("w", base, chain(2, false))) - bytesOf(workflow("w", base, chain(1, false)));
  // Written once per workflow, as state machines of their own: what they hold is not in the definition.
  const once = compile(workflow("w", { ...base, notify }, chain(1, true)));
  const lockMachineBytes = Buffer.byteLength(JSON.stringify(once.lockMachine));
  const notifyMachineBytes = Buffer.byteLength(JSON.stringify(once.notifyMachine.definition));
  rows.push(["one job lock adds", "", `${fmt(perLock / 1024, 1)} KiB`]);
  rows.push(["notifications add", "", `${fmt(notifyBytes / 1024, 1)} KiB`]);
  rows.push(["the lock machine (once per workflow)", "", `${fmt(lockMachineBytes / 1024, 1)} KiB`]);
  rows.push(["the notify machine (once per workflow)", "", `${fmt(notifyMachineBytes / 1024, 1)} KiB`]);
  rows.push([
    "locked jobs that fit in 1 MiB",
    "",
    fmt(Math.floor((1_048_576 - notifyBytes) / (perLock + perJob)), 0),
  ]);
  printTable(
    "compile() with locks and notifications (median)",
    ["workflow", "compile()", "ASL minified"],
    rows,
  );
  return {
    lockedCompileMs: medians[1],
    lockedJobs: jobs,
    perLockBytes: perLock,
    notifyBytes,
    lockMachineBytes,
    notifyMachineBytes,
    lockedJobsThatFit: Math.floor((1_048_576 - notifyBytes) / (perLock + perJob)),
  };
}

/** All the states of a definition, Parallel branches included. */
function countStates(machine) {
  return Object.values(machine.States).reduce(
    (n, state) => n + 1 + (state.Branches ?? []).reduce((m, branch) => m + countStates(branch), 0),
    0,
  );
}

function seedFigures() {
  mkdirSync(join(root, "bench/.tmp"), { recursive: true });
  const out = mkdtempSync(join(root, "bench/.tmp/seed-"));
  try {
    const compiled = spawnSync(process.execPath, [bin, "compile", "--out", out], {
      cwd: join(root, "examples/seed-migration"),
      encoding: "utf8",
    });
    if (compiled.status !== 0) throw new Error(`compile of the seed example failed:\n${compiled.stderr}`);
    const text = readFileSync(join(out, "ads-hourly/state-machine.asl.json"), "utf8");
    const machine = JSON.parse(text);
    printTable(
      "the seed example's ads-hourly definition (3 locked jobs, Slack notifications)",
      ["figure", "value"],
      [
        ["state-machine.asl.json", `${fmt(Buffer.byteLength(text) / 1000, 1)} KB`],
        ["minified", `${fmt(Buffer.byteLength(JSON.stringify(machine)) / 1000, 1)} KB`],
        ["states", fmt(countStates(machine), 0)],
      ],
    );
    return {
      bytes: Buffer.byteLength(text),
      minifiedBytes: Buffer.byteLength(JSON.stringify(machine)),
      states: countStates(machine),
    };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

function project(name, options) {
  const benchTmp = join(root, "bench/.tmp");
  mkdirSync(benchTmp, { recursive: true });
  const dir = mkdtempSync(join(benchTmp, `locks-${name}-`));
  mkdirSync(join(dir, "workflows"));
  writeFileSync(
    join(dir, "workflows/w.ts"),
    `import { fargate, job, workflow } from "@batchflow/batchflow";
const task = fargate({ image: "busybox" });
export const w = workflow("${name}", { cluster: "c", network: { subnets: ["subnet-a"] }, defaults: { task, command: ["true"] }, ${options} }, job("one"));
`,
  );
  asUserProject(dir, root);
  return dir;
}

function runMs(cwd, name) {
  const start = performance.now();
  const run = spawnSync(process.execPath, [bin, "run", name], {
    cwd,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1" },
  });
  if (run.status !== 0) throw new Error(`batchflow run ${name} failed:\n${run.stdout}\n${run.stderr}`);
  return performance.now() - start;
}

function runFigures() {
  const plain = project("plain", "");
  const locked = project("locked", 'lock: { name: "bench.lock" }');
  try {
    // Runs in pairs, which of the two goes first alternating: these machines' speed drifts by tens
    // of milliseconds over a few seconds, more than the lock costs, so the overhead is the median of
    // the differences within a pair rather than the difference of two medians. With 15 pairs that
    // median still moved by 5 to 10 ms from one bench to the next; 40 pairs take about 30 s.
    const pairs = 40;
    const times = { plain: [], locked: [] };
    for (let i = 0; i < pairs; i++) {
      if (i % 2 === 0) times.plain.push(runMs(plain, "plain"));
      times.locked.push(runMs(locked, "locked"));
      if (i % 2 === 1) times.plain.push(runMs(plain, "plain"));
    }
    const p = median(times.plain);
    const l = median(times.locked);
    const overhead = median(times.locked.map((t, i) => t - times.plain[i]));
    printTable(
      `batchflow run of one job, with and without a workflow lock (median of ${pairs} pairs)`,
      ["run", "wall"],
      [
        ["no lock", `${fmt(p, 0)} ms`],
        ["workflow lock (file store)", `${fmt(l, 0)} ms`],
        ["lock overhead per run (median difference within a pair)", `${fmt(overhead, 0)} ms`],
      ],
    );
    return { plainMs: p, lockedMs: l, overheadMs: overhead };
  } finally {
    rmSync(plain, { recursive: true, force: true });
    rmSync(locked, { recursive: true, force: true });
  }
}

async function simulateFigures() {
  const runs = 50;
  const w = workflow("queued", { ...base, lock: { name: "shared", wait: "2h" } }, job("work"));
  const times = [];
  let makespan = 0;
  for (let i = 0; i < 5; i++) {
    const start = performance.now();
    const results = await simulateConcurrent(
      Array.from({ length: runs }, () => ({ workflow: w, scenario: { jobs: { work: { duration: "1m" } } } })),
    );
    times.push(performance.now() - start);
    makespan = Math.max(...results.map((r) => r.startedAt + r.duration));
  }
  printTable(
    `simulateConcurrent(): ${runs} executions queueing on one lock, 1-minute job each (median of 5)`,
    ["figure", "value"],
    [
      ["wall time", `${fmt(median(times), 0)} ms`],
      ["virtual makespan", `${fmt(makespan / 60_000, 1)} min (${runs} min of work)`],
    ],
  );
  return { runs, wallMs: median(times) };
}

/** Prints the tables and returns their figures (bench/readme-table.mjs reads them). */
export async function runLocksBench() {
  const seed = seedFigures();
  const sizes = compileFigures();
  const run = runFigures();
  const queued = await simulateFigures();
  return { seed, ...sizes, run, queued };
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) await runLocksBench();
