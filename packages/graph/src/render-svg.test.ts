import { job, parallel } from "@batchflow/core";
import { describe, expect, it } from "vitest";
import { sources } from "./graph-test-support.js";
import { jobGraph } from "./job-graph.js";
import { renderSvg } from "./render-svg.js";

/** The SVG's node groups (id -> class) and edges (title "from->to" -> class), as Graphviz wrote them. */
function parseSvg(text: string) {
  const svg = text.replace(/&#45;/g, "-");
  const nodes = new Map<string, string>();
  const edges = new Map<string, string>();
  for (const m of svg.matchAll(/<g id="([^"]+)" class="(node[^"]*)">\s*<title>([^<]*)<\/title>/g))
    nodes.set(m[1]!, m[2]!);
  for (const m of svg.matchAll(/<g id="([^"]+)" class="(edge[^"]*)">\s*<title>([^<]*)<\/title>/g)) {
    edges.set(m[3]!.replace(/&gt;/g, ">"), m[2]!);
  }
  return { nodes, edges };
}

describe("renderSvg", () => {
  it("lays the graph out with Graphviz (WebAssembly): every job a node with its id, every dependency an edge", async () => {
    const { node, resolved } = sources(
      job("a")
        .then(parallel(job("b"), job("c")))
        .catch(["States.ALL"], job("alert")),
    );
    const svg = await renderSvg(
      jobGraph(node, resolved, new Map([["b", { status: "failed", attempts: 1 }]])),
    );
    expect(svg.startsWith("<svg")).toBe(true);
    const { nodes, edges } = parseSvg(svg);
    expect([...nodes.keys()].filter((id) => id.startsWith("job-")).sort()).toEqual([
      "job-a",
      "job-alert",
      "job-b",
      "job-c",
    ]);
    expect(nodes.get("job-b")).toBe("node job failed");
    expect(nodes.get("job-c")).toBe("node job");
    expect(edges.get("job-a->job-b")).toBe("edge next");
    expect(edges.get("job-a->job-c")).toBe("edge next");
    // The catch is on the whole sequence: its edge leaves the group's box.
    expect([...edges.entries()].filter(([, cls]) => cls === "edge catch").map(([t]) => t)).toEqual([
      "job-a->job-alert",
    ]);
    expect(svg).toContain('id="cluster_group"');
    // The failed job's fill is the failure colour.
    expect(svg).toMatch(/<g id="job&#45;b" class="node job failed">[\s\S]*?fill="#fed7d7"/);
  });

  it("escapes what users write: quotes, ampersands and angle brackets in commands", async () => {
    const { node, resolved } = sources(job("a", { command: `echo "<b>&done" > out.txt` }));
    const svg = await renderSvg(jobGraph(node, resolved));
    expect(svg).toContain("echo &quot;&lt;b&gt;&amp;done&quot; &gt; out.txt");
  });
});
