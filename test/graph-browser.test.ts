/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// The HTML pages of `batchflow graph --format html` and `batchflow run --graph`, opened in a real
// browser: Debian's Chromium (the README's test line installs it), driven by playwright-core. Every
// job must be a visible node, every dependency an edge, and a failed job must show its colour.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CliProject, repoRoot, requireBuild, runCli, workflowFile } from "./support/cli-project.js";

const executablePath = "/usr/bin/chromium";
/** Written by scripts/ensure-chromium.mjs, which the test line runs first. */
const installStatus = join(repoRoot, "test/.tmp/chromium-install.json");

/** Waits for the background install the test line started, when there is one; Chromium must be there. */
async function chromiumInstalled(): Promise<void> {
  const status = () =>
    existsSync(installStatus)
      ? (JSON.parse(readFileSync(installStatus, "utf8")) as { state: string; log: string })
      : undefined;
  for (let waited = 0; status()?.state === "installing" && waited < 240; waited++) {
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  if (existsSync(executablePath)) return;
  const last = status();
  const install =
    last === undefined
      ? ""
      : ` (its install ${last.state === "installing" ? "is still running" : last.state}: see ${last.log})`;
  throw new Error(
    `${executablePath} is missing${install}: install Debian's chromium (apt-get install -y chromium, as root), as the test line does`,
  );
}

let browser: Browser;
beforeAll(async () => {
  requireBuild();
  await chromiumInstalled();
  browser = await chromium.launch({
    executablePath,
    // No sandbox as root; no background connections (this machine's network is closed to them).
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}, 300_000);
afterAll(async () => {
  await browser?.close();
});

/** What the page shows: each job node's box and fill, each edge's "from->to" (node ids). */
async function readPage(page: Page) {
  return page.evaluate(() => {
    const nodes = [...document.querySelectorAll("svg g.node.job")].map((g) => {
      const box = (g as SVGGElement).getBoundingClientRect();
      const shape = g.querySelector("path, polygon");
      return {
        id: g.id,
        classes: [...g.classList],
        width: box.width,
        height: box.height,
        visible: box.width > 0 && box.height > 0 && getComputedStyle(g).visibility !== "hidden",
        fill: shape === null ? "" : getComputedStyle(shape).fill,
      };
    });
    const edges = [...document.querySelectorAll("svg g.edge")].map((g) => ({
      title: g.querySelector("title")?.textContent ?? "",
      classes: [...g.classList],
      drawn: (g.querySelector("path")?.getTotalLength() ?? 0) > 0,
    }));
    const rows = [...document.querySelectorAll("table.jobs tbody tr")].map((tr) => ({
      job: tr.getAttribute("data-job"),
      status: tr.className,
      background: getComputedStyle(tr.querySelector("td") as Element).backgroundColor,
    }));
    return { nodes, edges, rows, title: document.title };
  });
}

describe("batchflow graph --format html in Chromium", () => {
  it("shows every job of the seed example as a node and every dependency as an edge", async () => {
    const p = new CliProject();
    try {
      const out = join(p.dir, "seed.html");
      const r = runCli(
        ["graph", "--format", "html", "--out", out],
        join(repoRoot, "examples/seed-migration"),
      );
      expect(r.status).toBe(0);
      const page = await browser.newPage();
      await page.goto(pathToFileURL(out).href);
      const shown = await readPage(page);
      await page.close();
      expect(shown.title).toBe("batchflow graph: ads-hourly, ads-report");
      expect(shown.nodes.map((n) => n.id).sort()).toEqual(["job-foo", "job-fuga", "job-hoge", "job-report"]);
      for (const node of shown.nodes) expect(node.visible).toBe(true);
      const between = shown.edges.filter((e) => e.drawn).map((e) => e.title);
      expect(between).toEqual(expect.arrayContaining(["job-hoge->job-fuga", "job-hoge->job-foo"]));
      expect(shown.rows.map((row) => row.job)).toEqual(["hoge", "fuga", "foo", "report"]);
    } finally {
      p.dispose();
    }
  });
});

describe("batchflow run --graph in Chromium", () => {
  let p: CliProject;
  beforeAll(() => {
    p = new CliProject().write(
      "workflows/w.ts",
      workflowFile(`export const w = workflow(
  "w",
  options,
  job("extract", { command: "true" })
    .then(parallel(
      job("flaky", { command: "test -f .tried || { touch .tried; exit 1; }" }).retry({ on: ["States.TaskFailed"], interval: "1s", maxAttempts: 2 }),
      job("broken", { command: "exit 3" }),
    ))
    .then(job("publish", { command: "true" })),
);`),
    );
  });
  afterAll(() => p?.dispose());

  it("colours each job by how it ended: failed, retried, succeeded, skipped", async () => {
    const r = p.run("run", "w", "--graph", "--time-scale", "0");
    expect(r.status).toBe(1);
    const path = /^graph: (.+)$/m.exec(r.stdout)?.[1];
    expect(path).toMatch(/^\.batchflow\/runs\/[^/]+\/graph\.html$/);
    const page = await browser.newPage();
    await page.goto(pathToFileURL(join(p.dir, path as string)).href);
    const shown = await readPage(page);
    await page.screenshot({ path: join(p.dir, "run-graph.png"), fullPage: true });
    await page.close();
    const byJob = new Map(shown.nodes.map((n) => [n.id.slice("job-".length), n]));
    expect([...byJob.keys()].sort()).toEqual(["broken", "extract", "flaky", "publish"]);
    for (const node of shown.nodes) expect(node.visible).toBe(true);
    expect(byJob.get("broken")?.classes).toEqual(["node", "job", "failed"]);
    expect(byJob.get("broken")?.fill).toBe("rgb(254, 215, 215)");
    expect(byJob.get("extract")?.fill).toBe("rgb(198, 246, 213)");
    expect(byJob.get("publish")?.classes).toContain("skipped");
    // flaky failed once; it ends retried, or stopped when broken failed first.
    expect(["retried", "failed"]).toContain(byJob.get("flaky")?.classes[2]);
    const drawn = shown.edges.filter((e) => e.drawn).map((e) => e.title);
    expect(drawn).toEqual(
      expect.arrayContaining([
        "job-extract->job-flaky",
        "job-extract->job-broken",
        "job-flaky->job-publish",
        "job-broken->job-publish",
      ]),
    );
    expect(shown.rows.find((row) => row.job === "broken")).toEqual({
      job: "broken",
      status: "failed",
      background: "rgb(254, 215, 215)",
    });
  });
});
