// `batchflow run` of map(): the built CLI runs throwaway projects whose items are real processes.
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "./support/cli-project.js";
import { readTrace, runCliWith, useRunProjects } from "./support/run-project.js";

const { project } = useRunProjects();
const helper = join(repoRoot, "packages/batchflow/bin/batchflow-output");

/**
 * The most processes that were running at once, from their own `start <id> <ns>` / `end <id> <ns>`
 * records: an end at the same instant as a start counts first.
 */
function mostAtOnce(records: string): { readonly most: number; readonly started: string[] } {
  const events = records
    .trim()
    .split("\n")
    .map((line) => {
      const [what, id, ns] = line.split(" ");
      return { what: what!, id: id!, at: BigInt(ns!) };
    })
    .sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.what === "end" ? -1 : 1));
  let running = 0;
  let most = 0;
  for (const e of events) {
    running += e.what === "start" ? 1 : -1;
    most = Math.max(most, running);
  }
  return { most, started: events.filter((e) => e.what === "start").map((e) => e.id) };
}

const recordItem =
  'echo "start $1 $(date +%s%N)" >> records.txt; sleep 0.3; echo "end $1 $(date +%s%N)" >> records.txt';

describe("batchflow run: map()", () => {
  it("runs a map of 20 items with concurrency 3: every item once, never more than 3 processes at once", () => {
    const p = project(`
import { item, map } from "@batchflow/batchflow";
export const w = workflow(
  "partitions",
  options,
  map(input("$.partitions"), (item) => job("process", { command: ["sh", "-c", ${JSON.stringify(recordItem)}, "sh", item("$.id")] }), {
    concurrency: 3,
  }),
);`);
    const partitions = Array.from({ length: 20 }, (_, i) => ({ id: `p${i + 1}` }));
    const run = runCliWith(
      ["run", "partitions", "--input", JSON.stringify({ partitions }), "--json", "trace.jsonl"],
      p.dir,
    );
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    const { most, started } = mostAtOnce(p.read("records.txt"));
    expect(started.sort()).toEqual(partitions.map((x) => x.id).sort());
    expect(most).toBe(3);
    const trace = readTrace(join(p.dir, "trace.jsonl"));
    const ended = trace.filter((e) => e.type === "JobEnded" && e.outcome === "succeeded");
    expect(ended.map((e) => e.item).sort((a, b) => Number(a) - Number(b))).toEqual(
      partitions.map((_, i) => i),
    );
    expect(run.stdout).toMatch(/^process +▶ started \(item 0\)$/m);
    // The summary counts the attempts of every item.
    expect(run.stdout).toMatch(/^process\s+succeeded \(20 items\)\s+20\s+\S+\s+0$/m);
    expect(trace.at(-1)?.type).toBe("ExecutionSucceeded");
  });

  it("maps over a job's output: batchflow-output writes the command's stdout to the file the runner names", () => {
    const p = project(`
import { item, map } from "@batchflow/batchflow";
const withRole = fargate({ image: "busybox", taskRole: "arn:aws:iam::000000000000:role/lister" });
const list = job("list", { output: true, task: withRole, command: [${JSON.stringify(helper)}, "sh", "-c", "echo '[{\\"day\\":\\"mon\\"},{\\"day\\":\\"tue\\"}]'"] });
export const w = workflow(
  "from-output",
  options,
  list.then(map(list, (item) => job("process", { command: ["sh", "-c", 'echo "$DAY" > "out-$DAY.txt"'], env: { DAY: item("$.day") } }))),
);`);
    const run = runCliWith(["run", "from-output"], p.dir);
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    expect(p.read("out-mon.txt")).toBe("mon\n");
    expect(p.read("out-tue.txt")).toBe("tue\n");
  });

  it("fails an output job that exits 0 without a JSON result, and one that fails, under the names it reports on AWS", () => {
    const p = project(`
export const silent = workflow("silent", options, job("list", { output: true, command: "true" }));
export const notJson = workflow("not-json", options, job("list", { output: true, command: [${JSON.stringify(helper)}, "echo", "not json"] }));
export const failing = workflow("failing", options, job("list", { output: true, command: [${JSON.stringify(helper)}, "sh", "-c", "exit 4"] }));`);
    const silent = runCliWith(["run", "silent"], p.dir);
    expect(silent.status).toBe(1);
    expect(silent.stdout).toMatch(
      /Batchflow\.OutputNotSent.*without writing its result to \$BATCHFLOW_OUTPUT_FILE/,
    );
    // The process exited 0, but the job did not give its result: it failed, in the summary too.
    expect(silent.stdout).toContain("list ✗ attempt 1 failed: Batchflow.OutputNotSent (exit code 0)");
    expect(silent.stdout).toMatch(/^list\s+failed\s+1\s+\S+\s+0$/m);
    const notJson = runCliWith(["run", "not-json"], p.dir);
    expect(notJson.status).toBe(1);
    expect(notJson.stdout).toMatch(/Batchflow\.OutputNotSent.*not JSON/);
    expect(notJson.stdout).toMatch(/^list\s+failed\s+1\s+\S+\s+0$/m);
    const failing = runCliWith(["run", "failing"], p.dir);
    expect(failing.status).toBe(1);
    expect(failing.stdout).toMatch(/Batchflow\.TaskFailed/);
  });

  it("stops the other items' processes when an item fails, and fails the run", () => {
    const p = project(`
import { item, map } from "@batchflow/batchflow";
export const w = workflow(
  "one-fails",
  options,
  map(input("$.items"), (item) => job("process", { command: ["sh", "-c", 'if [ "$1" = bad ]; then sleep 0.5; exit 3; fi; echo "$$" > "pid-$1"; sleep 25', "sh", item()] })),
);`);
    const run = runCliWith(
      ["run", "one-fails", "--input", '{"items":["a","b","bad"]}', "--json", "trace.jsonl"],
      p.dir,
    );
    expect(run.status).toBe(1);
    const ended = readTrace(join(p.dir, "trace.jsonl")).filter((e) => e.type === "JobEnded");
    expect(ended.map((e) => e.outcome).sort()).toEqual(["failed", "stopped", "stopped"]);
    // The job failed, because of item 2, whichever item was stopped last.
    expect(run.stdout).toMatch(/^process\s+failed \(item 2\)\s+3\s+\S+\s+3$/m);
  });

  it("refuses a map over s3Items(), which cannot be listed here (BF1535, exit 2)", () => {
    const p = project(`
import { item, map, s3Items } from "@batchflow/batchflow";
export const w = workflow("from-s3", options, map(s3Items({ bucket: "logs" }), (item) => job("parse", { command: "true", env: { KEY: item("$.Key") } }), { distributed: true }));`);
    const run = runCliWith(["run", "from-s3"], p.dir);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(
      'error BF1535: workflow "from-s3": map state "map-parse" reads its items from an S3 listing',
    );
  });
});
