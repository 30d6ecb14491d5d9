// In-process cost of compile(): the generated workflows at 10 .. 5,000 jobs, both shapes.
import { spawnSync } from "node:child_process";
import { fileURLToPath, pathToFileURL } from "node:url";
import { tryCompile } from "../packages/batchflow/dist/index.js";
import { fmt, median, printTable, sample } from "./util.mjs";
import { buildWorkflow, shapes } from "./workflow-generator.mjs";

export const sizes = [10, 100, 1_000, 5_000];

/*
 * Each figure is the median of 3 processes, each the median of its own runs: one process's figure
 * moves by up to 30 % with what V8 decides in it (whether it tenures the compiler's objects, say)
 * and with a burst of other work on the machine, which a median of processes outvotes. Each
 * process measures every size in turn, smallest first, as one long-running process would have
 * warmed up: a process that measures the 1,000-job chain alone starts with a small young
 * generation and times its growth too (8.7-11.8 ms against 5.9 on the same CPU).
 */
const processes = 3;

/*
 * tryCompile(), not compile(): at 5,000 jobs the ASL is over Step Functions' 1 MiB limit and
 * compile() throws CompileError BF1309 after doing all the work; tryCompile() does the same work
 * and returns the diagnostics, so every size is timed the same way.
 */
export function runCompile() {
  const runs = Array.from({ length: processes }, () => measuredIn(process.execPath));
  const results = runs[0].map((first, i) => ({
    ...first,
    compileMs: median(runs.map((r) => r[i].compileMs)),
    totalMs: median(runs.map((r) => r[i].totalMs)),
  }));
  printTable(
    `compile() in-process (tryCompile; median of ${processes} processes, each the median of >=15 runs and >=1 s after 5 warm-ups)`,
    ["shape", "jobs", "compile ms", "µs/job", "build+compile ms", "µs/job", "ASL bytes (min.)", "deployable"],
    results.map((r) => [
      r.shape,
      r.jobs.toLocaleString("en-US"),
      fmt(r.compileMs, 2),
      fmt((r.compileMs * 1000) / r.jobs),
      fmt(r.totalMs, 2),
      fmt((r.totalMs * 1000) / r.jobs),
      r.aslBytes.toLocaleString("en-US"),
      r.deployable,
    ]),
  );
  return results;
}

/**
 * One process's figures for every shape and size (`node bench/compile.mjs --measure`), or for the
 * chain up to 1,000 jobs (`--measure --chain`).
 */
function measureAll(chainOnly) {
  const results = [];
  for (const shape of chainOnly ? ["chain"] : shapes) {
    for (const jobs of chainOnly ? sizes.filter((n) => n <= 1_000) : sizes) {
      // The workflow is built once, outside the timed region; compile does not mutate it.
      const wf = buildWorkflow(shape, jobs);
      const compileMs = median(sample(() => tryCompile(wf), { maxRuns: 2000 }));
      const totalMs = median(sample(() => tryCompile(buildWorkflow(shape, jobs)), { maxRuns: 2000 }));
      results.push({ shape, jobs, compileMs, totalMs, ...describe(tryCompile(wf)) });
    }
  }
  return results;
}

function measuredIn(node, chainOnly = false) {
  const args = [fileURLToPath(import.meta.url), "--measure", ...(chainOnly ? ["--chain"] : [])];
  const run = spawnSync(node, args, { encoding: "utf8" });
  if (run.status !== 0) throw new Error(`compile bench failed:\n${run.stderr}`);
  return JSON.parse(run.stdout);
}

/** Minified ASL size and whether Step Functions would take it (errors stop the compile). */
function describe(result) {
  const codes = [...new Set(result.diagnostics.map((d) => `${d.code} ${d.severity}`))];
  const note = codes.length ? ` (${codes.join(", ")})` : "";
  if (result.compiled) {
    return {
      aslBytes: Buffer.byteLength(JSON.stringify(result.compiled.stateMachine)),
      deployable: `yes${note}`,
    };
  }
  // No state machine is returned on error; BF1309's message carries the minified size.
  const tooBig = result.diagnostics.find((d) => d.code === "BF1309");
  return {
    aslBytes: Number(tooBig?.message.match(/(\d+) bytes/)?.[1] ?? Number.NaN),
    deployable: `no${note}`,
  };
}

/**
 * The 1,000-job chain on other Node.js versions than the one running the benchmarks, each fetched
 * with `npx -y -p node@<major>` (from npm's cache after the first time). A version npx cannot
 * fetch is left out.
 */
export function chainOnNodes(majors) {
  const results = [];
  for (const major of majors) {
    const node = spawnSync("npx", ["-y", "-p", `node@${major}`, "node", "-p", "process.execPath"], {
      encoding: "utf8",
      env: { ...process.env, npm_config_update_notifier: "false" },
    });
    if (node.status !== 0) continue;
    const execPath = node.stdout.trim();
    const version = spawnSync(execPath, ["--version"], { encoding: "utf8" }).stdout.trim().slice(1);
    const chains = Array.from({ length: processes }, () =>
      measuredIn(execPath, true).find((r) => r.jobs === 1_000),
    );
    results.push({ node: version, chainMs: median(chains.map((r) => r.compileMs)) });
  }
  return results;
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  if (process.argv.includes("--measure")) {
    console.log(JSON.stringify(measureAll(process.argv.includes("--chain"))));
  } else runCompile();
}
