// `batchflow graph` end to end, with the built CLI: the seed example in every format, a 400-job
// dag laid out as SVG (every job a node, every `after:` dependency an edge), the state level, and
// its usage and output errors.
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dagAfter } from "../bench/dag-shape.mjs";
import { CliProject, repoRoot, requireBuild, runCli, workflowFile } from "./support/cli-project.js";
import { drawnJobs, parseGraphSvg } from "./support/graph-svg.js";

const seed = join(repoRoot, "examples/seed-migration");

/** The benchmarks' dag of `n` jobs (bench/dag-shape.mjs), and its dependencies. */
function dagSource(n: number): { source: string; dependencies: Array<[string, string]> } {
  const dependencies: Array<[string, string]> = [];
  const lines = dagAfter(n).map((after, i) => {
    for (const a of after) dependencies.push([`j${a}`, `j${i}`]);
    return `const j${i} = job("j${i}"${after.length === 0 ? "" : `, { after: [${after.map((a) => `j${a}`).join(", ")}] }`});`;
  });
  const all = Array.from({ length: n }, (_, i) => `j${i}`).join(", ");
  return {
    source: `import { dag } from "@batchflow/batchflow";\n${workflowFile(`${lines.join("\n")}\nexport const big = workflow("big", options, dag(${all}));`)}`,
    dependencies,
  };
}

describe("batchflow graph on the seed example", () => {
  it("prints one Mermaid flowchart per workflow: every job, its order, lock and the notifications", () => {
    const r = runCli(["graph"], seed);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    const charts = r.stdout.split(/(?=^flowchart TD$)/m);
    expect(charts).toHaveLength(2);
    const [hourly, report] = charts as [string, string];
    expect(hourly).toContain('bf_start(["<b>ads-hourly</b><br/>cron(35 * * * ? *)"])');
    expect(hourly).toContain("lock hoge.lock (wait 10m, then fail)");
    for (const edge of [
      "bf_job_hoge --> bf_job_fuga",
      "bf_job_hoge --> bf_job_foo",
      "bf_start --> bf_job_hoge",
    ]) {
      expect(hourly).toContain(edge);
    }
    expect(hourly).toContain('bf_failed -.->|"failure, timeout"| bf_notify');
    expect(report).toContain('subgraph bf_cluster_lock["lock fuga.lock (skip when busy)"]');
  });

  it("is what docs/migrating-from-cron.md shows", () => {
    const doc = readFileSync(join(repoRoot, "docs/migrating-from-cron.md"), "utf8");
    const shown = /```mermaid\n([\s\S]*?)```/.exec(doc)?.[1];
    expect(shown).toBe(runCli(["graph", "ads-hourly"], seed).stdout);
  });

  it("lays one workflow out as SVG: every job a node, every dependency an edge", () => {
    const p = new CliProject();
    try {
      const out = join(p.dir, "hourly.svg");
      const r = runCli(["graph", "ads-hourly", "--format", "svg", "--out", out], seed);
      expect(r.status).toBe(0);
      expect(r.stderr).toBe(`wrote svg of workflow ads-hourly to ${out}\n`);
      const svg = parseGraphSvg(p.read("hourly.svg"));
      expect(drawnJobs(svg)).toEqual(["foo", "fuga", "hoge"]);
      expect([...svg.edges.keys()].sort()).toEqual([
        "end->notify",
        "failed->notify",
        "job-foo->end",
        "job-fuga->end",
        "job-hoge->job-foo",
        "job-hoge->job-fuga",
        "start->job-hoge",
      ]);
    } finally {
      p.dispose();
    }
  });

  it("draws the state graph with every state and batchflow's own states marked", () => {
    const r = runCli(["graph", "ads-report", "--level", "states", "--format", "dot"], seed);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(
      /id="[^"]+", class="machinery", label=<<B>lock-fuga-lock-acquire<\/B><BR\/>Task · lock-acquire>/,
    );
    expect(r.stdout).toMatch(/class="job", label=<<B>report<\/B><BR\/>Task>/);
  });

  it("refuses an SVG of several workflows, a workflow the project lacks and an unknown format", () => {
    const several = runCli(["graph", "--format", "svg"], seed);
    expect([several.status, several.stderr]).toEqual([
      2,
      "error BF1438: an SVG draws one workflow; this project has 2: ads-hourly, ads-report\n  hint: name one (batchflow graph <workflow> --format svg), or draw them all with --format html\n",
    ]);
    const typo = runCli(["graph", "ads-hourli"], seed);
    expect(typo.status).toBe(2);
    expect(typo.stderr).toContain('error BF1437: no workflow named "ads-hourli" in this project');
    expect(typo.stderr).toContain("did you mean ads-hourly?");
    const format = runCli(["graph", "--format", "png"], seed);
    expect(format.status).toBe(2);
    expect(format.stderr).toContain('error BF1424: --format is one of mermaid, dot, svg, html, not "png"');
    const level = runCli(["graph", "--level", "state"], seed);
    expect(level.status).toBe(2);
    expect(level.stderr).toBe(
      'error BF1424: --level is "jobs" or "states", not "state"\n  hint: did you mean --level states?\n',
    );
  });
});

describe("batchflow graph --out", () => {
  let p: CliProject;
  beforeAll(() => {
    requireBuild();
    p = new CliProject().write(
      "workflows/w.ts",
      workflowFile('export const w = workflow("w", options, job("a").then(job("b")));'),
    );
  });
  afterAll(() => p?.dispose());

  it("writes all or nothing: a directory it cannot write to leaves the old file and no temporary file", () => {
    mkdirSync(join(p.dir, "locked"));
    writeFileSync(join(p.dir, "locked/graph.mmd"), "old\n");
    chmodSync(join(p.dir, "locked"), 0o555);
    try {
      const r = p.run("graph", "--out", "locked/graph.mmd");
      if (process.getuid?.() === 0) {
        // root writes anyway: the write still goes through a temporary file renamed into place.
        expect(r.status).toBe(0);
        expect(p.read("locked/graph.mmd")).toContain("flowchart TD");
      } else {
        expect(r.status).toBe(1);
        expect(r.stderr).toContain("error BF1439: cannot write the graph to");
        expect(p.read("locked/graph.mmd")).toBe("old\n");
      }
      expect(p.files("locked")).toEqual(["graph.mmd"]);
    } finally {
      chmodSync(join(p.dir, "locked"), 0o755);
    }
    writeFileSync(join(p.dir, "file"), "");
    const under = p.run("graph", "--out", "file/graph.mmd");
    expect(under.status).toBe(1);
    expect(under.stderr).toContain("error BF1439: cannot write the graph to");
    const directory = p.run("graph", "--out", "locked");
    expect(directory.status).toBe(1);
    expect(directory.stderr).toMatch(
      /^error BF1439: cannot write the graph to .*\/locked: it is a directory\n {2}hint: give --out a file name, such as .*\/locked\/graph\.md\n$/,
    );
  });
});

describe("batchflow graph of a 400-job dag (pnpm bench draws 1,000)", () => {
  let p: CliProject;
  const { source, dependencies } = dagSource(400);
  beforeAll(() => {
    requireBuild();
    p = new CliProject().write("workflows/big.ts", source);
  });
  afterAll(() => p?.dispose());

  it("draws every job as a node and every after: dependency as an edge", () => {
    const r = p.run("graph", "big", "--format", "svg", "--out", "big.svg");
    // A worst-case run of this dag comes near the 25,000 history events: compile warns (BF1310).
    expect(r.stderr).toContain(`wrote svg of workflow big to ${join(p.dir, "big.svg")}\n`);
    expect(r.status).toBe(0);
    const svg = parseGraphSvg(p.read("big.svg"));
    expect(drawnJobs(svg)).toHaveLength(400);
    const edges = [...svg.edges.entries()].filter(([, classes]) => classes.includes("next")).map(([t]) => t);
    const between = edges.filter((e) => /^job-\S+->job-\S+$/.test(e));
    expect(between.sort()).toEqual(dependencies.map(([from, to]) => `job-${from}->job-${to}`).sort());
  });
});
