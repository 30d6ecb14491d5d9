// `pnpm bench:readme`: the README's performance section, written from this run's figures between
// its two markers, so that no figure there is typed by hand or left from an older run.
import { readFileSync, writeFileSync } from "node:fs";
import { markdownTable } from "../scripts/markdown-table.mjs";
import { fmt } from "./util.mjs";

export const readmeMarkers = {
  start:
    "<!-- bench:start: written by `pnpm bench:readme` (bench/readme-table.mjs); edits here are overwritten -->",
  end: "<!-- bench:end -->",
};

const ms = (value) => `${fmt(value, 0)} ms`;
const ratio = (a, b) => `${fmt(a / b)}×`;

/** The section's text: where and when, the figures against AWS CDK, then every goal's status. */
export function readmeSection(f) {
  const chain = f.compile.find((r) => r.shape === "chain" && r.jobs === 1_000);
  const fanOut = f.compile.find((r) => r.shape === "fan-out" && r.jobs === 1_000);
  const worstPerJobUs = (Math.max(chain.compileMs, fanOut.compileMs) * 1000) / 1_000;
  const [seed, big] = f.cli;
  const simulateMs = (shape) => f.simulate.find((r) => r.shape === shape).medianMs;
  const redeploy = f.deploy.find(
    (r) => r.workflows === 20 && r.kind === "no-change redeploy" && r.createRoles,
  );
  const { installed, locks, cdk } = f;
  const rows = [
    ["figure", "batchflow", `AWS CDK ${cdk.version} (same 1,000-job ECS workflow)`],
    [
      "`compile()` in-process, 1,000 jobs",
      `${fmt(chain.compileMs, 2)} ms chain, ${fmt(fanOut.compileMs, 2)} ms fan-out (≈${fmt(worstPerJobUs, 1)} µs per job)`,
      `≈${cdk.msPerJob} ms per job: ${fmt((cdk.msPerJob * 1000) / worstPerJobUs, 0)}× slower`,
    ],
    [
      "CLI end to end, 1,000 jobs (warm)",
      `${ms(big.wallMs)}, ${fmt(big.rssMiB, 0)} MiB`,
      `${fmt(cdk.ms / 1000, 1)} s, ${cdk.mib} MiB (${fmt(cdk.msNoValidation / 1000, 1)} s without validation): ${ratio(cdk.ms, big.wallMs)} slower (${ratio(cdk.msNoValidation, big.wallMs)}); ${ratio(cdk.mib, big.rssMiB)} the memory`,
    ],
    [
      "CLI end to end, 1,000 jobs (cold, no transpile cache)",
      `${ms(big.coldMs)}, ${fmt(big.coldRss, 0)} MiB`,
      `${ratio(cdk.ms, big.coldMs)} slower`,
    ],
    [
      "CLI end to end, seed example",
      `${ms(seed.wallMs)} (the CLI's own part: ${ms(seed.reportedMs)}; the rest is Node start-up and loading jiti)`,
      "",
    ],
    [
      "CLI installed from the packed tarball",
      `\`--version\` ${ms(installed.version.installedMs)}, seed \`compile\` ${ms(installed.compile.installedMs)}: ${fmt(installed.version.installedMs / installed.version.workspaceMs, 2)}× and ${fmt(installed.compile.installedMs / installed.compile.workspaceMs, 2)}× of the workspace's CLI; \`npm install\` ${fmt(installed.installMs / 1000, 1)} s`,
      "",
    ],
    [
      "`simulate()`, 1,000 jobs, 10 % failing once",
      `${ms(simulateMs("mix"))} (mixed), ${ms(simulateMs("fan-out"))} (fan-out)`,
      "",
    ],
    [
      "`batchflow run`, 100 parallel `true` jobs",
      `${fmt(f.localRun.perJobMs, 1)} ms per job over spawning them directly from Node (${fmt(f.localRun.marginalPerJobMs, 1)} ms without the fixed cost of a run)`,
      "",
    ],
    [
      "no-change redeploy of 20 workflows against moto",
      `${fmt(redeploy.ms / 1000, 2)} s, ${redeploy.reads} read calls, ${redeploy.writes === 0 ? "no writes" : `${redeploy.writes} writes`}`,
      "",
    ],
    [
      "lock and notification states",
      `≈${fmt(locks.perLockBytes / 1024, 1)} KiB of ASL per locked job (${fmt(locks.lockedJobsThatFit, 0)} fit in 1 MiB), ${locks.notifyBytes < 512 ? "none for notifications" : `${fmt(locks.notifyBytes / 1024, 1)} KiB for notifications`} (the lock machine is ${fmt(locks.lockMachineBytes / 1024, 1)} KiB, the notify machine ${fmt(locks.notifyMachineBytes / 1024, 1)} KiB, once per workflow); a workflow lock adds ${ms(locks.run.overheadMs)} to a local run`,
      "",
    ],
    [
      "`batchflow import crontab`, the corpus of real crontabs (test/fixtures/crontab-corpus)",
      `${f.imported.lines} schedule lines in ${f.imported.files} files: ${f.imported.converted} converted, ${f.imported.reported} reported; ${ms(f.imported.perFileMs)} per file`,
      "",
    ],
    [
      "`batchflow graph --format svg` (CLI: load, compile, lay out with Graphviz in WebAssembly)",
      `seed \`ads-hourly\` ${ms(f.graph.seed.ms)}; a 1,000-job dag (not series-parallel) ${fmt(f.graph.dag.ms / 1000, 2)} s, ${f.graph.dag.nodes.toLocaleString("en-US")} job nodes, ${fmt(f.graph.dag.bytes / 1024 / 1024, 1)} MiB of SVG`,
      "",
    ],
    [
      "the seed example's `ads-hourly` (3 locked jobs, Slack)",
      `${fmt(locks.seed.bytes / 1000, 1)} KB (${fmt(locks.seed.minifiedBytes / 1000, 1)} KB minified), ${locks.seed.states} states`,
      "",
    ],
  ];
  const goals = [["goal", "target", "measured", "status"], ...f.goals];
  return [
    `\`pnpm bench:readme\` on ${f.machine} (Node ${f.node}, medians; load average ${f.load.start} at the start, ${f.load.end} at the end; \`pnpm bench\` prints the full tables):`,
    "",
    markdownTable(rows),
    "",
    "Goals:",
    "",
    markdownTable(goals),
  ].join("\n");
}

/** Replaces the section between the markers of `file` with `section`. */
export function writeReadmeSection(file, section) {
  const text = readFileSync(file, "utf8");
  const start = text.indexOf(readmeMarkers.start);
  const end = text.indexOf(readmeMarkers.end);
  if (start < 0 || end < start)
    throw new Error(`${file} has no ${readmeMarkers.start} ... ${readmeMarkers.end} section`);
  writeFileSync(
    file,
    `${text.slice(0, start + readmeMarkers.start.length)}\n\n${section}\n\n${text.slice(end)}`,
  );
}
