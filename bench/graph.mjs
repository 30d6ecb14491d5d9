// `batchflow graph --format svg` through the CLI, as users run it: the seed example's `ads-hourly`
// and a 1,000-job dag (bench/workflow-generator.mjs), laid out by Graphviz in WebAssembly.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { asUserProject, fmt, median, printTable } from "./util.mjs";
import { dagWorkflowSource } from "./workflow-generator.mjs";

const root = fileURLToPath(new URL("..", import.meta.url));
const bin = join(root, "packages/batchflow/bin/batchflow.js");
const benchTmp = join(root, "bench/.tmp");

/** Wall ms of each of `runs` CLI runs (after one warm-up), and the size of what the last one wrote. */
function timeGraph(cwd, args, runs) {
  const out = join(mkdtempSync(join(tmpdir(), "batchflow-graph-bench-")), "graph.svg");
  const walls = [];
  for (let i = 0; i <= runs; i++) {
    const start = performance.now();
    const child = spawnSync(process.execPath, [bin, "graph", ...args, "--format", "svg", "--out", out], {
      cwd,
      encoding: "utf8",
      env: { ...process.env, NO_COLOR: "1" },
    });
    if (child.status !== 0) throw new Error(`batchflow graph failed in ${cwd}:\n${child.stderr}`);
    if (i > 0) walls.push(performance.now() - start);
  }
  const svg = readFileSync(out, "utf8");
  rmSync(join(out, ".."), { recursive: true, force: true });
  return {
    ms: median(walls),
    runs: walls.length,
    bytes: svg.length,
    nodes: (svg.match(/class="node job/g) ?? []).length,
  };
}

export function runGraphBench({ runs = 5 } = {}) {
  const seed = timeGraph(join(root, "examples/seed-migration"), ["ads-hourly"], runs);
  mkdirSync(benchTmp, { recursive: true });
  const dir = mkdtempSync(join(benchTmp, "dag-1000-"));
  let dag;
  try {
    mkdirSync(join(dir, "workflows"));
    writeFileSync(join(dir, "workflows/big.ts"), dagWorkflowSource(1000));
    asUserProject(dir, root);
    dag = timeGraph(dir, [], runs);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  printTable(
    `batchflow graph --format svg through the CLI (median of ${runs} runs after a warm-up; load, compile and lay out)`,
    ["workflow", "jobs drawn", "SVG KiB", "wall ms"],
    [
      ["seed example: ads-hourly", seed.nodes, fmt(seed.bytes / 1024, 1), fmt(seed.ms, 0)],
      ["1,000-job dag (not series-parallel)", dag.nodes, fmt(dag.bytes / 1024, 1), fmt(dag.ms, 0)],
    ],
  );
  return { seed, dag };
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) runGraphBench();
