import { escapeHtml } from "./escape-html.js";
import type { JobRow, WorkflowGraph } from "./graph-model.js";
import { outcomeColors, outcomeMeanings } from "./graph-style.js";
import { formatMs, outcomeText } from "./job-labels.js";
import { renderSvg } from "./render-svg.js";

/**
 * One self-contained HTML page (no script, no external file): per workflow its SVG and a table of
 * its jobs, with their outcomes when the graph shows a run.
 */
export async function renderHtml(graphs: ReadonlyArray<WorkflowGraph>, title: string): Promise<string> {
  const sections: string[] = [];
  for (const graph of graphs) sections.push(await section(graph));
  const withOutcomes = graphs.some((g) => g.jobs.some((j) => j.outcome !== undefined));
  return `${[
    "<!doctype html>",
    '<html lang="en">',
    "<head>",
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(title)}</title>`,
    `<style>${style}</style>`,
    "</head>",
    "<body>",
    `<h1>${escapeHtml(title)}</h1>`,
    withOutcomes ? legend() : "",
    ...sections,
    "</body>",
    "</html>",
  ]
    .filter((line) => line !== "")
    .join("\n")}\n`;
}

async function section(graph: WorkflowGraph): Promise<string> {
  const svg = await renderSvg(graph);
  const withOutcomes = graph.jobs.some((j) => j.outcome !== undefined);
  const head = [
    "job",
    "image",
    "command",
    "timeout",
    "retry",
    "lock",
    ...(withOutcomes ? ["outcome", "time"] : []),
  ];
  const rows = graph.jobs.map((job) => row(job, withOutcomes));
  return [
    `<section id="${escapeHtml(`workflow-${graph.workflow}`)}" class="workflow">`,
    `<h2>${escapeHtml(graph.workflow)}</h2>`,
    graph.description === undefined ? "" : `<p>${escapeHtml(graph.description)}</p>`,
    `<figure class="graph">${svg.trimEnd()}</figure>`,
    '<table class="jobs">',
    `<thead><tr>${head.map((h) => `<th>${h}</th>`).join("")}</tr></thead>`,
    `<tbody>\n${rows.join("\n")}\n</tbody>`,
    "</table>",
    "</section>",
  ]
    .filter((line) => line !== "")
    .join("\n");
}

function row(job: JobRow, withOutcomes: boolean): string {
  const cells = [job.name, job.image, job.command, job.timeout, job.retry, job.lock].map(
    (c, i) => `<td${i === 2 || i === 1 ? ' class="code"' : ""}>${escapeHtml(c)}</td>`,
  );
  if (withOutcomes) {
    const outcome = job.outcome;
    cells.push(`<td class="outcome">${outcome === undefined ? "" : escapeHtml(outcomeText(outcome))}</td>`);
    cells.push(
      `<td>${outcome?.durationMs === undefined ? "" : escapeHtml(formatMs(outcome.durationMs))}</td>`,
    );
  }
  const status = job.outcome?.status;
  return `<tr data-job="${escapeHtml(job.name)}"${status === undefined ? "" : ` class="${status}"`}>${cells.join("")}</tr>`;
}

function legend(): string {
  const items = Object.entries(outcomeColors).map(
    ([status, { fill, stroke }]) =>
      `<li><span class="swatch" style="background:${fill};border-color:${stroke}"></span>${status}: ${escapeHtml(outcomeMeanings[status as keyof typeof outcomeMeanings])}</li>`,
  );
  return `<ul class="legend">${items.join("")}</ul>`;
}

const rowColors = Object.entries(outcomeColors)
  .map(([status, { fill }]) => `tr.${status} td{background:${fill}}`)
  .join("");

const style = [
  "body{font-family:system-ui,-apple-system,Segoe UI,Helvetica,Arial,sans-serif;margin:2rem;color:#1a202c}",
  "h1{font-size:1.4rem}h2{font-size:1.2rem;margin-top:2rem}",
  "figure.graph{margin:1rem 0;overflow:auto;border:1px solid #e2e8f0;border-radius:6px;padding:1rem}",
  "table.jobs{border-collapse:collapse;font-size:.85rem}",
  "table.jobs th,table.jobs td{border:1px solid #e2e8f0;padding:.3rem .5rem;text-align:left;vertical-align:top}",
  "td.code{font-family:ui-monospace,Menlo,Consolas,monospace}",
  "ul.legend{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:1rem;font-size:.85rem}",
  ".swatch{display:inline-block;width:1em;height:1em;border:2px solid;border-radius:3px;margin-right:.3em;vertical-align:middle}",
  rowColors,
].join("\n");
