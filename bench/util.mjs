// Small helpers the benchmark scripts share: sampling, medians, plain-text tables, project links.
import { existsSync, mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * Runs `fn` until both `minRuns` runs and `minMs` of measured time are reached (capped at
 * `maxRuns`), after `warmup` untimed runs so the JIT has settled. Returns every run's ms.
 */
export function sample(fn, { warmup = 5, minRuns = 15, minMs = 1000, maxRuns = 500 } = {}) {
  for (let i = 0; i < warmup; i++) fn();
  const times = [];
  let total = 0;
  while (times.length < maxRuns && (times.length < minRuns || total < minMs)) {
    const start = performance.now();
    fn();
    const ms = performance.now() - start;
    times.push(ms);
    total += ms;
  }
  return times;
}

/** Prints rows (arrays of cells) as an aligned table; numbers-looking cells are right-aligned. */
export function printTable(title, header, rows) {
  const all = [header, ...rows].map((r) => r.map(String));
  const widths = header.map((_, i) => Math.max(...all.map((r) => r[i].length)));
  const line = (r) =>
    r
      .map((c, i) => (/^[-+\d.,% ×x]+$/.test(c) ? c.padStart(widths[i]) : c.padEnd(widths[i])))
      .join("  ")
      .trimEnd();
  console.log(`\n${title}`);
  console.log(line(all[0]));
  console.log(widths.map((w) => "-".repeat(w)).join("  "));
  for (const r of all.slice(1)) console.log(line(r));
}

export const fmt = (n, digits = 1) =>
  n.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });

/**
 * Makes a throwaway folder a user's project: a package.json (so batchflow takes it as the project
 * root, not the workspace above), and `import ... from "@batchflow/batchflow"` resolving as after
 * an install: a symlink to the workspace package, unless an ancestor's node_modules has it.
 */
export function asUserProject(dir, root) {
  writeFileSync(
    join(dir, "package.json"),
    `${JSON.stringify({ name: basename(dir).toLowerCase(), private: true, type: "module" })}\n`,
  );
  const link = "node_modules/@batchflow/batchflow";
  let up = dir;
  while (!existsSync(join(up, link)) && dirname(up) !== up) up = dirname(up);
  if (!existsSync(join(up, link))) {
    mkdirSync(join(dir, "node_modules/@batchflow"), { recursive: true });
    symlinkSync(join(root, "packages/batchflow"), join(dir, link), "dir");
  }
}
