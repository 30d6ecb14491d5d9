// What Node.js's compile cache (which bin/batchflow.js turns on from Node.js 22.1) saves a command:
// the seed example's `batchflow compile` and `batchflow run` of a one-job workflow, with the cache
// off (NODE_DISABLE_COMPILE_CACHE=1) and on (a fresh NODE_COMPILE_CACHE directory, filled by one
// untimed run), in alternating pairs. Node.js 20 has no such cache: run it on 22 or 24, e.g.
// `npx -y -p node@22 node bench/compile-cache.mjs`. Prints figures only; not part of `pnpm bench`,
// which runs on the machines' Node.js 20.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import module from "node:module";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { asUserProject, fmt, median, printTable } from "./util.mjs";

const root = fileURLToPath(new URL("..", import.meta.url));
const bin = join(root, "packages/batchflow/bin/batchflow.js");
const pairs = 20;

if (typeof module.enableCompileCache !== "function") {
  console.log(`Node.js ${process.version} has no compile cache: run this on Node.js 22.1 or later.`);
  process.exit(0);
}

const benchTmp = join(root, "bench/.tmp");
mkdirSync(benchTmp, { recursive: true });
const project = mkdtempSync(join(benchTmp, "compile-cache-"));
const cache = mkdtempSync(join(benchTmp, "compile-cache-dir-"));
mkdirSync(join(project, "workflows"));
writeFileSync(
  join(project, "workflows/w.ts"),
  `import { fargate, job, workflow } from "@batchflow/batchflow";
const task = fargate({ image: "busybox" });
export const w = workflow("one", { cluster: "c", network: { subnets: ["subnet-a"] }, defaults: { task, command: ["true"] } }, job("one"));
`,
);
asUserProject(project, root);

const out = join(project, "out");
const commands = [
  ["seed `batchflow compile`", join(root, "examples/seed-migration"), ["compile", "--out", out]],
  ["`batchflow run` of one `true` job", project, ["run", "one"]],
];

function timed(cwd, args, cacheOn) {
  const env = { ...process.env, NO_COLOR: "1", NODE_COMPILE_CACHE: cache };
  if (!cacheOn) env.NODE_DISABLE_COMPILE_CACHE = "1";
  const start = performance.now();
  const run = spawnSync(process.execPath, [bin, ...args], { cwd, env, encoding: "utf8" });
  if (run.status !== 0) throw new Error(`batchflow ${args.join(" ")} failed:\n${run.stdout}\n${run.stderr}`);
  return performance.now() - start;
}

try {
  const rows = [];
  for (const [label, cwd, args] of commands) {
    timed(cwd, args, true);
    const off = [];
    const on = [];
    for (let i = 0; i < pairs; i++) {
      if (i % 2 === 0) off.push(timed(cwd, args, false));
      on.push(timed(cwd, args, true));
      if (i % 2 === 1) off.push(timed(cwd, args, false));
    }
    const saved = median(off.map((t, i) => t - (on[i] ?? t)));
    rows.push([label, `${fmt(median(off), 0)} ms`, `${fmt(median(on), 0)} ms`, `${fmt(saved, 0)} ms`]);
  }
  printTable(
    `Node.js ${process.version}: the compile cache off and on (median of ${pairs} alternating pairs)`,
    ["command", "cache off", "cache on", "saved (median within a pair)"],
    rows,
  );
} finally {
  rmSync(project, { recursive: true, force: true });
  rmSync(cache, { recursive: true, force: true });
}
