// What dag() lowering costs: 200 random dependency graphs (fixed seed, 10-200 jobs, durations of 1-60
// virtual minutes), each compiled and run by simulate(); the makespan of the compiled ASL divided by the
// graph's critical path (the best any scheduler could do). Series-parallel graphs must come out at exactly
// 1.00; the rest lose what ASL's sequences and Parallels cannot express. See docs/design/dag-lowering.md.
import { pathToFileURL } from "node:url";
import { dag, fargate, job, tryCompile, workflow } from "../packages/batchflow/dist/index.js";
import { simulate } from "../packages/batchflow/dist/testing.js";
import { fmt, median, printTable, sample } from "./util.mjs";

const seed = 20_260_501;
const graphCount = 200;
const minute = 60_000;

const options = {
  cluster: "batch",
  network: { subnets: ["subnet-a"] },
  // Longer than any job's duration, so that no job times out.
  defaults: { task: fargate({ image: "img" }), command: (name) => ["make", "run", name], timeout: "2h" },
};

/** mulberry32: a small seeded generator, uniform in [0, 1). */
function generator(state) {
  let a = state >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
const between = (random, lo, hi) => lo + Math.floor(random() * (hi - lo + 1));

/**
 * The graph families, each as `after[v]` lists over nodes numbered in a topological order:
 * - series-parallel: a random series/parallel composition tree (2-4 parts per level), plus a few
 *   redundant transitive edges, which change nothing;
 * - near series-parallel: the same with 1-3 extra dependencies across it, as real workflows have;
 * - layered: daggen-like layers of random width, each job after 1-3 jobs of the layer before (20 %
 *   of them further back);
 * - windowed: each job after 0-3 random jobs among the 20 defined before it.
 */
const families = {
  "series-parallel": (random, n) => addTransitive(random, seriesParallel(random, n)),
  "near series-parallel": (random, n) => {
    const after = seriesParallel(random, n);
    for (let i = between(random, 1, 3); i > 0; i--) {
      const v = between(random, 1, n - 1);
      after[v].push(between(random, 0, v - 1));
    }
    return after.map(unique);
  },
  layered: (random, n) => {
    const layers = [];
    for (let made = 0; made < n; ) {
      const width = Math.min(n - made, between(random, 1, Math.max(2, Math.round(1.5 * Math.sqrt(n)))));
      layers.push(Array.from({ length: width }, (_, i) => made + i));
      made += width;
    }
    const after = Array.from({ length: n }, () => []);
    for (let l = 1; l < layers.length; l++) {
      for (const v of layers[l]) {
        for (let i = between(random, 1, 3); i > 0; i--) {
          const from = random() < 0.8 ? layers[l - 1] : layers[between(random, 0, l - 1)];
          after[v].push(from[between(random, 0, from.length - 1)]);
        }
      }
    }
    return after.map(unique);
  },
  windowed: (random, n) =>
    Array.from({ length: n }, (_, v) =>
      v === 0
        ? []
        : unique(
            Array.from({ length: between(random, 0, 3) }, () => between(random, Math.max(0, v - 20), v - 1)),
          ),
    ),
};

function unique(list) {
  return [...new Set(list)];
}

function seriesParallel(random, n) {
  const after = Array.from({ length: n }, () => []);
  let next = 0;
  const build = (count, asParallel) => {
    if (count === 1) {
      const v = next++;
      return { sources: [v], sinks: [v] };
    }
    const sizes = Array(Math.min(count, between(random, 2, 4))).fill(1);
    for (let i = sizes.length; i < count; i++) sizes[between(random, 0, sizes.length - 1)]++;
    const parts = sizes.map((size) => build(size, !asParallel));
    if (asParallel) return { sources: parts.flatMap((p) => p.sources), sinks: parts.flatMap((p) => p.sinks) };
    for (let i = 1; i < parts.length; i++) {
      for (const v of parts[i].sources) after[v].push(...parts[i - 1].sinks);
    }
    return { sources: parts[0].sources, sinks: parts.at(-1).sinks };
  };
  build(n, random() < 0.5);
  return after;
}

/** A few edges to an ancestor's ancestor: implied already, so the graph stays the same order. */
function addTransitive(random, after) {
  for (let v = 0; v < after.length; v++) {
    const p = after[v][0];
    const pp = p === undefined ? undefined : after[p][0];
    if (pp !== undefined && random() < 0.1) after[v].push(pp);
  }
  return after.map(unique);
}

/** The longest path, node durations summed. `after` is in topological numbering. */
function criticalPath(after, durations) {
  const finish = [];
  after.forEach((preds, v) => {
    finish[v] = Math.max(0, ...preds.map((p) => finish[p])) + durations[v];
  });
  return Math.max(...finish);
}

/**
 * Whether the graph's order is series-parallel, checked independently of the compiler: every part
 * splits into unrelated pieces or into stages each after all of the one before, down to single jobs.
 */
function isSeriesParallel(after) {
  const n = after.length;
  const below = after.map(() => new Set());
  after.forEach((preds, v) => {
    for (const p of preds) {
      below[v].add(p);
      for (const q of below[p]) below[v].add(q);
    }
  });
  const related = (a, b) => below[a].has(b) || below[b].has(a);
  const check = (part) => {
    if (part.length === 1) return true;
    const pieces = components(part, related);
    if (pieces.length > 1) return pieces.every(check);
    const stages = components(part, (a, b) => !related(a, b));
    if (stages.length > 1) return stages.every(check);
    return false;
  };
  return check(Array.from({ length: n }, (_, v) => v));
}

function components(part, linked) {
  const left = new Set(part);
  const out = [];
  while (left.size > 0) {
    const [first] = left;
    left.delete(first);
    const piece = [first];
    for (let i = 0; i < piece.length; i++) {
      for (const w of [...left]) {
        if (linked(piece[i], w)) {
          left.delete(w);
          piece.push(w);
        }
      }
    }
    out.push(piece);
  }
  return out;
}

/** The workflow for a graph: jobs built in topological order (after: needs the flows), passed to dag() shuffled. */
function workflowOf(random, index, after) {
  const flows = [];
  after.forEach((preds, v) => {
    flows[v] = job(`j${v}`, preds.length > 0 ? { after: preds.map((p) => flows[p]) } : {});
  });
  const shuffled = [...flows];
  for (let i = shuffled.length - 1; i > 0; i--) {
    const j = between(random, 0, i);
    [shuffled[i], shuffled[j]] = [shuffled[j], shuffled[i]];
  }
  return workflow(`dag-bench-${index}`, options, dag(...shuffled));
}

/**
 * compile() time of one 1,000-job dag per family (fixed seed of its own, so the ratios above do not
 * depend on it): the median of at least 5 runs and 1 s after 2 warm-ups.
 */
export function dagCompileTimes({ jobs = 1000 } = {}) {
  const random = generator(seed + 1);
  const rows = Object.entries(families).map(([family, make], i) => {
    const wf = workflowOf(random, `compile-${i}`, make(random, jobs));
    const ms = median(sample(() => tryCompile(wf), { warmup: 2, minRuns: 5, minMs: 1000, maxRuns: 50 }));
    return { family, jobs, ms };
  });
  printTable(
    `dag() compile time, one ${jobs.toLocaleString("en-US")}-job graph per family (tryCompile, median)`,
    ["graphs", "jobs", "compile ms"],
    rows.map((r) => [r.family, r.jobs.toLocaleString("en-US"), fmt(r.ms, 1)]),
  );
  return rows;
}

export async function runDagBench({ count = graphCount, compileTimes = true } = {}) {
  const random = generator(seed);
  const names = Object.keys(families);
  const results = [];
  const started = performance.now();
  for (let i = 0; i < count; i++) {
    const family = names[i % names.length];
    const n = between(random, 10, 200);
    const after = families[family](random, n);
    const durations = after.map(() => between(random, 1, 60) * minute);
    const wf = workflowOf(random, i, after);
    const jobs = Object.fromEntries(durations.map((d, v) => [`j${v}`, { duration: d }]));
    const run = await simulate(wf, { jobs });
    if (run.status !== "SUCCEEDED") throw new Error(`dag-bench-${i}: ${run.status} ${run.error ?? ""}`);
    const early = after.flatMap((preds, v) =>
      preds.filter((p) => run.timing(`j${v}`).start < run.timing(`j${p}`).end).map((p) => `j${p} → j${v}`),
    );
    if (early.length > 0) throw new Error(`dag-bench-${i}: started before a dependency ended: ${early}`);
    const ratio = run.duration / criticalPath(after, durations);
    results.push({ family, jobs: n, seriesParallel: isSeriesParallel(after), ratio });
  }
  const elapsedMs = performance.now() - started;

  const summary = (label, list) => {
    const ratios = list.map((r) => r.ratio);
    const mean = ratios.reduce((a, b) => a + b, 0) / Math.max(ratios.length, 1);
    return { label, graphs: list.length, mean, worst: Math.max(...ratios) };
  };
  const rows = [
    ...names.map((f) =>
      summary(
        f,
        results.filter((r) => r.family === f),
      ),
    ),
    summary(
      "all series-parallel graphs",
      results.filter((r) => r.seriesParallel),
    ),
    summary(
      "all other graphs",
      results.filter((r) => !r.seriesParallel),
    ),
    summary("all", results),
  ];
  printTable(
    `dag() lowering: simulated makespan / critical path, ${count} random graphs (seed ${seed}, 10-200 jobs, 1-60 min each)`,
    ["graphs", "count", "mean", "worst"],
    rows.map((r) => [r.label, String(r.graphs), fmt(r.mean, 3), fmt(r.worst, 3)]),
  );
  console.log(`(${fmt(elapsedMs / 1000)} s, compile and simulate included)`);
  const of = (label) => rows.find((r) => r.label === label);
  const compile = compileTimes ? dagCompileTimes() : undefined;
  return { overall: of("all"), seriesParallel: of("all series-parallel graphs"), rows, results, compile };
}

const runDirectly = process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (runDirectly) await runDagBench();
