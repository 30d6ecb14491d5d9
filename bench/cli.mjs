// End-to-end `batchflow compile`: node start-up, loading TypeScript through jiti, compiling and
// writing files, measured from outside as a user would see it.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { asUserProject, fmt, median, printTable } from "./util.mjs";
import { workflowSource } from "./workflow-generator.mjs";

const root = fileURLToPath(new URL("..", import.meta.url));
const bin = join(root, "packages/batchflow/bin/batchflow.js");
const benchTmp = join(root, "bench/.tmp");
const runs = 10;

/*
 * Peak memory: GNU time's %M is the child's max RSS in KiB (from wait4's rusage). Without it,
 * a preloaded exit hook prints the CLI process's own process.resourceUsage().maxRSS (also KiB).
 */
const gnuTime = "/usr/bin/time";
const hasGnuTime = spawnSync(gnuTime, ["-f", "%M", "true"]).status === 0;
const exitHook = `data:text/javascript,process.on("exit",()=>process.stderr.write("\\n"+process.resourceUsage().maxRSS+"\\n"))`;
export const memoryMethod = hasGnuTime
  ? `${gnuTime} -f %M (child's max RSS)`
  : "--import exit hook printing process.resourceUsage().maxRSS";

/** One CLI run: wall ms (spawn to exit, from this process), peak RSS in MiB, the CLI's own ms. */
function runCli(cwd, args, env = {}) {
  const node = [process.execPath, ...(hasGnuTime ? [] : ["--import", exitHook]), bin, "compile", ...args];
  const [cmd, ...argv] = hasGnuTime ? [gnuTime, "-f", "%M", ...node] : node;
  const start = performance.now();
  const child = spawnSync(cmd, argv, {
    cwd,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1", ...env },
    maxBuffer: 64 << 20,
  });
  const wallMs = performance.now() - start;
  if (child.status !== 0) throw new Error(`batchflow compile failed in ${cwd}:\n${child.stderr}`);
  const rssKiB = Number(child.stderr.trim().split("\n").at(-1));
  const reported = Number(child.stdout.match(/compiled to .* in (\d+) ms/)?.[1]);
  return { wallMs, rssMiB: rssKiB / 1024, reportedMs: reported };
}

/*
 * Per project: one cold run first (JITI_REBUILD_FS_CACHE makes jiti ignore and rewrite any
 * transpile cache an earlier run left, so "cold" means the same every time), then one warm-up.
 * The warm runs of all projects are interleaved, round by round, so background load on a shared
 * machine hits each project alike and their difference (the cost of the extra jobs) stays fair.
 */
function measureAll(cases) {
  const state = cases.map((c) => ({ ...c, cold: runCli(c.cwd, c.args, { JITI_REBUILD_FS_CACHE: "true" }) }));
  for (const c of state) runCli(c.cwd, c.args);
  const warm = state.map(() => []);
  for (let i = 0; i < runs; i++) {
    for (const [j, c] of state.entries()) warm[j].push(runCli(c.cwd, c.args));
  }
  return state.map((c, j) => ({
    label: c.label,
    coldMs: c.cold.wallMs,
    coldRss: c.cold.rssMiB,
    wallMs: median(warm[j].map((r) => r.wallMs)),
    minMs: Math.min(...warm[j].map((r) => r.wallMs)),
    rssMiB: median(warm[j].map((r) => r.rssMiB)),
    maxRssMiB: Math.max(...warm[j].map((r) => r.rssMiB)),
    reportedMs: median(warm[j].map((r) => r.reportedMs)),
  }));
}

/**
 * A throwaway user project inside the repo, so `import ... from "@batchflow/batchflow"` can resolve
 * through a node_modules; when no ancestor's node_modules has batchflow, it gets a symlink.
 */
function makeProject(shape, jobs) {
  mkdirSync(benchTmp, { recursive: true });
  const dir = mkdtempSync(join(benchTmp, `${shape}-${jobs}-`));
  mkdirSync(join(dir, "workflows"));
  writeFileSync(join(dir, "workflows/big.ts"), workflowSource(shape, jobs));
  writeFileSync(
    join(dir, "batchflow.config.ts"),
    `import { defineConfig } from "@batchflow/batchflow";\n\nexport default defineConfig({ workflows: ["workflows/**/*.ts"] });\n`,
  );
  asUserProject(dir, root);
  return dir;
}

export function runCliBench() {
  // (a) The seed example, written to a temp --out so the example's dist/ stays untouched.
  const out = mkdtempSync(join(tmpdir(), "batchflow-bench-"));
  let results;
  try {
    // (b) A generated 1,000-job chain, as a user's workflows/big.ts.
    const project = makeProject("chain", 1_000);
    results = measureAll([
      {
        label: "seed-migration (2 workflows, 4 jobs)",
        cwd: join(root, "examples/seed-migration"),
        args: ["--out", out],
      },
      { label: "generated chain, 1,000 jobs", cwd: project, args: [] },
    ]);
  } finally {
    rmSync(out, { recursive: true, force: true });
    rmSync(benchTmp, { recursive: true, force: true });
  }

  printTable(
    `batchflow compile, end to end (wall: median of ${runs} warm runs after 1 warm-up; memory: ${memoryMethod})`,
    ["project", "cold ms", "cold MiB", "median ms", "min ms", "CLI-reported ms", "median MiB", "max MiB"],
    results.map((r) => [
      r.label,
      fmt(r.coldMs, 0),
      fmt(r.coldRss),
      fmt(r.wallMs, 0),
      fmt(r.minMs, 0),
      fmt(r.reportedMs, 0),
      fmt(r.rssMiB),
      fmt(r.maxRssMiB),
    ]),
  );
  console.log(
    "(CLI-reported ms is the CLI's own 'compiled ... in N ms': config + workflow load + compile + write,",
  );
  console.log(" without node start-up and loading the CLI's own modules: batchflow, jiti, tinyglobby.)");
  return results;
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) runCliBench();
