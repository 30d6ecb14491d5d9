import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { readJobDurations } from "./job-durations.js";

const dir = mkdtempSync(join(tmpdir(), "bf-durations-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

const ended = (job: string, attempt: number, outcome: string, durationMs: number) =>
  JSON.stringify({ time: "2026-12-06T00:00:00.000Z", type: "JobEnded", job, attempt, outcome, durationMs });

describe("readJobDurations", () => {
  it("reads a { job: seconds } object", async () => {
    const d = await readJobDurations(file("d.json", '{ "a": 90, "b": 0 }'), dir, ["a", "b", "c"]);
    expect(d.source).toBe("durations");
    expect([...d.seconds]).toEqual([
      ["a", 90],
      ["b", 0],
    ]);
  });

  it("reads a map's items beside the jobs' seconds, by the map's state name", async () => {
    const d = await readJobDurations(
      file("m.json", '{ "a": 90, "map-a": { "items": 12 } }'),
      dir,
      ["a"],
      ["map-a"],
    );
    expect([...d.seconds]).toEqual([["a", 90]]);
    expect([...d.items]).toEqual([["map-a", 12]]);
    await expect(
      readJobDurations(file("m2.json", '{ "map-a": { "items": 1.5 } }'), dir, ["a"], ["map-a"]),
    ).rejects.toThrow(/not \{ "items": <whole number> \}/);
    await expect(
      readJobDurations(file("m3.json", '{ "map-b": { "items": 2 } }'), dir, ["a"], ["map-a"]),
    ).rejects.toThrow(/"map-b", which no workflow or scheduled task explained here has/);
  });

  it("takes from a trace the attempt that succeeded, else the longest", async () => {
    const trace = [
      JSON.stringify({ time: "2026-12-06T00:00:00.000Z", type: "ExecutionStarted", workflow: "w" }),
      ended("a", 1, "timed-out", 60_000),
      ended("a", 2, "succeeded", 12_500),
      ended("b", 1, "failed", 3_000),
      ended("b", 2, "failed", 4_000),
      JSON.stringify({ time: "2026-12-06T00:01:00.000Z", type: "ExecutionFailed", error: "x", cause: "y" }),
    ].join("\n");
    const d = await readJobDurations(file("trace.jsonl", `${trace}\n`), dir, ["a", "b"]);
    expect(d.source).toBe("trace");
    expect(Object.fromEntries(d.seconds)).toEqual({ a: 12.5, b: 4 });
  });

  it("reads a one-line trace as a trace, not as a durations object", async () => {
    const d = await readJobDurations(file("one.jsonl", ended("a", 1, "succeeded", 2_000)), dir, ["a"]);
    expect(d.source).toBe("trace");
    expect(d.seconds.get("a")).toBe(2);
  });

  it("rejects what is neither, and names a job no workflow has", async () => {
    await expect(readJobDurations(file("list.json", "[1, 2]"), dir, ["a"])).rejects.toMatchObject({
      code: "BF1433",
    });
    await expect(readJobDurations(file("text.txt", "hoge 10\n"), dir, ["a"])).rejects.toMatchObject({
      code: "BF1433",
    });
    await expect(readJobDurations(file("neg.json", '{ "a": -1 }'), dir, ["a"])).rejects.toMatchObject({
      code: "BF1433",
    });
    await expect(readJobDurations(file("typo.json", '{ "hgoe": 1 }'), dir, ["hoge"])).rejects.toMatchObject({
      code: "BF1434",
      message: expect.stringContaining("hgoe"),
    });
    await expect(readJobDurations(join(dir, "missing.json"), dir, ["a"])).rejects.toMatchObject({
      code: "BF1432",
    });
  });
});
